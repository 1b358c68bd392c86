"""OpenSearch specifics: the URL forms, the request body (pure), and an index of an older
mapping, which must be rebuilt rather than queried wrongly."""

import datetime as dt
import uuid

import pytest

from search.documents import IndexDoc
from search.errors import SearchError
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
        with pytest.raises(SearchError, match="navolg reindex"):
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
