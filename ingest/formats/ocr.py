"""Dutch OCR with Tesseract: whether it can run here, and what it read.

Tesseract runs with OMP_THREAD_LIMIT=1: on 2 shared cores its default threading makes a page
take 12 s instead of 1.8 s (FACTS.md). Parallelism comes from worker processes instead.
"""

import functools
import os
import shutil

from PIL import Image

from store.parsed import OcrInfo

ENGINE = "tesseract"


def check(language: str, tesseract: str | None) -> str | None:
    """Why OCR cannot run (None when it can), given the tesseract binary found (or not)."""
    if tesseract is None:
        return "Tesseract OCR is not installed, so the scan could not be read (needs OCR)."
    import pytesseract  # noqa: PLC0415

    try:
        languages = pytesseract.get_languages(config="")
    except (OSError, pytesseract.TesseractError) as exc:
        return f"Tesseract OCR does not run here ({exc}), so the scan could not be read."
    if language not in languages:
        return (
            f"Tesseract has no '{language}' language data installed, "
            "so the scan could not be read (needs OCR)."
        )
    return None


@functools.cache
def unavailable_reason(language: str) -> str | None:
    """`check` for this machine, once per process."""
    return check(language, shutil.which("tesseract"))


@functools.cache
def engine_version() -> str:
    import pytesseract  # noqa: PLC0415

    return str(pytesseract.get_tesseract_version())


def read_image(image: Image.Image, language: str) -> str:
    """The text on one page image (tesseract single-threaded)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import pytesseract  # noqa: PLC0415

    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    return str(pytesseract.image_to_string(image, lang=language)).strip()


def info(language: str, pages: list[int]) -> OcrInfo:
    return OcrInfo(engine=ENGINE, version=engine_version(), language=language, pages=pages)
