"""Finding files in a folder or zip: dossiers from top-level folders, manifests, odd paths."""

import zipfile
from pathlib import Path

from ingest.inputs import read_manifest, scan


def _tree(root: Path) -> None:
    (root / "GRN-1" / "rapporten").mkdir(parents=True)
    (root / "GRN-1" / "rapporten" / "opname.pdf").write_bytes(b"%PDF-1.4 a")
    (root / "GRN-1" / "brief.txt").write_text("brief", encoding="utf-8")
    (root / "GRN-2").mkdir()
    (root / "GRN-2" / "line\nbreak.txt").write_text("x", encoding="utf-8")
    (root / "losse-brief.txt").write_text("no dossier", encoding="utf-8")
    (root / "manifest.csv").write_text(
        "dossier_id,doc_id,doc_type,date,postcode,huisnummer\n"
        "GRN-1,brief.txt,correspondentie,2021-03-12,9711 AB,12\n"
        "GRN-1,onbekend.pdf,opname,not-a-date,,\n",
        encoding="utf-8",
    )


def test_folder_layout(tmp_path: Path) -> None:
    _tree(tmp_path)
    files, manifest = scan(tmp_path)
    placed = {(f.dossier_id, f.doc_id) for f in files if f.problem is None}
    assert placed == {
        ("GRN-1", "brief.txt"),
        ("GRN-1", "rapporten/opname.pdf"),
        ("GRN-2", "line%0Abreak.txt"),
    }
    loose = [f for f in files if f.problem]
    assert [f.rel_path for f in loose] == ["losse-brief.txt"]
    assert "not inside a dossier folder" in (loose[0].problem or "")
    row = manifest.lookup("GRN-1/brief.txt", "GRN-1", "brief.txt")
    assert row is not None and row.doc_type == "correspondentie" and row.postcode == "9711 AB"
    assert len(manifest.problems) == 1 and "row 2" in manifest.problems[0]
    opname = next(f for f in files if f.doc_id == "rapporten/opname.pdf")
    with opname.opener() as stream:
        assert stream.read() == b"%PDF-1.4 a"


def test_zip_input_with_escaping_entries(tmp_path: Path) -> None:
    archive = tmp_path / "levering.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("GRN-9/besluit.txt", "besluit")
        zf.writestr("GRN-9/../../evil.txt", "evil")
        zf.writestr("manifest.json", '[{"path": "GRN-9/besluit.txt", "doc_type": "besluit"}]')
    files, manifest = scan(archive)
    ids = sorted((f.dossier_id, f.doc_id) for f in files if f.problem is None)
    assert ids == [("GRN-9", "besluit.txt"), ("GRN-9", "evil.txt")]
    assert all(".." not in (f.doc_id or "") for f in files)
    assert manifest.rows[0].doc_type == "besluit"
    besluit = next(f for f in files if f.doc_id == "besluit.txt")
    with besluit.opener() as stream:
        assert stream.read() == b"besluit"


def test_unreadable_manifest_is_a_note_not_a_crash() -> None:
    manifest = read_manifest("manifest.json", b"{not json")
    assert manifest.rows == [] and "could not be read" in manifest.problems[0]
