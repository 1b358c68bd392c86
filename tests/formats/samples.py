"""Real input files for the format tests, made on the fly (nothing binary is committed)."""

import email
import email.policy
import io
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage

from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image, ImageDraw, ImageFont

FIXED = datetime(2021, 3, 12, tzinfo=UTC)
A4_150DPI = (1240, 1754)


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED)  # the same bytes on every run
    pdf.set_font("Helvetica", size=12)
    return pdf


def pdf_bytes(pages: list[str]) -> bytes:
    """A PDF with a text layer: one string per page."""
    pdf = _pdf()
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def scan_image(lines: list[str], size: tuple[int, int] = (1240, 500)) -> Image.Image:
    """A clean 'scanned' page at ~150 dpi in Pillow's own font (no system fonts needed)."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for number, line in enumerate(lines):
        draw.text((110, 120 + 70 * number), line, fill=0, font=font)
    return image


def image_bytes(lines: list[str], fmt: str) -> bytes:
    buffer = io.BytesIO()
    scan_image(lines).save(buffer, format=fmt)
    return buffer.getvalue()


def tiff_bytes(pages: list[list[str]]) -> bytes:
    """A multi-page TIFF, as a scanner's document feeder writes one."""
    frames = [scan_image(lines) for lines in pages]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def mixed_pdf(text: str, scan_lines: list[str]) -> bytes:
    """Page 1 has a text layer; page 2 is only an image of a page (a scan)."""
    pdf = _pdf()
    pdf.add_page()
    pdf.multi_cell(0, 8, text)
    pdf.add_page()
    buffer = io.BytesIO()
    scan_image(scan_lines, A4_150DPI).save(buffer, format="PNG")
    pdf.image(buffer, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def encrypted_pdf(text: str, user_password: str) -> bytes:
    """A real encrypted PDF (fpdf2's RC4 Standard security handler)."""
    pdf = _pdf()
    pdf.add_page()
    pdf.multi_cell(0, 8, text)
    pdf.set_encryption(
        owner_password="eigenaar", user_password=user_password,
        encryption_method=EncryptionMethod.RC4,
    )  # fmt: skip
    return bytes(pdf.output())


def docx_bytes(pages: list[list[str]], rendered_breaks: bool = True) -> bytes:
    """A Word document; Word writes w:lastRenderedPageBreak where a page began when it last
    laid the document out, so each later page's first run gets one (python-docx cannot)."""
    import docx  # noqa: PLC0415
    from docx.oxml import OxmlElement  # noqa: PLC0415

    document = docx.Document()
    for number, paragraphs in enumerate(pages):
        for index, text in enumerate(paragraphs):
            run = document.add_paragraph().add_run(text)
            if rendered_breaks and number and not index:
                run._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ODT_MIME = "application/vnd.oasis.opendocument.text"
_ODT_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:text>{}</office:text></office:body></office:document-content>"
)


def odt_bytes(heading: str, paragraphs: list[str]) -> bytes:
    """A minimal OpenDocument text: mimetype first and stored, then content.xml."""
    body = f'<text:h text:outline-level="1">{heading}</text:h>'
    body += "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", ODT_MIME, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", _ODT_CONTENT.format(body))
    return buffer.getvalue()


def eml_bytes(subject: str, body: str, attachments: list[tuple[str, bytes, str]]) -> bytes:
    """An e-mail with a plain body and attachments (name, bytes, media type)."""
    msg = EmailMessage()
    msg["From"] = "bewoner@example.nl"
    msg["To"] = "ncg@example.nl"
    msg["Subject"] = subject
    msg["Date"] = "Fri, 12 Mar 2021 10:00:00 +0100"
    msg["Message-ID"] = "<test-1@example.nl>"
    msg.set_content(body)
    for name, data, mime in attachments:
        main, sub = mime.split("/")
        if mime == "message/rfc822":  # the proper form: the message itself, not encoded
            inner = email.message_from_bytes(data, policy=email.policy.default)
            msg.add_attachment(inner, filename=name)
        else:
            msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return bytes(msg)


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(2021, 3, 12, 0, 0, 0)), data)
    return buffer.getvalue()


def zip_bomb(name: str, megabytes: int) -> bytes:
    """One highly compressible entry, written in chunks (never whole in memory here either)."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open(name, "w", force_zip64=True) as entry,
    ):
        for _ in range(megabytes):
            entry.write(chunk)
    return buffer.getvalue()
