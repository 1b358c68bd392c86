"""The real type of a file, from its bytes (libmagic), not from its name."""

import io
import re
import zipfile

import magic

from ingest.formats.media import DOCX, EML, EMPTY, MSG, ODT, UNKNOWN, ZIP

_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:")
_MAIL_HEADERS = {
    "from", "to", "cc", "subject", "date", "message-id", "mime-version", "received",
    "return-path", "reply-to", "delivered-to", "x-mailer", "in-reply-to",
}  # fmt: skip
_OLE = ("application/x-ole-storage", "application/CDFV2", "application/vnd.ms-office")


def detect(data: bytes, filename: str) -> str:
    """The media type the bytes show; the name is not trusted (a PDF called .docx is a PDF)."""
    if not data:
        return EMPTY
    try:
        media = str(magic.from_buffer(data[:65536], mime=True))
    except magic.MagicException:
        return UNKNOWN
    if media in ("application/zip", "application/octet-stream") and data[:2] == b"PK":
        return _zip_kind(data) or media
    if media in _OLE and (filename.lower().endswith(".msg") or _is_outlook_message(data)):
        return MSG  # a damaged .msg goes to the msg handler, which says what is wrong
    if media == "text/plain" and _looks_like_email(data):
        return EML
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
    return ZIP


def _looks_like_email(data: bytes) -> bool:
    """The file starts with a block of RFC 5322 header lines, two of them typical of mail."""
    block = data[:8192].decode("latin-1").replace("\r\n", "\n").split("\n\n", 1)[0]
    lines = block.split("\n")
    if not lines or not _HEADER_LINE.match(lines[0]):
        return False
    if not all(_HEADER_LINE.match(line) or line[:1] in (" ", "\t") for line in lines):
        return False
    names = {line.split(":", 1)[0].lower() for line in lines if _HEADER_LINE.match(line)}
    return len(names & _MAIL_HEADERS) >= 2


def _is_outlook_message(data: bytes) -> bool:
    """An OLE file (Word .doc, Excel .xls, Outlook .msg) is an e-mail only if oxmsg reads it."""
    from oxmsg import Message  # noqa: PLC0415

    try:
        Message.load(data)
    except Exception:  # oxmsg raises plain errors for anything that is not a message
        return False
    return True
