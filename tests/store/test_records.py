"""Store conformance: originals, dossiers and version records behave alike on both backends."""

import hashlib
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from store import Address, BlobRef, InvalidId, NotFound, Store, StoreError, VersionMeta
from store.fields import DocumentFields, Found, Source


def add(store: Store, doc: str, data: bytes, **meta: object) -> tuple[int, bool]:
    blob = store.put_blob(io.BytesIO(data))
    result = store.add_version("D-0001", doc, blob, VersionMeta(**meta), actor="tester")
    return result.record.version, result.created


def test_blobs_are_content_addressed_and_streamed(store: Store) -> None:
    data = b"beoordelingsrapport " * 100_000
    blob = store.put_blob(io.BytesIO(data))
    assert blob.sha256 == hashlib.sha256(data).hexdigest()
    assert blob.size == len(data)
    again = store.put_blob(io.BytesIO(data))
    assert again == blob
    with store.open_blob(blob.sha256) as stream:
        assert hashlib.sha256(stream.read()).hexdigest() == blob.sha256


def test_versions_are_numbered_and_same_bytes_change_nothing(store: Store) -> None:
    assert add(store, "rapporten/opname.pdf", b"v1") == (1, True)
    assert add(store, "rapporten/opname.pdf", b"v1") == (1, False)
    assert add(store, "rapporten/opname.pdf", b"v2") == (2, True)
    assert add(store, "rapporten/opname.pdf", b"v2") == (2, False)
    versions = store.list_versions("D-0001", "rapporten/opname.pdf")
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].sha256 == hashlib.sha256(b"v1").hexdigest()
    assert store.get_version("D-0001", "rapporten/opname.pdf").version == 2
    assert store.get_version("D-0001", "rapporten/opname.pdf", 1).sha256 == versions[0].sha256


def test_records_carry_meta_and_are_logged(store: Store) -> None:
    add(
        store,
        "besluit.pdf",
        b"besluit",
        media_type="application/pdf",
        doc_type="besluit",
        original_filename="Besluit versterking.pdf",
        document_date=date(2024, 3, 1),
    )
    rec = store.get_version("D-0001", "besluit.pdf")
    assert rec.doc_type == "besluit"
    assert rec.media_type == "application/pdf"
    assert rec.ingested_by == "tester"
    assert rec.ingested_at.tzinfo is not None
    assert rec.effective_at == datetime(2024, 3, 1, tzinfo=UTC)
    actions = [e.action for e in store.audit.events()]
    assert actions == ["dossier.recorded", "document.version.added"]
    assert store.audit.verify().ok


def test_documents_and_dossiers_are_listed(store: Store) -> None:
    add(store, "a.txt", b"a")
    add(store, "map/b c.txt", b"b")
    add(store, "map/%weird.txt", b"c")
    assert list(store.list_dossiers()) == ["D-0001"]
    assert sorted(store.list_documents("D-0001")) == ["a.txt", "map/%weird.txt", "map/b c.txt"]


def test_dossier_records_are_versioned(store: Store) -> None:
    first = store.record_dossier("D-0002", "admin", Address(postcode="9711 AB", huisnummer="12"))
    same = store.record_dossier("D-0002", "admin", Address(postcode="9711 AB", huisnummer="12"))
    second = store.record_dossier("D-0002", "admin", Address(postcode="9711 AB", huisnummer="14"))
    assert (first.version, same.version, second.version) == (1, 1, 2)
    assert store.get_dossier("D-0002").address == Address(postcode="9711 AB", huisnummer="14")
    assert [d.version for d in store.dossier_history("D-0002")] == [1, 2]


def test_as_of_uses_effective_dates(store: Store) -> None:
    add(store, "beoordeling.pdf", b"old", document_date=date(2023, 5, 1))
    add(store, "beoordeling.pdf", b"new", document_date=date(2024, 9, 1))
    add(store, "besluit.pdf", b"b", document_date=date(2024, 1, 10))
    before = store.as_of("D-0001", date(2023, 12, 31))
    assert [(v.doc_id, v.version) for v in before] == [("beoordeling.pdf", 1)]
    mid = store.as_of("D-0001", date(2024, 1, 10))
    assert sorted((v.doc_id, v.version) for v in mid) == [
        ("beoordeling.pdf", 1),
        ("besluit.pdf", 1),
    ]
    after = store.as_of("D-0001", datetime(2025, 1, 1, tzinfo=UTC))
    assert sorted((v.doc_id, v.version) for v in after) == [
        ("beoordeling.pdf", 2),
        ("besluit.pdf", 1),
    ]
    with pytest.raises(StoreError):
        store.as_of("D-0001", datetime(2025, 1, 1))


