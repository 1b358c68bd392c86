"""The bag navolg writes straight into the zip is a standard bag: bagit-python validates it.

And the verifier reads straight from the zip (nothing unpacked), still names damage at the zip
level, and still verifies exports made by the earlier, bagit-python-built format.
"""

import logging
import shutil
import struct
import unicodedata
import zipfile
from pathlib import Path

import bagit
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from export import layout
from export.bag import BAGIT_DECLARATION, decode_path, parse_tags
from export.verify import verify_export
from store.checkpoint import load_public_key
from store.factory import open_store
from tests.export.helpers import add_doc, export_to, flip_byte, rezip, small_dossier, unzip

KEY = Ed25519PrivateKey.generate()
DATA = Path(__file__).parent / "data"
AWKWARD = "bijlagen/100% klaar: één (kopie).txt"  # '%', ':', spaces, accents in a doc id


@pytest.fixture(autouse=True)
def _quiet_bagit() -> None:
    logging.getLogger("bagit").setLevel(logging.CRITICAL)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bagit")
    store = open_store(str(root / "store"))
    small_dossier(store)
    add_doc(store, "D-1", AWKWARD, ["Bijlage: één pagina, 100% klaar."], "bijlage")
    out = root / "D-1.zip"
    export_to(store, "D-1", out, KEY)
    return out


def test_bagit_python_validates_the_bag_after_extraction(exported: Path, tmp_path: Path) -> None:
    bag_dir = unzip(exported, tmp_path / "x")
    bag = bagit.Bag(str(bag_dir))
    bag.validate()  # raises on any problem: structure, completeness, Payload-Oxum, checksums
    assert bag.version_info == (1, 0) and bag.algorithms == ["sha256"]
    assert (bag_dir / "bagit.txt").read_bytes() == BAGIT_DECLARATION
    assert bag.info["Payload-Oxum"] and bag.info["Bagging-Date"]
    payload = {p.relative_to(bag_dir).as_posix() for p in (bag_dir / "data").rglob("*")}
    listed = set(bag.payload_entries())
    assert listed == {p for p in payload if (bag_dir / p).is_file()}
    assert set(bag.tagfile_entries()) == {"bagit.txt", "bag-info.txt", "manifest-sha256.txt"}
    assert any(unicodedata.normalize("NFC", "één") in p for p in listed)


def test_bagit_python_writes_the_same_manifests(exported: Path, tmp_path: Path) -> None:
    """Our manifests and Payload-Oxum are what bagit-python computes for the same files."""
    bag_dir = unzip(exported, tmp_path / "x")
    ours = {
        name: (bag_dir / name).read_text().splitlines()
        for name in ("manifest-sha256.txt", "tagmanifest-sha256.txt")
    }
    oxum = bagit.Bag(str(bag_dir)).info["Payload-Oxum"]
    bag = bagit.Bag(str(bag_dir))
    bag.save(manifests=True)
    assert bag.info["Payload-Oxum"] == oxum
    theirs = (bag_dir / "manifest-sha256.txt").read_text().splitlines()
    assert sorted(theirs) == sorted(ours["manifest-sha256.txt"])
    # the tag manifest covers the same files (bag-info.txt is rewritten by save, so its sum not)
    names = [line.split(None, 1)[1] for line in ours["tagmanifest-sha256.txt"]]
    redone = (bag_dir / "tagmanifest-sha256.txt").read_text().splitlines()
    assert sorted(names) == sorted(line.split(None, 1)[1] for line in redone)


def test_no_bag_path_needs_percent_encoding(exported: Path) -> None:
    """RFC 8493 percent-encodes '%', CR and LF in manifests, bagit-python only CR and LF: a
    bag whose paths hold none of them reads the same in both."""
    with zipfile.ZipFile(exported) as zf:
        names = zf.namelist()
    assert names and all(layout.bag_path_ok(n) for n in names)
    folder = layout.version_dir(AWKWARD, 1)
    assert any(n.split("/", 1)[1].startswith(f"data/{folder}") for n in names)
    # '+' stands for the store key's '%'; a '+' in an id is itself encoded, so no collision
    assert folder != layout.version_dir("bijlagen/100+25 klaar: één (kopie).txt", 1)


