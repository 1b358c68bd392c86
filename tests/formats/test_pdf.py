"""PDFs: text layer per page, OCR only for scanned pages, encrypted and damaged files."""

from ingest.formats import Limits, parse
from tests.formats.samples import encrypted_pdf, mixed_pdf, pdf_bytes

LIMITS = Limits()
PAGES = [
    "Opnamerapport woning Hoofdstraat 12. De woning heeft een topgevel van kalkzandsteen.",
    "Beoordeling volgens NPR 9998. Gevelbreedte 6,40 m.",
    "Conclusie: de woning voldoet aan de veiligheidsnorm.",
]


def test_text_pdf_keeps_pages_and_never_ocrs() -> None:
    parsed = parse(pdf_bytes(PAGES), "opname.pdf", LIMITS)
    assert parsed.status == "parsed" and parsed.media_type == "application/pdf"
    assert [p.number for p in parsed.pages] == [1, 2, 3]
    assert "topgevel" in parsed.pages[0].text and "6,40 m" in parsed.pages[1].text
    assert parsed.ocr is None and not any(p.ocr for p in parsed.pages)
    assert {e.page for e in parsed.elements} == {1, 2, 3}
    for element in parsed.elements:  # elements unwrap lines; the page text keeps them
        assert element.text in " ".join(parsed.pages[(element.page or 0) - 1].text.split())


def test_mixed_pdf_ocrs_only_the_scanned_page() -> None:
    data = mixed_pdf(PAGES[0], ["Aantekening bij de opname", "handtekening bewoner"])
    parsed = parse(data, "opname.pdf", LIMITS)
    assert parsed.status == "parsed" and [p.number for p in parsed.pages] == [1, 2]
    assert "topgevel" in parsed.pages[0].text and not parsed.pages[0].ocr
    assert parsed.pages[1].ocr and "Aantekening" in parsed.pages[1].text
    assert "handtekening" in parsed.pages[1].text
    assert parsed.ocr is not None
    assert (parsed.ocr.engine, parsed.ocr.language, parsed.ocr.pages) == ("tesseract", "nld", [2])
    assert parsed.ocr.version[:1].isdigit() and "tesseract" in parsed.parser
    assert {e.page for e in parsed.elements} == {1, 2}


def test_scanned_pages_without_dutch_ocr_are_named() -> None:
    data = mixed_pdf(PAGES[0], ["Aantekening"])
    parsed = parse(data, "opname.pdf", Limits(ocr_language="zzz"))
    assert parsed.status == "parsed" and parsed.ocr is None
    assert parsed.reason is not None and "Pages 2 are scans" in parsed.reason
    assert "'zzz'" in parsed.reason


def test_encrypted_pdf_fails_with_a_plain_reason() -> None:
    parsed = parse(encrypted_pdf("Vertrouwelijk rapport.", "geheim"), "geheim.pdf", LIMITS)
    assert parsed.status == "failed"
    assert parsed.reason == "PDF is encrypted (password protected)"
    readable = parse(encrypted_pdf("Alleen rechten beperkt.", ""), "rechten.pdf", LIMITS)
    assert readable.status == "parsed" and "rechten beperkt" in readable.pages[0].text


def test_truncated_and_blank_pdfs() -> None:
    truncated = parse(pdf_bytes(PAGES)[:400], "kapot.pdf", LIMITS)
    assert truncated.status == "failed" and "damaged or incomplete" in (truncated.reason or "")
    blank = parse(pdf_bytes([""]), "leeg.pdf", LIMITS)
    assert blank.status == "empty" and blank.ocr is None and len(blank.pages) == 1


def test_page_limit_is_reported() -> None:
    parsed = parse(pdf_bytes(PAGES), "opname.pdf", Limits(max_pages=2))
    assert [p.number for p in parsed.pages] == [1, 2]
    assert "first 2 of 3 pages" in (parsed.reason or "")


def test_paragraphs_follow_the_layout() -> None:
    """A heading and three wrapped paragraphs become four elements, not one per line."""
    from fpdf import FPDF  # noqa: PLC0415

    sentence = "De woning is beoordeeld volgens NPR 9998 en heeft een topgevel. "
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.multi_cell(0, 10, "Opnamerapport", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=12)
    for number in range(3):
        pdf.multi_cell(0, 6, f"Alinea {number + 1}. " + sentence * 4, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
    parsed = parse(bytes(pdf.output()), "opname.pdf", LIMITS)
    assert [e.text.split(".")[0] for e in parsed.elements] == [
        "Opnamerapport",
        "Alinea 1",
        "Alinea 2",
        "Alinea 3",
    ]
    assert parsed.pages[0].text.count("\n") > 6  # the page text keeps its lines
    assert all("\n" not in e.text for e in parsed.elements)


def test_one_partition_call_per_document_equals_one_per_page() -> None:
    """Guard for partition_pages: same elements, kinds, texts and pages as page by page, also
    when a bullet is cleaned, a line repeats on several pages and a page has blank lines."""
    from ingest.formats._unstructured import partition_pages, partition_text  # noqa: PLC0415

    pages = [
        (1, "Opnamerapport\nDe woning heeft een topgevel. Die is van kalkzandsteen gemaakt."),
        (2, "• schoorsteen\n\n   \nGevelbreedte 6,40 m\nPagina van het rapport"),
        (4, "Pagina van het rapport\nConclusie: de woning voldoet aan de veiligheidsnorm."),
    ]
    per_page = [e for n, text in pages for e in partition_text(text, n, grouped=True)]
    assert partition_pages(pages) == per_page
    assert [e.page for e in per_page].count(4) == 2 and any(e.kind == "ListItem" for e in per_page)
