"""PDFs: the text layer from pypdfium2 (fast) through unstructured's text partitioner, page by
page; only pages without a usable text layer are rendered and OCR'd. unstructured's own PDF
path is not used: it needs ~600 MB of inference stack and is ~85x slower (FACTS.md)."""

import re

import pypdfium2

from ingest.formats import ocr
from ingest.formats._unstructured import partition_text
from ingest.formats.base import Handler, Limits, Parsed, failed
from store.parsed import Element, Page

MEDIA = "application/pdf"
NAME = "pdf/pypdfium2+unstructured"
_LINE_END = re.compile(r"\r\n?")


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            return failed(MEDIA, NAME, "PDF is encrypted (password protected); it cannot be read")
        return failed(MEDIA, NAME, f"PDF is damaged or incomplete ({message})")
    try:
        return _read(pdf, limits)
    finally:
        pdf.close()


def _read(pdf: pypdfium2.PdfDocument, limits: Limits) -> Parsed:
    pages: list[Page] = []
    elements: list[Element] = []
    ocr_pages: list[int] = []
    needs_ocr: list[int] = []
    count = len(pdf)
    for index in range(min(count, limits.max_pages)):
        number = index + 1
        page = pdf[index]
        text = _LINE_END.sub("\n", page.get_textpage().get_text_range()).strip()
        is_ocr = False
        if len(text) < limits.ocr_min_chars and _has_image(page):
            if ocr.unavailable_reason(limits.ocr_language) is None:
                image = page.render(scale=limits.ocr_dpi / 72).to_pil()
                text, is_ocr = ocr.read_image(image, limits.ocr_language), True
                ocr_pages.append(number)
            elif not text:
                needs_ocr.append(number)
        pages.append(Page(number=number, text=text, ocr=is_ocr))
        if text:
            elements.extend(partition_text(_paragraphs(text), page=number))
    return _outcome(pages, elements, ocr_pages, needs_ocr, count, limits)


def _has_image(page: pypdfium2.PdfPage) -> bool:
    """Only a page that carries an image can be a scan; a blank page is not OCR'd."""
    return any(obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects())


def _paragraphs(text: str) -> str:
    """pypdfium2 gives lines; unstructured groups paragraphs on blank lines."""
    return re.sub(r"(?<=[.:;!?])\n(?=[A-Z0-9•\-])", "\n\n", text)


def _outcome(
    pages: list[Page],
    elements: list[Element],
    ocr_pages: list[int],
    needs_ocr: list[int],
    count: int,
    limits: Limits,
) -> Parsed:
    parsed = Parsed(
        media_type=MEDIA,
        parser=NAME + ("+tesseract" if ocr_pages else ""),
        status="parsed",
        pages=pages,
        elements=elements,
        ocr=ocr.info(limits.ocr_language, ocr_pages) if ocr_pages else None,
    )
    if needs_ocr:
        reason = ocr.unavailable_reason(limits.ocr_language)
        status = "needs_ocr" if len(needs_ocr) == len(pages) else "parsed"
        return parsed.model_copy(
            update={"status": status, "reason": f"pages {needs_ocr}: {reason}"}
        )
    if not any(p.text for p in pages):
        return parsed.model_copy(update={"status": "empty", "reason": "no text on any page"})
    if count > limits.max_pages:
        note = f"only the first {limits.max_pages} of {count} pages were read (page limit)"
        return parsed.model_copy(update={"reason": note})
    return parsed


HANDLER = Handler("pdf", frozenset({MEDIA}), frozenset({".pdf"}), parse)
