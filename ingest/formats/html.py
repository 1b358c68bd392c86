"""HTML pages (saved web pages, HTML e-mail bodies sent as files) through unstructured."""

from ingest.formats._unstructured import partition_html
from ingest.formats.base import FormatHandler, Limits, Parsed, failed, from_elements
from ingest.formats.media import HTML
from ingest.formats.text import decode

NAME = "html/unstructured"


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    text, encoding = decode(data)
    if not text.strip():
        return from_elements(HTML, f"html({encoding})/unstructured", [])
    try:
        elements = partition_html(text)
    except (ValueError, AssertionError) as exc:  # lxml/unstructured on markup they cannot read
        return failed(HTML, NAME, f"The HTML page cannot be read ({exc}).")
    return from_elements(HTML, f"html({encoding})/unstructured", elements)


HANDLER = FormatHandler(
    "html", frozenset({HTML, "application/xhtml+xml"}), frozenset({".html", ".htm"}), parse
)