def test_bagit_python_catches_a_changed_payload_byte(exported: Path, tmp_path: Path) -> None:
    bag_dir = unzip(exported, tmp_path / "x")
    rel = f"data/{layout.version_dir(AWKWARD, 1)}{layout.TEXT}"
    flip_byte(bag_dir / rel)
    bag = bagit.Bag(str(bag_dir))
    bag.info.pop("Payload-Oxum")  # same size: only the checksum can tell
    with pytest.raises(bagit.BagValidationError) as caught:
        bag.validate()
    mismatches = [d for d in caught.value.details if isinstance(d, bagit.ChecksumMismatch)]
    assert [d.path for d in mismatches] == [rel]
    report = verify_export(rezip(bag_dir, tmp_path / "t.zip"), KEY.public_key())
    assert not report.ok and any(p.what == rel for p in report.problems)


def test_verify_reads_the_zip_without_unpacking(
    exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("verify-export unpacked the zip")

    monkeypatch.setattr(zipfile.ZipFile, "extractall", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "extract", refuse)
    before = sorted(exported.parent.iterdir())
    report = verify_export(exported, KEY.public_key())
    assert report.ok, report.problems
    assert report.documents == 4
    assert sorted(exported.parent.iterdir()) == before


def _copy_zip(src: Path, out: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return out


def test_a_duplicate_zip_entry_is_refused(exported: Path, tmp_path: Path) -> None:
    """A zip may hold one name twice; which copy would a reader see? Refused, named."""
    with zipfile.ZipFile(exported) as zf:
        name = next(n for n in zf.namelist() if n.endswith("/record.json"))
    with pytest.warns(UserWarning, match="Duplicate name"):
        bad = _copy_zip(exported, tmp_path / "dup.zip", {name: b"{}"})
    report = verify_export(bad, KEY.public_key())
    assert not report.ok and "more than once" in report.problems[0].reason


def test_a_damaged_zip_entry_is_named(exported: Path, tmp_path: Path) -> None:
    """A byte changed inside the zip itself (not re-zipped): the entry is named as damaged."""
    with zipfile.ZipFile(exported) as zf:
        info = next(i for i in zf.infolist() if i.filename.endswith("/index.html"))
    data = bytearray(exported.read_bytes())
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    offset = info.header_offset + 30 + name_len + extra_len  # where its compressed bytes start
    data[offset + info.compress_size // 2] ^= 0x55
    bad = tmp_path / "damaged.zip"
    bad.write_bytes(bytes(data))
    report = verify_export(bad, KEY.public_key())
    assert not report.ok
    assert any(p.what == "data/index.html" and "damaged" in p.reason for p in report.problems)


def test_an_added_tag_file_and_a_wrong_oxum_are_named(exported: Path, tmp_path: Path) -> None:
    bag_dir = unzip(exported, tmp_path / "x")
    (bag_dir / "manifest-md5.txt").write_text("")
    info = bag_dir / "bag-info.txt"
    info.write_text(info.read_text().replace("Payload-Oxum: ", "Payload-Oxum: 1"))
    report = verify_export(rezip(bag_dir, tmp_path / "t.zip"), KEY.public_key())
    found = [(p.what, p.reason) for p in report.problems]
    assert any(w == "manifest-md5.txt" and r.startswith("added") for w, r in found), found
    assert any(w == "bag-info.txt" and "Payload-Oxum" in r for w, r in found), found
    assert any(w == "bag-info.txt" and "tagmanifest-sha256.txt" in r for w, r in found), found


def test_manifest_paths_decode_by_bagit_version() -> None:
    assert decode_path("data/a%25b%0Ac", (1, 0)) == "data/a%b\nc"
    assert decode_path("data/a%2Fb%0d", (0, 97)) == "data/a%2Fb\r"  # as bagit-python wrote it
    assert parse_tags(b"A: 1\nB: long\n  folded\n") == {"A": "1", "B": "long folded"}


def test_a_navolg_export_1_made_by_bagit_python_still_verifies(tmp_path: Path) -> None:
    """Exports made before the direct writer (BagIt 0.97 by bagit-python, '%' in folder
    names) stay verifiable, and tampering with them is still caught."""
    legacy = DATA / "legacy-navolg-export-1.zip"
    public = load_public_key((DATA / "legacy-navolg-export-1.pub").read_bytes())
    report = verify_export(legacy, public)
    assert report.ok, report.problems
    assert report.documents == 3 and report.trace
    bag_dir = unzip(Path(shutil.copy(legacy, tmp_path / "l.zip")), tmp_path / "x")
    assert bagit.Bag(str(bag_dir)).version_info == (0, 97)
    rel = "data/documents/rapporten%2Fopname.txt@v000002/original-opname.txt"
    flip_byte(bag_dir / rel)
    tampered = verify_export(rezip(bag_dir, tmp_path / "t.zip"), public)
    assert not tampered.ok and any(p.what == rel for p in tampered.problems)
