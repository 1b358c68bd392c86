"""The raw-text floor of bench/ingest.py: the cheapest way to get text out of each format."""

import email
import email.policy
import zipfile
from pathlib import Path

import charset_normalizer
import docx
import lxml.html
import pypdfium2
import pytesseract
from PIL import Image


def extract(path: Path) -> str:  # noqa: PLR0911 — one return per format
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        pdf = pypdfium2.PdfDocument(data)
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    if data.startswith(b"PK"):
        with zipfile.ZipFile(path) as zf:
            if "word/document.xml" in zf.namelist():
                return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
            return "\n".join(zf.namelist())
    if data[:4] in (b"\x89PNG", b"II*\x00", b"MM\x00*") or data[:3] == b"\xff\xd8\xff":
        return str(pytesseract.image_to_string(Image.open(path), lang="nld"))
    if path.suffix.lower() in (".eml", ".msg"):
        message = email.message_from_bytes(data, policy=email.policy.default)
        body = message.get_body(("plain", "html"))
        return str(body.get_content()) if body else ""
    if path.suffix.lower() in (".html", ".htm"):
        return str(lxml.html.fromstring(data).text_content())
    return str(charset_normalizer.from_bytes(data).best())
