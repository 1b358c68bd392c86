"""Every kind of tampering with an export is detected and named, even with rewritten manifests."""

import json
from collections.abc import Callable
from pathlib import Path

import bagit
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from export import layout
from export.verify import verify_export
from store.checkpoint import public_pem
from store.factory import open_store
from tests.export.helpers import export_to, flip_byte, rezip, small_dossier, unzip
from tests.store.test_cli import navolg

KEY = Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tamper")
    store = open_store(str(root / "store"))
    small_dossier(store)
    out = root / "D-1.zip"
    export_to(store, "D-1", out, KEY)
    return out


def _first(data: Path, pattern: str) -> Path:
    return sorted(data.glob(pattern))[0]


def _original(data: Path) -> str:
    path = _first(data, "documents/besluit.txt@v000001/original-*")
    flip_byte(path)
    return "data/documents/besluit.txt@v000001/original-besluit.txt"


def _text(data: Path) -> str:
    flip_byte(data / "documents/besluit.txt@v000001/text.txt")
    return "data/documents/besluit.txt@v000001/text.txt"


def _record(data: Path) -> str:
    rel = layout.version_dir("rapporten/opname.txt", 2) + layout.RECORD
    path = data / rel
    path.write_text(path.read_text().replace("opname", "opnamE", 1))
    return f"data/{rel}"


def _event(data: Path) -> str:
    path = _first(data, "audit/events/*.json")
    path.write_text(path.read_text().replace("ingest-test", "ingest-tesT"))
    return f"data/audit/events/{path.name}"


def _proof(data: Path) -> str:
    path = data / "audit/proofs.json"
    proofs = json.loads(path.read_text())
    first = next(iter(proofs["proofs"].values()))
    first["path"][0] = ("0" if first["path"][0][0] != "0" else "1") + first["path"][0][1:]
    path.write_text(json.dumps(proofs))
    return "data/audit/proofs.json"


def _checkpoint(data: Path) -> str:
    flip_byte(data / "audit/checkpoint.json")
    return "data/audit/checkpoint.json"


def _remove(data: Path) -> str:
    (data / "documents/besluit.txt@v000001/parsed.json").unlink()
    return "data/documents/besluit.txt@v000001/parsed.json"


def _add(data: Path) -> str:
    (data / "documents/besluit.txt@v000001/original-extra.pdf").write_bytes(b"%PDF-1.7 fake")
    return "data/documents/besluit.txt@v000001/original-extra.pdf"


CASES: dict[str, Callable[[Path], str]] = {
    "original": _original,
    "text": _text,
    "record": _record,
    "event": _event,
    "proof": _proof,
    "checkpoint": _checkpoint,
    "removed file": _remove,
    "added file": _add,
}


@pytest.mark.parametrize("rebag", [False, True], ids=["as-is", "manifests-rewritten"])
@pytest.mark.parametrize("case", list(CASES))
def test_tampering_is_detected_and_named(
    exported: Path, tmp_path: Path, case: str, rebag: bool
) -> None:
    assert verify_export(exported, KEY.public_key()).ok
    bag = unzip(exported, tmp_path / "x")
    named = CASES[case](bag / "data")
    if rebag:  # the forger also rewrites every manifest, so the bag itself validates
        bagit.Bag(str(bag)).save(manifests=True)
        assert bagit.Bag(str(bag)).is_valid()
    report = verify_export(rezip(bag, tmp_path / "t.zip"), KEY.public_key())
    assert not report.ok
    whats = [p.what for p in report.problems]
    assert any(named in w for w in whats) or _names_consequence(case, whats), report.problems


def _names_consequence(case: str, whats: list[str]) -> bool:
    """With rewritten manifests a changed proof or event is named by the event it proves."""
    return case in ("proof", "event") and any(w.startswith("event ") for w in whats)


def test_a_checkpoint_signed_by_someone_else_is_refused(exported: Path, tmp_path: Path) -> None:
    other = Ed25519PrivateKey.generate()
    report = verify_export(exported, other.public_key())
    assert not report.ok
    assert any("not by the given key" in p.reason for p in report.problems)
    # swapping in a forger's key and re-signing is caught once the publisher's key is pinned
    bag = unzip(exported, tmp_path / "x")
    cp_path = bag / "data/audit/checkpoint.json"
    from store.checkpoint import Checkpoint, key_id  # noqa: PLC0415

    cp = Checkpoint.model_validate_json(cp_path.read_bytes())
    forged = cp.model_copy(update={"key_id": key_id(other.public_key())})
    import base64  # noqa: PLC0415

    forged = forged.model_copy(
        update={"signature": base64.b64encode(other.sign(forged.signed_bytes())).decode()}
    )
    cp_path.write_text(forged.model_dump_json())
    (bag / "data/audit/public-key.pem").write_bytes(public_pem(other.public_key()))
    bagit.Bag(str(bag)).save(manifests=True)
    forged_zip = rezip(bag, tmp_path / "f.zip")
    embedded = verify_export(forged_zip)
    assert embedded.ok and embedded.key_id == key_id(other.public_key())  # why pinning matters
    pinned = verify_export(forged_zip, KEY.public_key())
    assert not pinned.ok


def test_cli_names_the_altered_file_and_exits_non_zero(exported: Path, tmp_path: Path) -> None:
    keyfile = tmp_path / "pub.pem"
    keyfile.write_bytes(public_pem(KEY.public_key()))
    ok = navolg("verify-export", str(exported), "--public-key", str(keyfile))
    assert ok.returncode == 0 and "VERIFIED" in ok.stdout, ok.stdout + ok.stderr
    bag = unzip(exported, tmp_path / "x")
    named = _original(bag / "data")
    bad = navolg("verify-export", str(rezip(bag, tmp_path / "t.zip")), "--public-key", str(keyfile))
    assert bad.returncode == 1
    assert "TAMPERED" in bad.stdout and named in bad.stdout
