"""The sample corpus: deterministic bytes, consistent truth, valid files, readable scans."""

import email
import email.policy
import hashlib
import json
from pathlib import Path

import docx
import pypdfium2
import pytest

from ingest.formats.ocr import read_image
from ingest.sample import generate, write
from ingest.sample.render import scan_image


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write(generate(seed=5, dossiers=12), out)
    return out


def test_same_seed_same_bytes(corpus_dir: Path, tmp_path: Path) -> None:
    write(generate(seed=5, dossiers=12), tmp_path)
    assert _digests(tmp_path) == _digests(corpus_dir)
    other = tmp_path / "other"
    write(generate(seed=6, dossiers=12), other)
    assert _digests(other) != _digests(corpus_dir)


def test_truth_is_consistent(corpus_dir: Path) -> None:
    truth = json.loads((corpus_dir / "truth.json").read_text(encoding="utf-8"))
    files = truth["files"]
    for f in files:
        if f["path"] is not None:
            assert (corpus_dir / f["path"]).is_file(), f["path"]
    keys = [(f["batch"], f["dossier_id"], f["doc_id"]) for f in files]
    assert len(keys) == len(set(keys))
    ids = {(f["dossier_id"], f["doc_id"]) for f in files}
    types = {f["doc_type"] for f in files}
    assert {"opname", "beoordeling", "besluit"} <= types
    for dossier in truth["dossiers"]:
        for chain in dossier["verdict_chains"]:
            for key in ("decision", "assessment", "inspection"):
                assert (dossier["dossier_id"], chain[key]) in ids
            assert chain["verdict"] in ("op_norm", "niet_op_norm")
    assert any(f["version"] == 2 and f["batch"] == "updates" for f in files)
    assert any(f["scanned_pages"] for f in files)
    assert any(f["parent"] for f in files)


def test_files_are_valid(corpus_dir: Path) -> None:
    truth = json.loads((corpus_dir / "truth.json").read_text(encoding="utf-8"))
    by_path = {f["path"]: f for f in truth["files"] if f["path"]}
    for rel, f in by_path.items():
        data = (corpus_dir / rel).read_bytes()
        if f["format"].startswith("pdf"):
            assert len(pypdfium2.PdfDocument(data)) == f["pages"], rel
        elif f["format"] == "docx":
            assert docx.Document(str(corpus_dir / rel)).paragraphs
        elif f["format"] == "eml":
            message = email.message_from_bytes(data, policy=email.policy.default)
            names = [str(p.get_filename()) for p in message.iter_attachments()]
            children = [c for c in truth["files"] if c["parent"] == f["doc_id"]
                        and c["dossier_id"] == f["dossier_id"]]  # fmt: skip
            assert sorted(names) == sorted(c["doc_id"].rsplit("/", 1)[-1] for c in children)


def test_scanned_page_reads_back_with_dutch_ocr() -> None:
    text = "Bijlage handgeschreven aantekeningen\nopnemer noteert borgelwalterdam\nparaaf akkoord"
    assert "borgelwalterdam" in read_image(scan_image(text), "nld")
