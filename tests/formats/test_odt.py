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
