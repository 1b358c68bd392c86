"""OpenSearch specifics: the URL forms, the request body (pure), and an index of an older
mapping, which must be rebuilt rather than queried wrongly."""

import datetime as dt
import uuid

import pytest

from search.documents import IndexDoc
from search.errors import IndexOutdated, SearchError
from search.models import SearchQuery
from search.opensearch import MAPPING_VERSION, OpenSearchIndex
from search.query import parse
from search.service import search
from tests.conftest import OPENSEARCH_URL

NOW = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def test_url_forms() -> None:
    index = OpenSearchIndex.from_url(
        "opensearch+https://jan:geheim%21@search.example:9443?prefix=nv&shards=3&replicas=1"
    )
    assert (index.alias, index.shards, index.replicas) == ("nv", 3, 1)
    connection = index.client.transport.get_connection()
    assert connection.host == "https://search.example:9443"
    plain = OpenSearchIndex.from_url("opensearch+http://127.0.0.1:9200")
    assert (plain.alias, plain.shards, plain.replicas) == ("navolg", 1, 0)


def test_access_is_a_filter_clause_of_every_body() -> None:
    index = OpenSearchIndex.from_url("opensearch+http://127.0.0.1:9200")
    allowed = frozenset({"D2", "D1"})
    for text in ["", "topgevel", '"voldoet niet" -dakkapel', "bereken* OR gevel"]:
        body = index.body(SearchQuery(text=text), parse(text), allowed)
        assert {"terms": {"dossier_id": ["D1", "D2"]}} in body["query"]["bool"]["filter"]
    nobody = index.body(SearchQuery(), parse(""), frozenset())
    assert {"terms": {"dossier_id": []}} in nobody["query"]["bool"]["filter"]


def test_deep_paging_uses_search_after_not_from() -> None:
    index = OpenSearchIndex.from_url("opensearch+http://127.0.0.1:9200")
    first = index.body(SearchQuery(text="gevel"), parse("gevel"), None)
    assert "from" not in first and first["sort"][-1] == {"id": "asc"}  # a total order


def test_an_index_of_an_older_mapping_asks_for_a_rebuild() -> None:
    alias = f"navolg-test-{uuid.uuid4().hex[:10]}"
    index = OpenSearchIndex.from_url(f"opensearch+{OPENSEARCH_URL}?prefix={alias}")
    old = f"{alias}-old"
    index.client.indices.create(index=old, body={"mappings": {"properties": {}}})
    index.client.indices.put_alias(index=old, name=alias)
    try:
        with pytest.raises(IndexOutdated, match="navolg reindex"):
            search(index, SearchQuery(text="gevel"), None)
        doc = IndexDoc(
            id="D1/a.txt@1",
            dossier_id="D1",
            doc_id="a.txt",
            version=1,
            ingested_at=NOW,
            valid_from=NOW,
            pages=["een gevel"],
        )
        assert index.rebuild([doc]) == 1
        assert not index.client.indices.exists(index=old)  # the old index went with the swap
        fresh = OpenSearchIndex.from_url(f"opensearch+{OPENSEARCH_URL}?prefix={alias}")
        assert search(fresh, SearchQuery(text="gevel"), None).total == 1
        mappings = fresh.client.indices.get_mapping(index=alias)
        assert [m["mappings"]["_meta"]["navolg_mapping"] for m in mappings.values()] == [
            MAPPING_VERSION
        ]
    finally:
        index.drop()
        index.client.indices.delete(index=old, ignore_unavailable=True)


class _FlakyBulk:
    """A client whose first bulk turns the second document away for load (429)."""

    def __init__(self, refuse: bool = False) -> None:
        self.bodies: list[bytes] = []
        self.refuse = refuse

    def bulk(self, body: bytes, filter_path: str) -> dict[str, object]:
        self.bodies.append(body)
        count = body.count(b"\n") // 2
        if self.refuse:
            return {"errors": True, "items": [{"index": {"status": 400, "error": "mapping"}}]}
        statuses = [201] * count
        if len(self.bodies) == 1:
            statuses[1] = 429
        return {"errors": 429 in statuses, "items": [{"index": {"status": s}} for s in statuses]}


def _doc(number: int) -> IndexDoc:
    return IndexDoc(
        id=f"D1/{number}.txt@1",
        dossier_id="D1",
        doc_id=f"{number}.txt",
        version=1,
        ingested_at=NOW,
        valid_from=NOW,
        pages=[f"een topgevel nummer {number}"],
    )


def test_bulk_sends_load_refusals_again_and_counts_each_document_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("search.opensearch.time.sleep", lambda _s: None)
    client = _FlakyBulk()
    index = OpenSearchIndex(client, alias="x")
    assert index._bulk("x-1", [_doc(n) for n in range(3)]) == 3
    first, again = client.bodies
    assert first.count(b"\n") == 6
    assert again.count(b"\n") == 2 and b'"D1/1.txt@1"' in again  # only the refused one
    assert b'"exact":"een topgevel nummer 1"' in again
    assert (
        b'"stems":"' + " ".join(index.analyzers.stem.analyze("een topgevel nummer 1")).encode()
        in again
    )


def test_bulk_raises_on_a_refused_document() -> None:
    index = OpenSearchIndex(_FlakyBulk(refuse=True), alias="x")
    with pytest.raises(SearchError, match="refused"):
        index._bulk("x-1", [_doc(1)])


def test_a_rebuild_with_concurrent_bulk_requests_indexes_every_document_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Many small bulk requests, two at the cluster at once: every document arrives, once."""
    monkeypatch.setattr("search.opensearch.CHUNK_DOCS", 3)
    monkeypatch.setattr("search.opensearch.REBUILD_SENDERS", 2)
    alias = f"navolg-test-{uuid.uuid4().hex[:10]}"
    index = OpenSearchIndex.from_url(f"opensearch+{OPENSEARCH_URL}?prefix={alias}")
    try:
        assert index.rebuild([_doc(n) for n in range(40)]) == 40
        assert index.ids() == {f"D1/{n}.txt@1" for n in range(40)}
        assert search(index, SearchQuery(text="topgevel", limit=100), None).total == 40
    finally:
        index.drop()


def test_concurrent_bulk_requests_raise_on_a_refused_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("search.opensearch.CHUNK_DOCS", 1)
    index = OpenSearchIndex(_FlakyBulk(refuse=True), alias="x")
    with pytest.raises(SearchError, match="refused"):
        index._bulk("x-1", [_doc(n) for n in range(5)], senders=2)
