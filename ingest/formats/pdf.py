"""PDFs: the text layer from pypdfium2 (fast) through unstructured's text partitioner, in one
call per run of text-layer pages with each element's page kept; only pages without a usable
text layer are rendered and OCR'd (and partitioned page by page: OCR dominates there).
unstructured's own PDF path is not used: it needs ~600 MB of inference stack and is ~85x
slower (FACTS.md)."""

import itertools
import re

import pypdfium2

from ingest.formats import ocr
from ingest.formats._unstructured import partition_pages, partition_text
from ingest.formats.base import FormatHandler, Limits, Parsed, failed
from ingest.formats.media import PDF
from store.parsed import Element, Page

MEDIA = PDF
NAME = "pdf/pypdfium2+unstructured"
_LINE_END = re.compile(r"\r\n?")
MAX_OCR_PIXELS = 40_000_000  # an A0 sheet at 200 dpi is ~48 M pixels; A4 is 3.9 M


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    """Per page: the text layer if it has one; OCR only for image pages without one."""
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            return failed(MEDIA, NAME, "PDF is encrypted (password protected)")
        return failed(MEDIA, NAME, f"The PDF is damaged or incomplete ({message}).")
    try:
        return _read(pdf, limits)
    except pypdfium2.PdfiumError as exc:
        return failed(MEDIA, NAME, f"A page of the PDF is damaged ({exc}).")
    finally:
        pdf.close()


def _read(pdf: pypdfium2.PdfDocument, limits: Limits) -> Parsed:
    pages: list[Page] = []
    elements: list[Element] = []
    ocr_pages: list[int] = []
    needs_ocr: list[int] = []
    layered: list[tuple[int, str]] = []  # text-layer pages waiting for one partition call
    count = len(pdf)
    for index in range(min(count, limits.max_pages)):
        number = index + 1
        page = pdf[index]
        textpage = page.get_textpage()
        raw = textpage.get_text_range()
        text = _LINE_END.sub("\n", raw).strip()
        is_ocr = False
        if len(text) < limits.ocr_min_chars and _has_image(page):
            if ocr.unavailable_reason(limits.ocr_language) is None:
                # grey, as Tesseract reads it anyway: the same text for ~20% less CPU a page
                scale = _scale(page, limits.ocr_dpi)
                image = page.render(scale=scale, grayscale=True).to_pil()
                text, is_ocr = ocr.read_image(image, limits.ocr_language), True
                ocr_pages.append(number)
            elif not text:
                needs_ocr.append(number)
        pages.append(Page(number=number, text=text, ocr=is_ocr))
        if text and is_ocr:
            elements.extend(partition_pages(layered))  # keep the elements in page order
            layered = []
            elements.extend(partition_text(_paragraphs(text), page=number))
        elif text:
            layered.append((number, _layout_paragraphs(textpage, raw)))
    elements.extend(partition_pages(layered))
    return _outcome(pages, elements, ocr_pages, needs_ocr, count, limits)


def _scale(page: pypdfium2.PdfPage, dpi: int) -> float:
    """Render at `dpi`, but never above MAX_OCR_PIXELS (a poster-sized page would eat memory)."""
    width, height = page.get_size()
    scale = dpi / 72
    pixels = width * height * scale * scale
    return scale if pixels <= MAX_OCR_PIXELS else scale * (MAX_OCR_PIXELS / pixels) ** 0.5


def _has_image(page: pypdfium2.PdfPage) -> bool:
    """Only a page that carries an image can be a scan; a blank page is not OCR'd."""
    return any(obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects())


def _layout_paragraphs(textpage: pypdfium2.PdfTextPage, raw: str) -> str:
    """One paragraph per line, found from where lines sit on the page: a paragraph ends where
    the gap to the next line is clearly wider than the page's usual line gap, the text jumps up
    (a new column) or the font size changes (a heading). unstructured makes one element each."""
    if len(raw) != textpage.count_chars():  # characters outside the BMP: index drift
        paragraphs = _paragraphs(_LINE_END.sub("\n", raw).strip()).split("\n\n")
        return "\n".join(p.replace("\n", " ") for p in paragraphs)
    lines: list[tuple[str, float, float]] = []
    position = 0
    for line in raw.split("\r\n"):  # pdfium ends every line with CR LF
        start, position = position, position + len(line) + 2
        if line.strip():
            _, bottom, _, top = textpage.get_charbox(start, loose=True)
            lines.append((line.strip(), bottom, top))
    gaps = [a[1] - b[2] for a, b in itertools.pairwise(lines)]
    positive = sorted(g for g in gaps if g > 0)
    usual = positive[len(positive) // 5] if positive else 0.0  # a low percentile: line spacing
    out = [lines[0][0]] if lines else []
    for (_, a_bottom, a_top), (text, bottom, top), gap in zip(lines, lines[1:], gaps, strict=False):
        height, above = top - bottom, a_top - a_bottom
        resized = abs(height - above) > 0.2 * max(height, above, 1.0)
        wide = gap > usual + 0.4 * height or gap < -0.5 * height
        out.append(("\n" if wide or resized else _joiner(out[-1])) + text)
    return re.sub(r"-\x00(?=[a-zà-ÿ])", "", "".join(out)).replace("\x00", "")


def _joiner(before: str) -> str:
    """Wrapped lines join with a space; a word hyphenated at the line end joins whole."""
    return "\x00" if before.endswith("-") and before[-2:-1].isalpha() else " "


def _paragraphs(text: str) -> str:
    """OCR text (and text we cannot place): lines end a paragraph after a full stop."""
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
            update={"status": status, "reason": f"Pages {_ranges(needs_ocr)} are scans: {reason}"}
        )
    if not any(p.text for p in pages):
        return parsed.model_copy(
            update={"status": "empty", "reason": "The PDF has no text on any page."}
        )
    if count > limits.max_pages:
        note = f"Only the first {limits.max_pages} of {count} pages were read (page limit)."
        return parsed.model_copy(update={"reason": note})
    return parsed


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → '1-3, 7': short enough to read in a reason."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


HANDLER = FormatHandler("pdf", frozenset({MEDIA}), frozenset({".pdf"}), parse)
