"""Scans and photos (PNG, JPEG, TIFF with any number of pages) read by Dutch OCR."""

import io
from collections.abc import Iterator
from itertools import islice

from PIL import Image, ImageSequence, UnidentifiedImageError

from ingest.formats import ocr
from ingest.formats._unstructured import partition_text
from ingest.formats.base import FormatHandler, Limits, Parsed, failed
from store.parsed import Element, Page

NAME = "image/tesseract"
UNKNOWN_IMAGE = "image/unknown"
MEDIA_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/tiff", "image/gif", "image/bmp", "image/webp"}
)


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    """Every frame is a page; each is OCR'd and its text partitioned like any other text."""
    try:
        image = Image.open(io.BytesIO(data))
        media = Image.MIME.get(image.format or "", UNKNOWN_IMAGE)
        return _read(image, media, limits)
    except Image.DecompressionBombError as exc:
        return failed(UNKNOWN_IMAGE, NAME, f"The image is too large to read safely ({exc}).")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        return failed(UNKNOWN_IMAGE, NAME, f"The image is damaged or not an image ({exc}).")


def _frames(image: Image.Image, limits: Limits) -> Iterator[Image.Image]:
    for frame in islice(ImageSequence.Iterator(image), limits.max_pages):
        frame.load()
        yield frame


def _read(image: Image.Image, media: str, limits: Limits) -> Parsed:
    reason = ocr.unavailable_reason(limits.ocr_language)
    if reason is not None:
        return Parsed(media_type=media, parser=NAME, status="needs_ocr", reason=reason)
    pages: list[Page] = []
    elements: list[Element] = []
    for number, frame in enumerate(_frames(image, limits), start=1):
        text = ocr.read_image(frame, limits.ocr_language)
        pages.append(Page(number=number, text=text, ocr=True))
        if text:
            elements.extend(partition_text(text, page=number))
    found = any(p.text for p in pages)
    return Parsed(
        media_type=media,
        parser=NAME,
        status="parsed",  # a photo without text is read fine: it just has no text
        reason=None if found else "OCR found no text in the image.",
        pages=pages,
        elements=elements,
        ocr=ocr.info(limits.ocr_language, [p.number for p in pages]),
    )


HANDLER = FormatHandler(
    "image", MEDIA_TYPES, frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"}), parse
)
