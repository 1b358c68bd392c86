"""Format handlers on real files made here: every format, every encoding, and hostile input."""

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ingest.formats import Limits, parse
from ingest.sample.render import scan_image
from tests.ingest.files import eml_bytes, pdf_bytes, zip_bytes

LIMITS = Limits()


def _png(text: str) -> bytes:
    buffer = io.BytesIO()
    scan_image(text).save(buffer, format="PNG")
    return buffer.getvalue()


def _tiff(texts: list[str]) -> bytes:
    frames = [scan_image(t) for t in texts]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    """A PDF whose trailer says it is encrypted with a user password (pdfium must refuse)."""
    data = pdf_bytes(["geheim"])
    encrypt = (
        b"9999 0 obj\n<< /Filter /Standard /V 1 /R 2 /P -4 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> >>\nendobj\n"
    )
    head, _, tail = data.rpartition(b"trailer")
    tail = tail.replace(
        b"<<",
        b"<< /Encrypt 9999 0 R /ID [<" + b"0f" * 16 + b"> <" + b"0f" * 16 + b">]",
        1,
    )
    return head.replace(b"xref", encrypt + b"xref", 1) + b"trailer" + tail


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", "Één brief over de topgevel, café.".encode()),
        ("cp1252", "Één brief over de topgevel, café \u2013 \u201cquote\u201d.".encode("cp1252")),
        ("latin-1", "Één brief over de topgevel, café.".encode("latin-1")),
        ("utf-16", "Één brief over de topgevel, café.".encode("utf-16")),
        ("utf-8-sig", "Één brief over de topgevel, café.".encode("utf-8-sig")),
    ],
)
def test_text_in_every_common_encoding(encoding: str, data: bytes) -> None:
    parsed = parse(data, "brief.txt", LIMITS)
    assert parsed.status == "parsed"
    assert "Één brief over de topgevel, café" in parsed.pages[0].text


def test_pdf_pages_and_mixed_scan_only_ocrs_the_scan() -> None:
    from fpdf import FPDF  # noqa: PLC0415

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Opnamerapport. De woning heeft een topgevel van kalkzandsteen.")
    pdf.add_page()
    pdf.image(io.BytesIO(_png("aantekening kwelderzandvlakte\nparaaf")), x=0, y=0, w=210, h=297)
    parsed = parse(bytes(pdf.output()), "opname.pdf", LIMITS)
    assert parsed.status == "parsed" and [p.number for p in parsed.pages] == [1, 2]
    assert "topgevel" in parsed.pages[0].text and not parsed.pages[0].ocr
    assert parsed.pages[1].ocr and "kwelderzandvlakte" in parsed.pages[1].text
    assert parsed.ocr is not None and parsed.ocr.pages == [2] and parsed.ocr.language == "nld"
    assert all(e.page in (1, 2) for e in parsed.elements)


def test_images_and_multipage_tiff_through_ocr() -> None:
    png = parse(_png("Besluit versterking\nuw woning"), "scan.png", LIMITS)
    assert png.media_type == "image/png" and "versterking" in png.pages[0].text
    tiff = parse(_tiff(["eerste bladzijde", "tweede bladzijde"]), "scan.tif", LIMITS)
    assert [p.number for p in tiff.pages] == [1, 2] and "tweede" in tiff.pages[1].text


def test_docx_odt_html() -> None:
    import docx  # noqa: PLC0415

    from ingest.sample.model import FileTruth, SampleDoc  # noqa: PLC0415
    from ingest.sample.render import render  # noqa: PLC0415

    truth = FileTruth(dossier_id="D", doc_id="x", format="docx", doc_type="overig")
    doc = SampleDoc(truth=truth, pages=["Verslag hoorzitting\n\nDe commissie hoort."], filename="x")
    word = parse(render(doc), "verslag.docx", LIMITS)
    assert word.status == "parsed" and "commissie hoort" in word.pages[0].text
    odt = parse(
        render(doc.model_copy(update={"truth": truth.model_copy(update={"format": "odt"})})),
        "v.odt",
        LIMITS,
    )
    assert odt.media_type.endswith("opendocument.text") and "commissie hoort" in odt.pages[0].text
    html = parse(
        b"<html><body><h1>Advies</h1><p>De commissie adviseert.</p></body></html>", "a.html", LIMITS
    )
    assert "De commissie adviseert." in html.pages[0].text
    assert docx  # imported for the fixture's renderer


