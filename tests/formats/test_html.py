"""HTML pages through unstructured."""

from ingest.formats import Limits, parse

PAGE = "<html><body><h1>Advies</h1><p>De commissie adviseert over de topgevel.</p></body></html>"


def test_html_text_and_media_type() -> None:
    parsed = parse(PAGE.encode(), "advies.html", Limits())
    assert parsed.status == "parsed" and parsed.media_type == "text/html"
    assert "De commissie adviseert over de topgevel." in parsed.pages[0].text
    assert "<p>" not in parsed.pages[0].text and {e.page for e in parsed.elements} == {1}


def test_html_in_windows_1252() -> None:
    data = PAGE.replace("commissie", "commissie (reünie, café)").encode("cp1252")
    parsed = parse(data, "advies.htm", Limits())
    assert "reünie, café" in parsed.pages[0].text and "cp1252" in parsed.parser


def test_html_without_text_is_empty() -> None:
    parsed = parse(b"<html><body>   </body></html>", "leeg.html", Limits())
    assert parsed.status == "empty"
