"""Ingest never fails to store because the index is down; the next run catches up and says so."""

import json
import socket
import uuid
from pathlib import Path

import pytest

from ingest.pipeline import INDEX_PENDING, IngestOptions, Ingestor, _stamp
from search.embedded import EmbeddedIndex
from search.indexer import Indexer
from search.models import SearchQuery
from search.opensearch import OpenSearchIndex
from search.service import search
from store import Store, StoreError, VersionMeta
from store.factory import open_store
from store.reconcile import unaudited
from tests.conftest import OPENSEARCH_URL
from tests.ingest.files import write_dossier
from tests.store.test_reconcile import DiesBeforeLogging


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


def test_a_run_that_died_between_record_and_event_is_reconciled_by_the_next(
    tmp_path: Path,
) -> None:
    """The store went away after a version record was created and before its audit event
    (a run that died there leaves its marker open): the next run logs the record, once."""
    write_dossier(tmp_path / "in")
    store = open_store(str(tmp_path / "store"))
    dying = Store(store.backend, DiesBeforeLogging(store.backend))
    with pytest.raises(StoreError):
        dying.add_version("GRN-1", "los.txt", store.put_blob_bytes(b"los"), VersionMeta(), "t")
    owner = {"host": socket.gethostname(), "pid": 2**22 + 1}  # above pid_max: no such process
    marker = f"{INDEX_PENDING}{_stamp(store.clock())}-died.json"
    store.backend.create(marker, json.dumps(owner).encode())
    assert len(unaudited(store)) == 1
    index = EmbeddedIndex(tmp_path / "index")
    first = Ingestor(store, IngestOptions(actor="t"), Indexer(store, index)).ingest_path(
        tmp_path / "in"
    )
    assert any("logged 1 record(s)" in note for note in first.notes), first.notes
    assert unaudited(store) == []
    second = Ingestor(store, IngestOptions(actor="t"), Indexer(store, index)).ingest_path(
        tmp_path / "in"
    )
    assert not any("logged" in note for note in second.notes), second.notes
    assert store.audit.verify().ok
