"""Ingest never fails to store because the index is down; the next run catches up and says so."""

import uuid
from pathlib import Path

from ingest.pipeline import IngestOptions, Ingestor
from search.embedded import EmbeddedIndex
from search.indexer import Indexer
from search.models import SearchQuery
from search.opensearch import OpenSearchIndex
from search.service import search
from store.factory import open_store
from tests.conftest import OPENSEARCH_URL
from tests.ingest.files import write_dossier


def test_outage_then_catch_up(tmp_path: Path) -> None:
    write_dossier(tmp_path / "in")
    store = open_store(str(tmp_path / "store"))
    down = Indexer(
        store, OpenSearchIndex.from_url("opensearch+http://127.0.0.1:1?prefix=navolg-down")
    )
    first = Ingestor(store, IngestOptions(actor="t"), down).ingest_path(tmp_path / "in")
    assert first.not_stored == 0 and first.documents_new == len(first.items)
    assert first.not_indexed == first.documents_new
    assert any("could not be indexed" in note for note in first.notes)
    index = OpenSearchIndex.from_url(
        f"opensearch+{OPENSEARCH_URL}?prefix=navolg-test-{uuid.uuid4().hex[:10]}"
    )
    try:
        (tmp_path / "in" / "GRN-1" / "nieuw.txt").write_text(
            "Een nagekomen brief.", encoding="utf-8"
        )
        second = Ingestor(store, IngestOptions(actor="t"), Indexer(store, index)).ingest_path(
            tmp_path / "in"
        )
        assert second.not_indexed == 0
        assert any(f"caught up {first.documents_new}" in note for note in second.notes), (
            second.notes
        )
        assert len(index.ids()) == first.documents_new + 1
        assert search(index, SearchQuery(text="gevelbreedte"), None).total == 1
    finally:
        index.drop()


def test_embedded_index_follows_ingest(tmp_path: Path) -> None:
    write_dossier(tmp_path / "in")
    store = open_store(str(tmp_path / "store"))
    index = EmbeddedIndex(tmp_path / "index")
    report = Ingestor(store, IngestOptions(actor="t"), Indexer(store, index)).ingest_path(
        tmp_path / "in"
    )
    assert report.not_indexed == 0
    hits = search(index, SearchQuery(text='"notitie in zip"'), None).hits
    assert [h.doc_id for h in hits] == [
        "mail/bericht.eml/stukken.zip/a/notitie.txt"
    ]  # attachment-only
