"""Word documents: elements, and pages where Word wrote rendered page breaks."""

from ingest.formats import Limits, parse
from tests.formats.samples import docx_bytes, zip_bytes

PAGES = [
    ["Verslag hoorzitting", "De commissie hoort de bewoner over de schoorsteen."],
    ["Tweede bladzijde: de borstwering is van baksteen."],
]


def test_rendered_page_breaks_become_pages() -> None:
    parsed = parse(docx_bytes(PAGES), "verslag.docx", Limits())
    assert parsed.status == "parsed" and parsed.media_type.endswith("wordprocessingml.document")
    assert [p.number for p in parsed.pages] == [1, 2]
    assert "schoorsteen" in parsed.pages[0].text and "borstwering" in parsed.pages[1].text
    assert [e.page for e in parsed.elements] == [1, 1, 2]


def test_without_rendered_breaks_everything_is_page_one() -> None:
    parsed = parse(docx_bytes(PAGES, rendered_breaks=False), "verslag.docx", Limits())
    assert [p.number for p in parsed.pages] == [1] and "borstwering" in parsed.pages[0].text
    assert {e.page for e in parsed.elements} == {1}


def test_damaged_docx_fails() -> None:
    data = zip_bytes({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<niet af"})
    parsed = parse(data, "kapot.docx", Limits())
    assert parsed.status == "failed" and parsed.reason
