"""The embedded index shared by several processes: one writer at a time, readers follow."""

import datetime as dt
import multiprocessing
import threading
import time
from pathlib import Path

import pytest
import tantivy

from search import embedded
from search.documents import IndexDoc
from search.embedded import SCHEMA_VERSION, EmbeddedIndex
from search.errors import IndexUnavailable
from search.models import SearchQuery
from search.service import search

NOW = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def _doc(dossier: str, number: int, text: str) -> IndexDoc:
    return IndexDoc(
        id=f"{dossier}/doc{number}.txt@1",
        dossier_id=dossier,
        doc_id=f"doc{number}.txt",
        version=1,
        ingested_at=NOW,
        valid_from=NOW,
        pages=[text],
    )


def _writer_process(path: str, dossier: str, count: int) -> None:
    index = EmbeddedIndex(Path(path))
    for number in range(count):
        index.upsert([_doc(dossier, number, f"verslag {dossier.lower()} nummer {number}")])


def test_two_processes_write_the_same_folder(tmp_path: Path) -> None:
    reader = EmbeddedIndex(tmp_path)  # opened before anything is written
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_writer_process, args=(str(tmp_path), name, 15))
        for name in ("PA", "PB")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    assert len(reader.ids()) == 30
    results = search(reader, SearchQuery(text="verslag", limit=100), None)
    assert results.total == 30
    assert {h.dossier_id for h in results.hits} == {"PA", "PB"}


def _hold_writer(index: EmbeddedIndex, taken: threading.Event, seconds: float) -> None:
    """Take the writer, keep it a while, drop it (tantivy frees the lock with the writer)."""
    writer = index._writer()
    taken.set()
    time.sleep(seconds)
    del writer


def test_a_writer_waits_for_the_lock_and_then_writes(tmp_path: Path) -> None:
    first, second = EmbeddedIndex(tmp_path), EmbeddedIndex(tmp_path)
    taken = threading.Event()
    holder = threading.Thread(target=_hold_writer, args=(first, taken, 0.5))
    holder.start()
    assert taken.wait(10)
    started = time.monotonic()
    second.upsert([_doc("D1", 1, "schoorsteen")])
    holder.join()
    assert time.monotonic() - started >= 0.3
    assert search(first, SearchQuery(text="schoorsteen"), None).total == 1


def test_a_lock_held_too_long_is_index_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = EmbeddedIndex(tmp_path), EmbeddedIndex(tmp_path)
    held = first._writer()
    monkeypatch.setattr(embedded, "LOCK_WAIT_S", 0.3)
    with pytest.raises(IndexUnavailable, match="locked"):
        second.upsert([_doc("D1", 1, "schoorsteen")])
    del held


def test_an_index_of_an_older_schema_is_left_alone(tmp_path: Path) -> None:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=True)
    old = tantivy.Index(builder.build(), path=str(tmp_path))  # files right in the folder
    writer = old.writer()
    writer.add_document(tantivy.Document(body="oude inhoud"))
    writer.commit()
    writer.wait_merging_threads()
    index = EmbeddedIndex(tmp_path)
    assert index.ids() == set()
    index.upsert([_doc("D1", 1, "nieuwe inhoud")])
    assert (tmp_path / f"schema-{SCHEMA_VERSION}").is_dir()
    assert search(index, SearchQuery(text="inhoud"), None).total == 1
