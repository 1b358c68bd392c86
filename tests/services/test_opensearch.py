"""The OpenSearch node started by scripts/services.sh is real and has Dutch analysis.

The search issue builds on exactly this: the Dutch stemmer and the dictionary decompounder
come from the analysis-common module that the services script adds to the node.
"""

import json
import urllib.request
from typing import Any

from tests.conftest import OPENSEARCH_URL


def call(path: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        OPENSEARCH_URL + path, data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)


def test_cluster_is_healthy_and_local() -> None:
    health = call("/_cluster/health")
    assert health["status"] in ("green", "yellow")
    info = call("/")
    assert info["version"]["number"].startswith("2.19.")


def test_dutch_stemming_and_compound_splitting() -> None:
    result = call(
        "/_analyze",
        {
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                {"type": "dictionary_decompounder", "word_list": ["gevel", "top", "breedte"]},
                {"type": "stemmer", "language": "dutch"},
            ],
            "text": "Topgevel berekeningen",
        },
    )
    tokens = {t["token"] for t in result["tokens"]}
    assert {"gevel", "top", "bereken"} <= tokens
