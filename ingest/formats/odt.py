"""OpenDocument text (ODT): paragraphs and headings from content.xml (cheap, no LibreOffice),
then unstructured's text partitioner like every other format."""

import io
import zipfile
from xml.etree import ElementTree

from ingest.formats._unstructured import partition_text
from ingest.formats.base import FormatHandler, Limits, Parsed, failed, from_elements
from ingest.formats.media import ODT

NAME = "odt/content.xml+unstructured"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_BLOCKS = (f"{{{_TEXT_NS}}}p", f"{{{_TEXT_NS}}}h")
_MAX_XML = 256 << 20


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("content.xml")
            if info.file_size > min(_MAX_XML, limits.max_expanded_bytes):
                return failed(ODT, NAME, "The document's text part is too large to read safely.")
            root = ElementTree.fromstring(zf.read(info))
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError) as exc:
        return failed(ODT, NAME, f"The OpenDocument text is damaged and cannot be read ({exc}).")
    blocks = ("".join(node.itertext()).strip() for node in root.iter() if node.tag in _BLOCKS)
    text = "\n\n".join(b for b in blocks if b)
    return from_elements(ODT, NAME, partition_text(text) if text else [])


HANDLER = FormatHandler("odt", frozenset({ODT}), frozenset({".odt"}), parse)
