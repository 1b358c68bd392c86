"""Plain text in any common encoding, and HTML."""

import codecs

from ingest.formats._unstructured import partition_html, partition_text
from ingest.formats.base import Handler, Limits, Parsed, from_elements

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): BOM first, then strict UTF-8, UTF-16 without BOM, then Windows-1252
    (a superset of Latin-1 for text; its 5 undefined bytes fall back to Latin-1)."""
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


def parse_text(data: bytes, filename: str, limits: Limits) -> Parsed:
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return from_elements("text/plain", f"text({encoding})/unstructured", partition_text(text))


def parse_html(data: bytes, filename: str, limits: Limits) -> Parsed:
    text, encoding = decode(data)
    elements = partition_html(text) if text.strip() else []
    return from_elements("text/html", f"html({encoding})/unstructured", elements)


TEXT_HANDLER = Handler(
    "text",
    frozenset({"text/plain", "text/csv", "text/markdown"}),
    frozenset({".txt", ".csv", ".md", ".log"}),
    parse_text,
)
HTML_HANDLER = Handler(
    "html",
    frozenset({"text/html", "application/xhtml+xml"}),
    frozenset({".html", ".htm"}),
    parse_html,
)
