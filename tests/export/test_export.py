"""Round trip: export a dossier, verify it, open it, search it — the same as the source."""

import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from export.opened import ReadOnlyExport, open_export
from export.verify import verify_export
from ingest.pipeline import IngestOptions, Ingestor
from ingest.sample import generate, write
from lineage import build_trace
from search.embedded import EmbeddedIndex
from search.indexer import Indexer
from search.models import Filters, SearchQuery
from search.service import search
from store.checkpoint import CheckpointLog
from store.factory import open_store
from store.records import Store
from tests.export.helpers import export_to, small_dossier, unzip

KEY = Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    root = tmp_path_factory.mktemp("corpus")
    write(generate(seed=1, dossiers=2), root)  # a seed whose corpus has later versions
    store = open_store(str(root / "store"))
    for batch in ("dossiers", "updates"):
        report = Ingestor(store, IngestOptions(actor="test", workers=1)).ingest_path(root / batch)
        assert report.not_stored == 0
    return root, store


def _versions(store: Store, dossier_id: str) -> dict[tuple[str, int], str]:
    """Every version's record as JSON, with readings applied (what users are shown)."""
    return {
        (r.doc_id, r.version): store.effective(r).model_dump_json()
        for d in store.list_documents(dossier_id)
        for r in store.list_versions(dossier_id, d)
    }


def test_round_trip_of_a_sample_dossier(corpus: tuple[Path, Store], tmp_path: Path) -> None:
    _root, source = corpus
    dossier_id = max(
        sorted(source.list_dossiers()),
        key=lambda d: max(version for _doc, version in _versions(source, d)),
    )
    out = tmp_path / "export.zip"
    assert any(version > 1 for _doc, version in _versions(source, dossier_id))
    summary = export_to(source, dossier_id, out, KEY)
    assert summary.trace and summary.versions == len(_versions(source, dossier_id))

    report = verify_export(out, KEY.public_key())
    assert report.ok, report.problems
    assert report.key_source == "given" and report.trace

    opened = open_export(out, tmp_path / "open", KEY.public_key())
    copy = opened.store
    assert list(copy.list_dossiers()) == [dossier_id]
    assert copy.get_dossier(dossier_id) == source.get_dossier(dossier_id)
    assert _versions(copy, dossier_id) == _versions(source, dossier_id)
    for doc_id in source.list_documents(dossier_id):
        for record in source.list_versions(dossier_id, doc_id):
            assert copy.get_parse(record.sha256) == source.get_parse(record.sha256)
            with copy.open_blob(record.sha256) as a, source.open_blob(record.sha256) as b:
                assert a.read() == b.read()

    trace = json.loads((opened.bag / "data/trace/trace.json").read_text())
    assert trace == build_trace(source, dossier_id).model_dump(mode="json")
    assert build_trace(copy, dossier_id) == build_trace(source, dossier_id)
    prov = json.loads((opened.bag / "data/trace/trace.prov.json").read_text())
    assert "entity" in prov and "prefix" in prov

    # search the opened export like the source: the same hits for the same query
    source_index = EmbeddedIndex(tmp_path / "source-index")
    Indexer(source, source_index).reindex()
    for text in ("veiligheidsnorm", "topgevel", "woning"):
        query = SearchQuery(text=text, filters=Filters(dossier_ids=[dossier_id]), limit=100)
        got = search(opened.index, query, None)
        want = search(source_index, query, None)
        assert got.total == want.total
        assert {h.id for h in got.hits} == {h.id for h in want.hits}
    assert search(opened.index, SearchQuery(text="woning"), None).total > 0

    with pytest.raises(ReadOnlyExport):
        copy.put_blob_bytes(b"new facts do not belong in an export")


def test_export_on_both_backends(store: Store, tmp_path: Path) -> None:
    small_dossier(store)
    out = tmp_path / "D-1.zip"
    summary = export_to(store, "D-1", out, KEY, trace=False)
    assert (summary.documents, summary.versions) == (2, 3)
    report = verify_export(out, KEY.public_key())
    assert report.ok, report.problems
    assert not report.trace  # an export without the trace still verifies
    bag = unzip(out, tmp_path / "x")
    descriptor = json.loads((bag / "data/export.json").read_text())
    events = {json.loads(p.read_text())["target"] for p in (bag / "data/audit/events").iterdir()}
    assert "dossier:OTHER" not in events and "dossier:D-1" in events
    exported = store.audit.get(descriptor["export_event_seq"])
    assert exported.action == "dossier.exported" and exported.actor == "exporter"
    checkpoints = CheckpointLog(store.backend)
    latest = checkpoints.latest()
    assert latest is not None and latest.tree_size >= exported.seq
    assert checkpoints.verify(KEY.public_key()).ok
    # a second export later: a new checkpoint, consistent with the first
    store.audit.append("reviewer1", "dossier.viewed", "dossier:D-1")
    export_to(store, "D-1", tmp_path / "again.zip", KEY, trace=False)
    assert verify_export(tmp_path / "again.zip", KEY.public_key()).ok
    again = checkpoints.verify(KEY.public_key())
    assert again.ok and again.checkpoints == 2


def test_as_of_leaves_out_later_versions(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "store"))
    small_dossier(store)
    from export.build import export_dossier  # noqa: PLC0415

    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    out = tmp_path / "old.zip"
    summary = export_dossier(
        store,
        "D-1",
        out,
        KEY,
        lambda d: store.audit.append("x", "dossier.exported", "dossier:D-1", d),
        "x",
        as_of=yesterday,
    )
    assert summary.versions == 0  # everything in this dossier was ingested today
    report = verify_export(out, KEY.public_key())
    assert report.ok, report.problems
    descriptor = json.loads((unzip(out, tmp_path / "x") / "data/export.json").read_text())
    assert descriptor["as_of"] == yesterday.isoformat()
