"""Plain text in any common encoding (UTF-8, Windows-1252, Latin-1, UTF-16/32 with a BOM)."""

import codecs

from ingest.formats._unstructured import partition_text
from ingest.formats.base import FormatHandler, Limits, Parsed, from_elements
from ingest.formats.media import TEXT

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): a BOM first, then strict UTF-8, UTF-16 without BOM (many NULs), then
    Windows-1252 (a superset of Latin-1's printable range; its 5 undefined bytes → Latin-1)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if len(data) >= 4 and data.count(0) > len(data) // 4:
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    text, encoding = decode(data)
    text = normalise_newlines(text).replace("\x00", "")
    elements = partition_text(text) if text.strip() else []
    return from_elements(TEXT, f"text({encoding})/unstructured", elements)


HANDLER = FormatHandler(
    "text",
    frozenset({TEXT, "text/csv", "text/markdown", "text/x-log"}),
    frozenset({".txt", ".csv", ".md", ".log"}),
    parse,
)
