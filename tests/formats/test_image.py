"""Scans and photos through Dutch OCR, and what happens when OCR cannot run."""

import pytest

from ingest.formats import Limits, ocr, parse
from tests.formats.samples import image_bytes, tiff_bytes

LIMITS = Limits()


@pytest.mark.parametrize(("fmt", "media"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_image_is_read_by_dutch_ocr(fmt: str, media: str) -> None:
    parsed = parse(image_bytes(["Besluit versterking", "uw woning"], fmt), "scan.bin", LIMITS)
    assert parsed.status == "parsed" and parsed.media_type == media
    assert "versterking" in parsed.pages[0].text and parsed.pages[0].ocr
    assert parsed.ocr is not None and parsed.ocr.pages == [1] and parsed.ocr.language == "nld"
    assert parsed.elements and all(e.page == 1 for e in parsed.elements)


def test_multipage_tiff_gives_a_page_per_frame() -> None:
    parsed = parse(tiff_bytes([["eerste bladzijde"], ["tweede bladzijde"]]), "scan.tif", LIMITS)
    assert parsed.media_type == "image/tiff" and [p.number for p in parsed.pages] == [1, 2]
    assert "eerste" in parsed.pages[0].text and "tweede" in parsed.pages[1].text
    assert parsed.ocr is not None and parsed.ocr.pages == [1, 2]


def test_without_language_data_the_scan_needs_ocr() -> None:
    parsed = parse(image_bytes(["Besluit"], "PNG"), "scan.png", Limits(ocr_language="zzz"))
    assert parsed.status == "needs_ocr" and parsed.media_type == "image/png"
    assert parsed.reason is not None and "'zzz' language data" in parsed.reason


def test_without_tesseract_the_reason_says_so() -> None:
    reason = ocr.check("nld", tesseract=None)
    assert reason is not None and "not installed" in reason and "needs OCR" in reason
    assert ocr.check("nld", tesseract="tesseract") is None  # Debian's tesseract-ocr-nld


def test_damaged_image_fails() -> None:
    parsed = parse(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "kapot.png", LIMITS)
    assert parsed.status == "failed" and "damaged" in (parsed.reason or "")
