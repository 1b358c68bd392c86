"""OpenDocument text (ODT): paragraphs and headings from content.xml (cheap, no LibreOffice),
then unstructured's text partitioner like every other format.

Line breaks, tabs and runs of spaces inside a paragraph are kept (text:line-break, text:tab,
text:s): glued together, "Datum: 3 mei 2021" and the next line would read as one word.
Pages are counted where a paragraph style breaks the page (fo:break-before/after="page"),
the only page breaks the file itself records.
"""

import io
import zipfile
from xml.etree import ElementTree
from xml.etree.ElementTree import Element as XmlElement

from ingest.formats._unstructured import partition_pages
from ingest.formats.base import FormatHandler, Limits, Parsed, failed, from_elements
from ingest.formats.media import ODT
from store.parsed import Element

NAME = "odt/content.xml+unstructured"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO_NS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_BLOCKS = (f"{{{_TEXT_NS}}}p", f"{{{_TEXT_NS}}}h")
_LINE_BREAK, _TAB, _SPACES = (f"{{{_TEXT_NS}}}{n}" for n in ("line-break", "tab", "s"))
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
    before, after = _page_break_styles(root)
    pages: list[list[str]] = [[]]
    for node in root.iter():
        if node.tag not in _BLOCKS:
            continue
        style = node.get(f"{{{_TEXT_NS}}}style-name", "")
        if style in before and any(pages[-1]):
            pages.append([])
        text = _text(node).strip()
        if text:
            pages[-1].append(text)
        if style in after:
            pages.append([])
    # one element per line: a line break in ODT is one the author typed; one partition call
    numbered = [(n, "\n".join(blocks)) for n, blocks in enumerate(pages, start=1) if blocks]
    elements: list[Element] = partition_pages(numbered)
    return from_elements(ODT, NAME, elements)


def _text(node: XmlElement) -> str:
    """A paragraph's text with its line breaks, tabs and repeated spaces."""
    parts = [node.text or ""]
    for child in node:
        if child.tag == _LINE_BREAK:
            parts.append("\n")
        elif child.tag == _TAB:
            parts.append("\t")
        elif child.tag == _SPACES:
            parts.append(" " * max(1, int(child.get(f"{{{_TEXT_NS}}}c", "1") or 1)))
        elif child.tag not in _BLOCKS:  # spans, links: their text; nested blocks: their own
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _page_break_styles(root: XmlElement) -> tuple[set[str], set[str]]:
    """Names of paragraph styles that start a new page before / after their paragraph."""
    before: set[str] = set()
    after: set[str] = set()
    for style in root.iter(f"{{{_STYLE_NS}}}style"):
        name = style.get(f"{{{_STYLE_NS}}}name")
        props = style.find(f"{{{_STYLE_NS}}}paragraph-properties")
        if name is None or props is None:
            continue
        if props.get(f"{{{_FO_NS}}}break-before") == "page":
            before.add(name)
        if props.get(f"{{{_FO_NS}}}break-after") == "page":
            after.add(name)
    return before, after


HANDLER = FormatHandler("odt", frozenset({ODT}), frozenset({".odt"}), parse)
