"""Word documents (DOCX) through unstructured; pages where Word wrote rendered page breaks."""

import zipfile

from ingest.formats._unstructured import partition_docx
from ingest.formats.base import FormatHandler, Limits, Parsed, failed, from_elements
from ingest.formats.media import DOCX

NAME = "docx/unstructured"


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    """Elements carry the page number unstructured derives from w:lastRenderedPageBreak."""
    try:
        elements = partition_docx(data)
    except (zipfile.BadZipFile, KeyError, ValueError, AttributeError, TypeError) as exc:
        return failed(DOCX, NAME, f"The Word document is damaged and cannot be read ({exc}).")
    return from_elements(DOCX, NAME, elements)


HANDLER = FormatHandler("docx", frozenset({DOCX}), frozenset({".docx", ".docm"}), parse)