def test_unknown_things_give_clear_errors(store: Store) -> None:
    with pytest.raises(NotFound, match="unknown dossier 'D-404'"):
        store.get_dossier("D-404")
    with pytest.raises(NotFound, match="unknown dossier"):
        store.list_documents("D-404")
    add(store, "a.txt", b"a")
    with pytest.raises(NotFound, match=r"has no document 'b\.txt'"):
        store.get_version("D-0001", "b.txt")
    with pytest.raises(NotFound, match="has no version 7"):
        store.get_version("D-0001", "a.txt", 7)
    with pytest.raises(NotFound):
        store.open_blob("0" * 64)


@pytest.mark.parametrize(
    ("dossier_id", "doc_id"),
    [
        ("../x", "a.txt"),
        ("D-1/..", "a.txt"),
        ("D\x00", "a.txt"),
        ("D" * 200, "a.txt"),
        ("", "a.txt"),
        ("D-1", "../x"),
        ("D-1", "a/../../b"),
        ("D-1", "/etc/passwd"),
        ("D-1", "a\x00b"),
        ("D-1", "x" * 401),
        ("D-1", "a\\b"),
        ("D-1", ""),
    ],
)
def test_unsafe_ids_are_refused(store: Store, dossier_id: str, doc_id: str) -> None:
    blob = store.put_blob_bytes(b"x")
    with pytest.raises(InvalidId):
        store.add_version(dossier_id, doc_id, blob, VersionMeta(), actor="t")
    with pytest.raises(InvalidId):
        store.get_version(dossier_id, doc_id)


def test_version_needs_its_original_first(store: Store) -> None:
    with pytest.raises(StoreError, match="must be stored before"):
        store.add_version("D-1", "a", BlobRef(sha256="ab" * 32, size=1), VersionMeta(), "t")


def test_readings_leave_the_record_and_apply_newest(store: Store) -> None:
    blob = store.put_blob_bytes(b"scan")
    meta = VersionMeta(parse_status="failed", parse_error="timeout", parser_version="1.0.0")
    record = store.add_version("GRN-R", "scan.pdf", blob, meta, "tester").record
    assert store.effective(record) == record
    fields = DocumentFields(verdict=Found(value="op_norm", source=Source(page=2, quote="voldoet")))
    better = VersionMeta(
        parse_status="parsed",
        parser_version="1.1.0",
        doc_type="beoordeling",
        document_date=date(2021, 3, 12),
        fields=fields,
    )
    first = store.add_reading(record, better, "tester", "retry-failed")
    second = store.add_reading(record, better, "tester", "reparse")
    assert (first.number, second.number) == (1, 2)
    assert store.get_version("GRN-R", "scan.pdf") == record  # untouched
    shown = store.effective(record)
    assert shown.parse_status == "parsed" and shown.doc_type == "beoordeling"
    assert shown.fields.verdict is not None and shown.fields.verdict.source.page == 2
    assert shown.effective_at == datetime(2021, 3, 12, tzinfo=UTC)
    actions = [e.action for e in store.audit.events()]
    assert actions.count("document.version.reread") == 2


def test_group_commit_barriers_before_every_link_and_syncs_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """store/local.py: one barrier before each durable link (its bytes and the names before
    it), a closing one per create outside a group, and one when a group ends."""
    import store.local  # noqa: PLC0415

    calls: list[int] = []
    real = store.local._SYNCFS
    assert real is not None  # Linux: syncfs(2) is the barrier

    def counting(fd: int) -> int:
        calls.append(fd)
        return int(real(fd))

    monkeypatch.setattr(store.local, "_SYNCFS", counting)
    backend = store.local.LocalBackend(tmp_path / "s")
    assert backend.create("a/one.json", b"1")
    assert len(calls) == 2 and not backend._pending  # strict outside a group
    with backend.group_commit():
        assert backend.create("a/two.json", b"2") and backend.create("b/three.json", b"3")
        assert backend.create("parsed/x.json", b"{}", derived=True)  # derived: no barrier
        assert len(calls) == 4 and backend._pending == {backend.root / "b", backend.root}
        assert backend.read("a/two.json") == b"2"  # visible at once
    assert len(calls) == 5 and not backend._pending
