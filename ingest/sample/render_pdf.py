"""PDFs with a text layer, scanned pages as images, or both; fixed dates so bytes repeat."""

import datetime as dt
import io
import textwrap

from fpdf import FPDF

from ingest.sample.model import SampleDoc
from ingest.sample.render_image import page_scan

FIXED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
LEFT, WIDTH_MM = 22.0, 166.0


class RenderError(Exception):
    """A generated document does not fit the pages its truth claims."""


def _lines(text: str, font: str, size: float) -> list[str]:
    """Wrap to the text width (fpdf2's own line breaking costs ~10 ms a page)."""
    per_char_pt = size * (0.6 if font == "Courier" else 0.5)
    width = int(WIDTH_MM * 2.835 / per_char_pt)
    return [part for line in text.split("\n") for part in (textwrap.wrap(line, width) or [""])]


def _text_page(pdf: FPDF, doc: SampleDoc, text: str) -> None:
    layout = doc.layout
    lines = text.split("\n")
    head = lines[: layout.header_lines]
    foot = lines[len(lines) - layout.footer_lines :] if layout.footer_lines else []
    body = "\n".join(lines[layout.header_lines : len(lines) - layout.footer_lines]).strip("\n")
    y = 16.0
    pdf.set_font(layout.font, "I", 8)
    for line in head:
        pdf.text(LEFT, y, line)
        y += 4
    y += 8 if head else 6
    pdf.set_font(layout.font, size=layout.size)
    step = layout.size * 0.5
    for line in _lines(body, layout.font, layout.size):
        pdf.text(LEFT, y, line)
        y += step
    if y > 272:
        raise RenderError(f"{doc.truth.doc_id}: a page overflows ({y:.0f} mm)")
    pdf.set_font(layout.font, size=8)
    for line in foot:
        pdf.text(105 - pdf.get_string_width(line) / 2, 285, line)


def pdf_file(doc: SampleDoc) -> bytes:
    """One PDF page per page text; pages in scanned_pages drawn as full-page images."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_creator("navolg sample")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(22, 20, 22)
    scanned = set(doc.truth.scanned_pages)
    for number, text in enumerate(doc.pages, start=1):
        pdf.add_page()
        if number in scanned:
            buffer = io.BytesIO()
            page_scan(doc, number).save(buffer, format="PNG")
            pdf.image(buffer, x=0, y=0, w=210, h=297)
        else:
            _text_page(pdf, doc, text)
    return bytes(pdf.output())
