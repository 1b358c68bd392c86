"""OpenDocument text from content.xml."""

from ingest.formats import Limits, parse
from tests.formats.samples import ODT_MIME, odt_bytes, zip_bytes


def test_odt_headings_and_paragraphs() -> None:
    data = odt_bytes("Advies bezwaarcommissie", ["De commissie adviseert.", "Tweede alinea."])
    parsed = parse(data, "advies.odt", Limits())
    assert parsed.status == "parsed" and parsed.media_type == ODT_MIME
    assert "Advies bezwaarcommissie" in parsed.pages[0].text
    assert "De commissie adviseert." in parsed.pages[0].text
    assert {e.page for e in parsed.elements} == {1}


def test_damaged_odt_fails() -> None:
    data = zip_bytes({"mimetype": ODT_MIME.encode(), "content.xml": b"<office:document"})
    parsed = parse(data, "kapot.odt", Limits())
    assert parsed.status == "failed" and "damaged" in (parsed.reason or "")


def test_odt_keeps_line_breaks_tabs_spaces_and_page_breaks() -> None:
    """Glued lines ('31-01-2019Status') would hide dates and measurements from the analysis."""
    styles = (
        '<office:automatic-styles><style:style style:name="P9" style:family="paragraph">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>'
        "</office:automatic-styles>"
    )
    body = (
        "<text:p>Datum: 3 mei 2021<text:line-break/>Kenmerk:<text:tab/>AB-12345</text:p>"
        '<text:p>Breedte<text:s text:c="3"/>5,20 m</text:p>'
        '<text:p text:style-name="P9">Tweede blad<text:span> met een span</text:span>.</text:p>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
        ' xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">'
        f"{styles}<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    data = zip_bytes({"mimetype": ODT_MIME.encode(), "content.xml": content.encode()})
    parsed = parse(data, "brief.odt", Limits())
    assert parsed.status == "parsed" and len(parsed.pages) == 2
    first = parsed.pages[0].text
    assert "Datum: 3 mei 2021\n" in first and "Kenmerk:\tAB-12345" in first
    assert "Breedte   5,20 m" in first and "Tweede" not in first
    assert parsed.pages[1].text == "Tweede blad met een span."
    assert {e.page for e in parsed.elements} == {1, 2}