def test_email_attachments_are_children_including_nested_mail() -> None:
    inner = eml_bytes("Doorgestuurd", "Het oorspronkelijke bericht.", [])
    mail = eml_bytes("Bezwaar", "Bijgaand.", [
        ("bezwaar.pdf", pdf_bytes(["Bezwaar tegen het besluit."]), "application/pdf"),
        ("../../etc/passwd", b"escape", "text/plain"),
        ("doorgestuurd.eml", inner, "message/rfc822"),
    ])  # fmt: skip
    parsed = parse(mail, "bericht.eml", LIMITS)
    assert parsed.status == "parsed" and "Subject: Bezwaar" in parsed.pages[0].text
    names = [c.name for c in parsed.children]
    assert names == ["bezwaar.pdf", "etc/passwd", "doorgestuurd.eml"]
    assert parsed.children[1].raw_name == "../../etc/passwd"
    nested = parse(parsed.children[2].data, "doorgestuurd.eml", LIMITS)
    assert "oorspronkelijke bericht" in nested.pages[0].text


def test_wrong_extension_is_read_by_its_real_type() -> None:
    parsed = parse(
        pdf_bytes(["Ik ben een PDF met een verkeerde naam, echt waar."]), "brief.docx", LIMITS
    )
    assert parsed.media_type == "application/pdf" and "verkeerde naam" in parsed.pages[0].text


@pytest.mark.parametrize(
    ("name", "data", "status", "reason"),
    [
        ("leeg.pdf", b"", "empty", "empty (0 bytes)"),
        ("kapot.pdf", pdf_bytes(["afgebroken"])[:300], "failed", "damaged or incomplete"),
        ("geheim.pdf", _encrypted_pdf(), "failed", "encrypted (password protected)"),
        ("kapot.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "failed", "damaged"),
        (
            "oud.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "not_parsed",
            "not supported",
        ),
        ("kapot.zip", b"PK\x03\x04" + b"\0" * 40, "failed", "damaged"),
    ],
)
def test_bad_input_gets_a_reason_not_an_exception(
    name: str, data: bytes, status: str, reason: str
) -> None:
    parsed = parse(data, name, LIMITS)
    assert parsed.status == status
    assert parsed.reason is not None and reason in parsed.reason


def test_zip_escapes_and_bomb_are_contained() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../../evil.txt", b"evil")
        zf.writestr("/etc/abs.txt", b"abs")
        zf.writestr("C:\\windows\\drive.txt", b"drive")
        zf.writestr("line\nbreak.txt", b"odd")
        zf.writestr("bomb.bin", b"\0" * 30_000_000)
    parsed = parse(buffer.getvalue(), "a.zip", LIMITS)
    names = {c.name: c.raw_name for c in parsed.children}
    assert names == {
        "evil.txt": "../../evil.txt",
        "etc/abs.txt": "/etc/abs.txt",
        "windows/drive.txt": "C:\\windows\\drive.txt",
        "line\nbreak.txt": None,
    }
    assert parsed.status == "failed" and "zip bomb" in (parsed.reason or "")
    many = zip_bytes({f"f{i}.txt": b"x" for i in range(30)})
    limited = parse(many, "many.zip", Limits(max_entries=10))
    assert len(limited.children) == 10 and "more than 10 entries" in (limited.reason or "")


def test_unstructured_makes_no_network_calls() -> None:
    """Parse every text format in a fresh process where any socket connect raises."""
    code = (
        "import socket\n"
        "def boom(*a, **k): raise RuntimeError('network used')\n"
        "socket.socket.connect = boom\nsocket.create_connection = boom\n"
        "from ingest.formats import parse, Limits\n"
        "from tests.ingest.files import pdf_bytes, eml_bytes\n"
        "for name, data in [('a.pdf', pdf_bytes(['De woning voldoet.'])),"
        " ('a.txt', b'Tekst. Nog een zin.'), ('a.html', b'<p>Hallo daar.</p>'),"
        " ('a.eml', eml_bytes('x', 'Tekst.', []))]:\n"
        "    r = parse(data, name, Limits())\n"
        "    assert r.status == 'parsed', (name, r.reason)\n"
        "print('ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr[-2000:]


def test_offline_patch_guards_unstructured_private_api() -> None:
    from unstructured.nlp import tokenize  # noqa: PLC0415

    from ingest.formats._offline import apply  # noqa: PLC0415

    apply()
    nlp = tokenize._get_nlp()
    assert nlp.lang == "nl" and "sentencizer" in nlp.pipe_names
    with pytest.raises(RuntimeError, match="offline"):
        tokenize._install_spacy_model()
    pinned = Path("pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r"unstructured==0\.27\.35", pinned)


def test_without_dutch_ocr_a_scan_is_marked_needs_ocr() -> None:
    parsed = parse(_png("Besluit versterking"), "scan.png", Limits(ocr_language="zzz"))
    assert parsed.status == "needs_ocr"
    assert parsed.reason is not None and "'zzz'" in parsed.reason and "needs_ocr" in parsed.reason
