"""Ingest of the sample corpus: the accuracy targets, scans, attachments and later versions."""

import json
from pathlib import Path

from ingest.sample.model import FileTruth
from ingest.sample.score import Score, score
from store.records import Store


def _truth(root: Path) -> list[FileTruth]:
    data = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    return [FileTruth.model_validate(f) for f in data["files"]]


def test_accuracy_targets(ingested: tuple[Path, Store]) -> None:
    root, store = ingested
    pairs = [(t, store.get_version(t.dossier_id, t.doc_id, t.version)) for t in _truth(root)]
    result: Score = score(pairs)
    print("\n" + result.table())
    assert result.doc_type.accuracy >= 0.98, result.doc_type.misses
    assert result.verdict.accuracy == 1.0, result.verdict.misses
    for name in ("components", "materials", "measurements"):
        assert getattr(result, name).f1 >= 0.95, getattr(result, name).misses
    assert result.document_date.accuracy >= 0.95, result.document_date.misses


def test_scans_attachments_and_versions(ingested: tuple[Path, Store]) -> None:
    root, store = ingested
    truths = _truth(root)
    scanned = [t for t in truths if t.scanned_pages]
    assert scanned
    for t in scanned:
        parse = store.get_parse(store.get_version(t.dossier_id, t.doc_id).sha256)
        assert parse is not None and parse.ocr is not None and parse.ocr.language == "nld"
        assert all(term in parse.text for term in t.terms), t.doc_id
    children = [t for t in truths if t.parent]
    for t in children:
        record = store.get_version(t.dossier_id, t.doc_id)
        assert record.parent is not None and record.parent.doc_id == t.parent
    updated = [t for t in truths if t.version == 2]
    for t in updated:
        versions = store.list_versions(t.dossier_id, t.doc_id)
        assert [v.version for v in versions] == [1, 2]
    # DESIGN.md: the effective date is the document's own date, else the manifest's
    registered = [t for t in truths if t.registered_date and t.batch == "dossiers"]
    assert any(not t.document_date for t in registered)
    for t in registered:
        record = store.get_version(t.dossier_id, t.doc_id, t.version)
        assert record.registered_date is not None
        expected = t.document_date or t.registered_date
        assert record.effective_at.date().isoformat() == expected, t.doc_id


def test_dossiers_get_their_address(ingested: tuple[Path, Store]) -> None:
    root, store = ingested
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    for dossier in truth["dossiers"]:
        address = store.get_dossier(dossier["dossier_id"]).address
        assert address is not None and address.postcode == dossier["address"]["postcode"]
