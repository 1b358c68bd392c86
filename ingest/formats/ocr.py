"""Dutch OCR with Tesseract: available or not, and what it read."""

import functools
import shutil

from PIL import Image

from ingest.formats._offline import set_environment
from store.parsed import OcrInfo


@functools.cache
def unavailable_reason(language: str) -> str | None:
    """Why OCR cannot run here (None when it can): no tesseract, or no language data."""
    if shutil.which("tesseract") is None:
        return "Tesseract OCR is not installed; the scan is stored and marked needs_ocr"
    import pytesseract  # noqa: PLC0415

    if language not in pytesseract.get_languages(config=""):
        return f"Tesseract has no '{language}' language data; the scan is stored, marked needs_ocr"
    return None


@functools.cache
def engine_version() -> str:
    import pytesseract  # noqa: PLC0415

    return str(pytesseract.get_tesseract_version())


def read_image(image: Image.Image, language: str) -> str:
    set_environment()
    import pytesseract  # noqa: PLC0415

    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    return str(pytesseract.image_to_string(image, lang=language)).strip()


def info(language: str, pages: list[int]) -> OcrInfo:
    return OcrInfo(engine="tesseract", version=engine_version(), language=language, pages=pages)
