"""Scans and photos (PNG, JPEG, TIFF with any number of pages) read by Dutch OCR."""

from PIL import Image, ImageSequence, UnidentifiedImageError

from ingest.formats import ocr
from ingest.formats._unstructured import partition_text
from ingest.formats.base import Handler, Limits, Parsed, failed
from store.parsed import Element, Page

NAME = "image/tesseract"
MEDIA_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/tiff", "image/gif", "image/bmp", "image/webp"}
)


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    import io  # noqa: PLC0415

    try:
        image = Image.open(io.BytesIO(data))
        media = Image.MIME.get(image.format or "", "image/unknown")
        frames = [
            f.copy()
            for _, f in zip(range(limits.max_pages), ImageSequence.Iterator(image), strict=False)
        ]
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        return failed("image/unknown", NAME, f"image is damaged or not an image ({exc})")
    reason = ocr.unavailable_reason(limits.ocr_language)
    if reason is not None:
        return Parsed(media_type=media, parser=NAME, status="needs_ocr", reason=reason)
    pages: list[Page] = []
    elements: list[Element] = []
    for number, frame in enumerate(frames, start=1):
        text = ocr.read_image(frame, limits.ocr_language)
        pages.append(Page(number=number, text=text, ocr=True))
        if text:
            elements.extend(partition_text(text, page=number))
    return Parsed(
        media_type=media,
        parser=NAME,
        status="parsed",
        reason=None if any(p.text for p in pages) else "no text found in the image",
        pages=pages,
        elements=elements,
        ocr=ocr.info(limits.ocr_language, [p.number for p in pages]),
    )


HANDLER = Handler(
    "image", MEDIA_TYPES, frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"}), parse
)
