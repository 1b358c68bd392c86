"""Word processor files: DOCX through unstructured; ODT from its content.xml (cheap, no
LibreOffice), both ending as unstructured elements."""

import io
import zipfile
from xml.etree import ElementTree

from ingest.formats._unstructured import partition_docx, partition_text
from ingest.formats.base import Handler, Limits, Parsed, failed, from_elements

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def parse_docx(data: bytes, filename: str, limits: Limits) -> Parsed:
    try:
        elements = partition_docx(data)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        return failed(DOCX, "docx/unstructured", f"Word document is damaged ({exc})")
    return from_elements(DOCX, "docx/unstructured", elements)


def parse_odt(data: bytes, filename: str, limits: Limits) -> Parsed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            root = ElementTree.fromstring(zf.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        return failed(ODT, "odt/content.xml", f"OpenDocument text is damaged ({exc})")
    blocks = [
        "".join(node.itertext()).strip()
        for node in root.iter()
        if node.tag in (f"{{{_TEXT_NS}}}p", f"{{{_TEXT_NS}}}h")
    ]
    text = "\n\n".join(b for b in blocks if b)
    return from_elements(ODT, "odt/content.xml+unstructured", partition_text(text) if text else [])


DOCX_HANDLER = Handler("docx", frozenset({DOCX}), frozenset({".docx"}), parse_docx)
ODT_HANDLER = Handler("odt", frozenset({ODT}), frozenset({".odt"}), parse_odt)
