"""The sample corpus: deterministic bytes, consistent truth, valid files, readable scans."""

import email
import email.policy
import hashlib
import io
import json
import os
import re
import zipfile
from collections import Counter
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import docx
import pypdfium2
import pytesseract
import pytest
from PIL import Image
from typer.testing import CliRunner

from api.cli import app
from ingest.sample import generate, write, write_sample
from ingest.sample.vocab import ADJECTIVE, AVOID, MATERIALS, PLURAL

SEED, DOSSIERS = 5, 16


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_sample(SEED, DOSSIERS, out)
    return out


@pytest.fixture(scope="module")
def truth(corpus_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((corpus_dir / "truth.json").read_text(encoding="utf-8"))
    return data


def test_same_seed_same_bytes(corpus_dir: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    write(generate(seed=SEED, dossiers=DOSSIERS), again)  # the pure API gives the same bytes
    assert _digests(again) == _digests(corpus_dir)
    other = tmp_path / "other"
    write_sample(SEED + 1, 4, other)
    assert set(_digests(other).values()).isdisjoint(
        v for k, v in _digests(corpus_dir).items() if k.endswith(".pdf")
    )


def test_truth_is_consistent(corpus_dir: Path, truth: dict[str, Any]) -> None:
    files = truth["files"]
    on_disk = {str(p.relative_to(corpus_dir)) for p in corpus_dir.rglob("*") if p.is_file()}
    listed = {f["path"] for f in files if f["path"]}
    assert on_disk - listed == {"truth.json", "dossiers/manifest.csv"}
    assert listed <= on_disk
    keys = [(f["batch"], f["dossier_id"], f["doc_id"]) for f in files]
    assert len(keys) == len(set(keys))
    ids = {(f["dossier_id"], f["doc_id"]) for f in files}
    for f in files:
        assert re.fullmatch(r"[A-Z]+-\d{4}-\d{5}", f["dossier_id"])
        if f["parent"]:
            assert (f["dossier_id"], f["parent"]) in ids and f["doc_id"].startswith(
                f["parent"] + "/"
            )
        if f["version"] == 2:
            assert f["batch"] == "updates" and f"dossiers/{f['dossier_id']}/{f['doc_id']}" in listed
    for dossier in truth["dossiers"]:
        assert re.fullmatch(r"\d{4} [A-Z]{2}", dossier["address"]["postcode"])
        for chain in dossier["verdict_chains"]:
            for key in ("decision", "assessment", "inspection", *chain["attached"]):
                assert (dossier["dossier_id"], chain.get(key, key)) in ids
        for found in dossier["discrepancies"]:
            assert found["kind"] in ("dimension", "material", "missing_component")
    terms = [t for f in files for t in f["terms"]]
    assert terms and len(terms) == len(set(terms))


def test_corpus_has_the_variety_the_checks_need(truth: dict[str, Any]) -> None:
    files = truth["files"]
    formats = Counter(f["format"] for f in files)
    assert {"pdf", "pdf-mixed", "docx", "odt", "html", "txt", "eml", "zip", "jpg"} <= set(formats)
    assert {"pdf-scan", "png", "tiff"} & set(formats)
    types = {f["doc_type"] for f in files}
    assert {"opname", "beoordeling", "besluit", "bezwaar", "beslissing_op_bezwaar"} <= types
    assert any(f["doc_id"].count(".eml/") >= 2 for f in files)  # an e-mail inside an e-mail
    assert any(".zip/" in f["doc_id"] for f in files)
    assert any(f["registered_date"] and not f["document_date"] and f["path"] for f in files)
    assert sum(len(f["scanned_pages"]) for f in files) <= DOSSIERS * 1.2  # OCR stays cheap
    assert any(d["discrepancies"] for d in truth["dossiers"])
    reports = [f for f in files if f["doc_type"] in ("opname", "beoordeling")]
    assert all(3 <= f["pages"] <= 8 for f in reports)


WORD = re.compile(r"[a-zà-ÿ]+")
COMPONENT_FORMS = {**{c: c for c in PLURAL}, **{p: c for c, p in PLURAL.items()}}
MATERIAL_FORMS = {form: m for m, forms in MATERIALS.items() for form in forms} | {
    adj: m for m, adj in ADJECTIVE.items()
}


@pytest.mark.parametrize("seed", [SEED, 23])
def test_texts_state_exactly_what_truth_lists(seed: int) -> None:
    for doc in generate(seed=seed, dossiers=12).all_files():
        text = "\n".join(doc.pages)
        words = WORD.findall(text.lower())
        t = doc.truth
        where = f"{t.dossier_id}/{t.doc_id}"
        assert {COMPONENT_FORMS[w] for w in words if w in COMPONENT_FORMS} == set(t.components), (
            where
        )
        assert {MATERIAL_FORMS[w] for w in words if w in MATERIAL_FORMS} == set(t.materials), where
        assert not set(words) & set(AVOID), where
        for m in t.measurements:
            assert m.name in text.lower(), where
        for item in [*t.references, *t.terms, t.kenmerk or ""]:
            assert item in text, (where, item)
        if t.postcode:
            assert t.postcode in text or t.postcode.replace(" ", "") in text, where
        text.encode("latin-1")  # the PDF core fonts need it


def _eml_names(message: EmailMessage) -> list[str]:
    return sorted(str(p.get_filename()) for p in message.iter_attachments())


def _check_file(root: Path, f: dict[str, Any], children: list[dict[str, Any]]) -> None:
    data = (root / f["path"]).read_bytes()
    fmt, names = f["format"], sorted(c["doc_id"].removeprefix(f["doc_id"] + "/") for c in children)
    if fmt.startswith("pdf"):
        assert len(pypdfium2.PdfDocument(data)) == f["pages"], f["path"]
    elif fmt == "docx":
        assert docx.Document(io.BytesIO(data)).paragraphs
    elif fmt in ("zip", "odt"):
        entries = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert sorted(entries) == names if fmt == "zip" else entries[0] == "mimetype"
    elif fmt == "eml":
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(message, EmailMessage) and message["Date"]
        assert _eml_names(message) == sorted(n for n in names if "/" not in n)
    elif fmt == "txt":
        assert data.decode(f["encoding"]).strip()
    elif fmt in ("png", "jpg", "tiff"):
        assert getattr(Image.open(io.BytesIO(data)), "n_frames", 1) == f["pages"]


def test_files_are_valid(corpus_dir: Path, truth: dict[str, Any]) -> None:
    files = truth["files"]
    for f in files:
        if f["path"]:
            key = (f["dossier_id"], f["batch"], f["doc_id"])
            kids = [c for c in files if (c["dossier_id"], c["batch"], c["parent"]) == key]
            _check_file(corpus_dir, f, kids)


def test_manifest_lists_undated_documents(corpus_dir: Path, truth: dict[str, Any]) -> None:
    lines = (corpus_dir / "dossiers" / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "dossier_id,doc_id,doc_type,date,postcode,huisnummer"
    undated = {(f["dossier_id"], f["doc_id"]) for f in truth["files"]
               if f["path"] and f["batch"] == "dossiers" and not f["document_date"]}  # fmt: skip
    rows = {tuple(line.split(",")[:2]) for line in lines[1:]}
    assert undated and undated <= rows


def test_a_scanned_page_reads_back_with_dutch_ocr(corpus_dir: Path, truth: dict[str, Any]) -> None:
    scanned = next(f for f in truth["files"] if f["format"] == "png" or f["format"] == "pdf-mixed")
    data = (corpus_dir / scanned["path"]).read_bytes()
    if scanned["format"] == "png":
        image = Image.open(io.BytesIO(data))
    else:
        page = pypdfium2.PdfDocument(data)[scanned["scanned_pages"][0] - 1]
        image = page.render(scale=150 / 72).to_pil()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    text = pytesseract.image_to_string(image, lang="nld")
    assert all(term in text for term in scanned["terms"]), text


def test_cli_writes_a_corpus(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["sample", "--dossiers", "2", "--out", str(tmp_path), "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "2 dossiers" in result.output and (tmp_path / "truth.json").is_file()
