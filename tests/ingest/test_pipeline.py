"""End to end through the real parsers, on a local folder store and on SeaweedFS."""

import json
import subprocess
import sys
from pathlib import Path

from ingest.formats import Limits
from ingest.ledger import Ledger
from ingest.pipeline import IngestOptions, Ingestor, IngestReport, failed_versions
from store.records import Store
from tests.ingest.files import eml_bytes, pdf_bytes, write_dossier, zip_bytes
from tests.ingest.hanging_job import hang_on_marker


def _ingest(store: Store, path: Path, **options: object) -> IngestReport:
    return Ingestor(
        store, IngestOptions.model_validate({"actor": "tester", **options})
    ).ingest_path(path)


def _by_doc(report: IngestReport) -> dict[str, str]:
    return {i.doc_id or i.source: i.status for i in report.items}


def test_every_file_is_stored_and_bad_ones_are_listed(store: Store, tmp_path: Path) -> None:
    write_dossier(tmp_path / "in")
    report = _ingest(store, tmp_path / "in", workers=2)
    status = _by_doc(report)
    assert report.files == 7 and report.not_stored == 0
    assert status["opname 2021.pdf"] == "new"
    assert status["brief-1252.txt"] == "new"
    assert status["mail/bericht.eml/bezwaar.pdf"] == "new"
    assert status["mail/bericht.eml/stukken.zip/a/notitie.txt"] == "new"
    failed = {f.doc_id: f.reason for f in report.failed}
    assert set(failed) == {"leeg.txt", "kapot.pdf"}
    assert "empty" in failed["leeg.txt"].lower()
    assert all(f.stored for f in report.failed)
    assert "regel%0Abreuk.txt" in status
    record = store.get_version("GRN-1", "regel%0Abreuk.txt")
    assert record.original_filename == "regel\nbreuk.txt"
    opname = store.get_version("GRN-1", "opname 2021.pdf")
    parse = store.get_parse(opname.sha256)
    assert parse is not None and [p.number for p in parse.pages] == [1, 2]
    assert "gevelbreedte" in parse.pages[1].text
    latin = store.get_parse(store.get_version("GRN-1", "brief-1252.txt").sha256)
    assert latin is not None and "reünie" in latin.text
    child = store.get_version("GRN-1", "mail/bericht.eml/bezwaar.pdf")
    assert child.parent is not None and child.parent.doc_id == "mail/bericht.eml"
    for f in report.failed:  # nothing lost: every failed original is readable byte for byte
        assert f.doc_id is not None
        with store.open_blob(store.get_version("GRN-1", f.doc_id).sha256) as blob:
            assert blob.read() == (tmp_path / "in" / "GRN-1" / f.doc_id).read_bytes()


def test_reingest_does_nothing_and_new_bytes_make_a_version(store: Store, tmp_path: Path) -> None:
    files = write_dossier(tmp_path / "in")
    first = _ingest(store, tmp_path / "in")
    again = _ingest(store, tmp_path / "in")
    assert again.parsed == 0 and again.documents_new == 0 and again.versions_new == 0
    assert again.unchanged == len(first.items) - first.not_stored
    (tmp_path / "in" / "GRN-1" / "brief-utf8.txt").write_bytes(b"Gecorrigeerde brief.")
    third = _ingest(store, tmp_path / "in")
    assert third.versions_new == 1 and third.parsed == 1
    assert _by_doc(third)["brief-utf8.txt"] == "new_version"
    versions = store.list_versions("GRN-1", "brief-utf8.txt")
    assert [v.version for v in versions] == [1, 2]
    assert files["GRN-1/brief-utf8.txt"] != b"Gecorrigeerde brief."
    events = [e for e in store.audit.events() if e.action == "document.version.added"]
    assert all(e.actor == "tester" for e in events)
    assert {e.action for e in store.audit.events()} >= {"ingest.started", "ingest.finished"}


def test_limits_size_depth_and_time(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "in" / "GRN-2"
    root.mkdir(parents=True)
    (root / "groot.pdf").write_bytes(pdf_bytes(["groot " * 2000]))
    (root / "hangt.txt").write_bytes(b"HANG please")
    nested = zip_bytes({"n2.zip": zip_bytes({"n3.zip": zip_bytes({"diep.txt": b"diep"})})})
    (root / "n1.zip").write_bytes(nested)
    options = IngestOptions(
        actor="tester", max_file_bytes=2000, file_timeout_s=3, limits=Limits(max_depth=1)
    )
    report = Ingestor(store, options, job_fn=hang_on_marker).ingest_path(tmp_path / "in")
    reasons = {f.doc_id: f.reason for f in report.failed}
    assert "parse limit" in reasons["groot.pdf"]
    assert "longer than the 3 s limit" in reasons["hangt.txt"]
    assert "nested more than 1 levels" in reasons["n1.zip/n2.zip/n3.zip"]
    assert "n1.zip/n2.zip/n3.zip/diep.txt" not in _by_doc(report)
    assert report.not_stored == 0
    ledger = Ledger(store.backend)
    entry = ledger.latest("GRN-2", "hangt.txt")
    assert entry is not None and entry.parse == "failed" and entry.stored
    # the hang is gone on retry: a new reading, the version record untouched
    retry = Ingestor(store, IngestOptions(actor="tester")).reread(
        [v for v in failed_versions(store) if v.doc_id == "hangt.txt"], "retry-failed"
    )
    assert [i.status for i in retry.items] == ["reread"]
    record = store.get_version("GRN-2", "hangt.txt")
    assert record.parse_status == "failed" and store.effective(record).parse_status == "parsed"


def test_two_ingests_at_once_never_duplicate(tmp_path: Path) -> None:
    write_dossier(tmp_path / "in")
    (tmp_path / "in" / "GRN-1" / "mail" / "tweede.eml").write_bytes(
        eml_bytes("Vraag", "Nog een vraag.", [])
    )
    data = tmp_path / "store"
    command = [
        sys.executable,
        "-m",
        "api.cli",
        "ingest",
        str(tmp_path / "in"),
        "--data",
        str(data),
        "--json",
        "--no-index",
    ]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [json.loads(p.communicate(timeout=300)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    from store.factory import open_store  # noqa: PLC0415

    store = open_store(str(data))
    for doc_id in store.list_documents("GRN-1"):
        assert [v.version for v in store.list_versions("GRN-1", doc_id)] == [1]
    created = sum(o["documents_new"] for o in outputs)
    assert created == len(store.list_documents("GRN-1"))
    assert store.audit.verify().ok


def test_reparse_makes_new_readings_and_leaves_records(tmp_path: Path) -> None:
    from ingest.pipeline import versions_read_before  # noqa: PLC0415
    from store.factory import open_store  # noqa: PLC0415

    write_dossier(tmp_path / "in")
    store = open_store(str(tmp_path / "store"))
    _ingest(store, tmp_path / "in")
    assert not list(versions_read_before(store, "1.0.0"))  # nothing older than the current parser
    older = list(versions_read_before(store, "99.0"))
    assert older
    report = Ingestor(store, IngestOptions(actor="tester")).reread(older, "reparse")
    statuses = {i.status for i in report.items}  # attachments of re-read mails: unchanged
    assert "reread" in statuses and statuses <= {"reread", "failed", "unchanged"}
    record = store.get_version("GRN-1", "brief-utf8.txt")
    assert record.version == 1 and [r.why for r in store.readings(record)] == ["reparse"]
    assert [e.action for e in store.audit.events()].count("document.version.reread") == len(older)
