"""Property-based fuzzing of the whole HTTP API from its own OpenAPI description (schemathesis),
against the real app served by uvicorn on a real S3 store (SeaweedFS) and a real OpenSearch
index: no 5xx, and every response matches what the description declares (status, content type,
headers, body). The examples per operation are bounded so the run stays well under two minutes.

The description is taken from an app built on a throwaway local store at import time (the
description does not depend on the services); schemathesis' lazy fixture loader does not work
with pytest 9.2 (it sets `request.node._nodeid`, which pytest no longer has)."""

import datetime as dt
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
import uvicorn
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from api.app import create_app
from api.settings import Settings
from search.embedded import EmbeddedIndex
from search.indexer import Indexer
from search.opensearch import OpenSearchIndex
from store.access import AccessRecords
from store.checkpoint import generate_key
from store.factory import open_store
from tests.api.test_api import NOW, PASSWORD_HASH, _doc
from tests.conftest import OPENSEARCH_URL, S3_ENDPOINT, drop_bucket, s3_client

EXAMPLES = 10  # per operation, after the deterministic coverage cases


def _description() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="navolg-openapi-") as tmp:
        app = create_app(Settings(store=tmp), open_store(tmp), EmbeddedIndex(Path(tmp) / "ix"))
        return app.openapi()


# A search cursor is signed: one of the declared shape that we did not hand out is refused as
# bad input (400), not an error of the fuzzer's valid data. An upload's doc_id that fits the
# declared rule (400 characters) can still be too long as a store key once percent-encoded
# (non-ASCII); that is a clear 422, which JSON Schema cannot express. Only these operations.
CONFIG = SchemathesisConfig.from_str("""
[[operations]]
include-path = "/api/v1/search"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404"]

[[operations]]
include-path = "/api/v1/dossiers/{dossier_id}/documents"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]
""")
schema = schemathesis.openapi.from_dict(_description(), config=CONFIG)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, dict[str, str], FastAPI]]:
    """The app on SeaweedFS and OpenSearch, served over HTTP on a free local port."""
    bucket = f"navolg-test-{uuid.uuid4().hex[:12]}"
    url = f"s3://{bucket}?endpoint={S3_ENDPOINT}"
    store = open_store(url)
    _doc(store, "D1", "besluit.txt", "Besluit: de topgevel voldoet niet aan de veiligheidsnorm.")
    _doc(store, "D2", "brief.txt", "Brief over een schoorsteen en een topgevel.")
    access = AccessRecords(store)
    tokens = {}
    for user, role in [("admin", "admin"), ("law", "lawyer")]:
        access.put_user(user, "setup", role=role, password_hash=PASSWORD_HASH)  # type: ignore[arg-type]
        tokens[user] = access.issue_token(user, "setup").secret
    access.add_grant("law", "D1", "cliënt", NOW, NOW + dt.timedelta(days=30), "admin")
    index = OpenSearchIndex.from_url(f"opensearch+{OPENSEARCH_URL}?prefix={bucket}")
    Indexer(store, index).reindex()
    key = tmp_path_factory.mktemp("fuzz") / "signing.pem"
    generate_key(key)  # exports are part of the API: configured, so they are fuzzed too
    app = create_app(Settings(store=url, max_upload_mb=1, signing_key=key), store, index)
    port = _free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    while not uv.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", tokens, app
    finally:
        uv.should_exit = True
        thread.join(10)
        index.drop()
        drop_bucket(s3_client(), bucket)


def test_the_served_description_is_the_fuzzed_one(
    server: tuple[str, dict[str, str], FastAPI],
) -> None:
    served = requests.get(f"{server[0]}/openapi.json", timeout=10).json()
    assert served == schema.raw_schema


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_description(
    case: Any, server: tuple[str, dict[str, str], FastAPI]
) -> None:
    base, tokens, _ = server
    # An upload parses in a worker process: on two busy shared cores that can take seconds.
    case.call_and_validate(
        base_url=base, headers={"Authorization": f"Bearer {tokens['admin']}"}, timeout=60
    )
