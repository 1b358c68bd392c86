"""Processes that find no index at once must end up sharing one (issue 9: uploads at once).

Each used to make its own index and put the alias on it; putting an alias never fails, so two
that met left the alias over two indices, and OpenSearch refuses writes to such an alias.
"""

import datetime as dt
import uuid
from concurrent.futures import ThreadPoolExecutor

from search.documents import IndexDoc
from search.opensearch import OpenSearchIndex
from tests.conftest import OPENSEARCH_URL


def test_first_writers_at_once_share_one_index() -> None:
    url = f"opensearch+{OPENSEARCH_URL}?prefix=navolg-test-ops-alias-{uuid.uuid4().hex[:10]}"
    now = dt.datetime.now(dt.UTC)

    def write(number: int) -> None:
        doc = IndexDoc(
            id=f"D/x{number}@1",
            dossier_id="D",
            doc_id=f"x{number}",
            version=1,
            ingested_at=now,
            valid_from=now,
            pages=["een brief"],
        )
        OpenSearchIndex.from_url(url).upsert([doc])  # each its own client, as processes

    index = OpenSearchIndex.from_url(url)
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            list(pool.map(write, range(6)))  # raises what any writer raised
        assert len(index.client.indices.get_alias(name=index.alias)) == 1
        assert index.ids() == {f"D/x{n}@1" for n in range(6)}
    finally:
        index.drop()
