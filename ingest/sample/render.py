"""Bytes for each sample document in its format; the same corpus gives the same bytes."""

import datetime as dt
import io
import random
import zipfile
from email.message import EmailMessage

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from ingest.sample.model import SampleDoc

FIXED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def render(doc: SampleDoc) -> bytes:
    fmt = doc.truth.format
    if fmt.startswith("pdf"):
        return _pdf(doc)
    if fmt.startswith("txt-"):
        encoding = fmt.removeprefix("txt-")
        return "\n\n".join(doc.pages).encode("utf-16" if encoding == "utf-16" else encoding)
    return {"docx": _docx, "odt": _odt, "html": _html, "eml": _eml, "zip": _zip,
            "photo": _photo, "png": _scan_png}[fmt](doc)  # fmt: skip


def scan_image(text: str) -> Image.Image:
    """A clean 'scanned' A4 page at ~150 dpi with large print, as a copier makes it."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    y = 120
    for line in text.splitlines():
        draw.text((110, y), line, fill=0, font=font)
        y += 70
    return image


def _pdf(doc: SampleDoc) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_auto_page_break(auto=True, margin=20)
    scanned = set(doc.truth.scanned_pages)
    total = len(doc.pages)
    for number, text in enumerate(doc.pages, start=1):
        pdf.add_page()
        if number in scanned:
            buffer = io.BytesIO()
            scan_image(text).save(buffer, format="PNG")
            pdf.image(buffer, x=0, y=0, w=210, h=297)
            continue
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, text)
        pdf.set_auto_page_break(auto=False)
        pdf.set_y(-15)
        pdf.set_font("Helvetica", size=8)
        pdf.cell(0, 5, f"Pagina {number} van {total}", align="C")
        pdf.set_auto_page_break(auto=True, margin=20)
    return bytes(pdf.output())


def _docx(doc: SampleDoc) -> bytes:
    import docx  # noqa: PLC0415

    document = docx.Document()
    document.core_properties.created = FIXED.replace(tzinfo=None)
    document.core_properties.modified = FIXED.replace(tzinfo=None)
    for index, text in enumerate(doc.pages):
        if index:
            document.add_page_break()  # type: ignore[no-untyped-call]
        for para in text.split("\n\n"):
            document.add_paragraph(para)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_TIME), src.read(info))
    return out.getvalue()


def _odt(doc: SampleDoc) -> bytes:
    from xml.sax.saxutils import escape  # noqa: PLC0415

    body = "".join(
        f"<text:p>{escape(p)}</text:p>" for page in doc.pages for p in page.split("\n\n")
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(
            zipfile.ZipInfo("mimetype", ZIP_TIME), "application/vnd.oasis.opendocument.text"
        )
        info = zipfile.ZipInfo("content.xml", ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, content)
        zf.writestr(zipfile.ZipInfo("META-INF/manifest.xml", ZIP_TIME), manifest)
    return out.getvalue()


def _html(doc: SampleDoc) -> bytes:
    from html import escape  # noqa: PLC0415

    paras = "".join(
        f"<p>{escape(p).replace(chr(10), '<br>')}</p>"
        for page in doc.pages
        for p in page.split("\n\n")
    )
    return f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{escape(doc.title)}</title></head><body>{paras}</body></html>'.encode()


def _eml(doc: SampleDoc) -> bytes:
    msg = EmailMessage()
    msg["From"] = doc.email_from or "info@ncg.example"
    msg["To"] = doc.email_to or "bewoner@example.nl"
    msg["Subject"] = doc.email_subject or doc.title
    if doc.email_date:
        day = dt.date.fromisoformat(doc.email_date)
        msg["Date"] = dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=dt.UTC).strftime(
            "%a, %d %b %Y %H:%M:%S +0000"
        )
    msg["Message-ID"] = (
        f"<{doc.truth.dossier_id}.{abs(hash(doc.truth.doc_id)) % 10**8}@navolg.example>"
    )
    msg.set_content("\n\n".join(doc.pages))
    for child in doc.attachments:
        data = render(child)
        main, sub = _mime(child)
        msg.add_attachment(data, maintype=main, subtype=sub, filename=child.filename)
    if msg.is_multipart():
        msg.set_boundary(f"navolg-{doc.truth.dossier_id}")
    return bytes(msg)


def _mime(child: SampleDoc) -> tuple[str, str]:
    fmt = child.truth.format
    if fmt.startswith("pdf"):
        return "application", "pdf"
    return {"zip": ("application", "zip"), "photo": ("image", "jpeg"), "docx": ("application", "octet-stream"),
            "eml": ("message", "rfc822")}.get(fmt, ("application", "octet-stream"))  # fmt: skip


def _zip(doc: SampleDoc) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for child in doc.attachments:
            info = zipfile.ZipInfo(child.filename, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, render(child))
    return out.getvalue()


def _photo(doc: SampleDoc) -> bytes:
    """A 'photo' of a facade: coloured shapes, no text."""
    rng = random.Random(doc.truth.doc_id)
    image = Image.new("RGB", (800, 600), (170, 190, 210))
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 200, 650, 580), fill=(150, 60, 40))
    draw.polygon([(150, 200), (400, 60), (650, 200)], fill=(90, 40, 30))
    for _ in range(4):
        x, y = rng.randrange(180, 560), rng.randrange(240, 480)
        draw.rectangle((x, y, x + 60, y + 80), fill=(230, 230, 240))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _scan_png(doc: SampleDoc) -> bytes:
    buffer = io.BytesIO()
    scan_image(doc.pages[0]).save(buffer, format="PNG")
    return buffer.getvalue()
