"""The real type of a file, from its bytes (libmagic), not from its name."""

import io
import zipfile

import magic

from ingest.formats.office import DOCX, ODT

_OLE = ("application/x-ole-storage", "application/CDFV2", "application/vnd.ms-office")


def detect(data: bytes, filename: str) -> str:
    if not data:
        return "application/x-empty"
    media = str(magic.from_buffer(data[:65536], mime=True))
    if media in ("application/zip", "application/octet-stream") and data[:2] == b"PK":
        return _zip_kind(data) or media
    if media in _OLE and _is_outlook_message(data):
        return "application/vnd.ms-outlook"
    if media == "text/plain" and _looks_like_email(data):
        return "message/rfc822"
    return media


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "mimetype" in names and zf.read("mimetype").strip() == ODT.encode():
                return ODT
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return "application/zip"


def _looks_like_email(data: bytes) -> bool:
    head = data[:2048].decode("latin-1").lower()
    return sum(f"\n{h}:" in "\n" + head for h in ("from", "to", "subject", "date")) >= 3


def _is_outlook_message(data: bytes) -> bool:
    """An OLE file (Word .doc, Excel .xls, Outlook .msg) is an e-mail only if oxmsg reads it."""
    from oxmsg import Message  # noqa: PLC0415

    try:
        Message.load(data)
    except Exception:  # oxmsg raises plain errors for anything that is not a message
        return False
    return True
