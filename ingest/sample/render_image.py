"""Pictures: scanned pages (large clear print, as a copier makes them) and photos of houses."""

import io
import random
import textwrap

from PIL import Image, ImageDraw, ImageFont

from ingest.sample.model import SampleDoc

A4_150DPI = (1240, 1754)


def scan_image(text: str, tilt: float = 0.0, size: int = 38) -> Image.Image:
    """A page of text as a greyscale scan: off-white paper, dark grey print, a slight tilt."""
    image = Image.new("L", A4_150DPI, 250)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size)
    y = 110
    for line in text.splitlines():
        for part in textwrap.wrap(line, width=int(1900 / size)) or [""]:
            draw.text((100, y), part, fill=25, font=font)
            y += int(size * 1.6)
    if tilt:
        image = image.rotate(tilt, resample=Image.Resampling.BILINEAR, fillcolor=250)
    return image


def page_scan(doc: SampleDoc, number: int) -> Image.Image:
    """Page `number` (1-based) of a document as a scan; tilt and size vary per document."""
    rng = random.Random(f"{doc.truth.dossier_id}/{doc.truth.doc_id}/{number}")
    return scan_image(doc.pages[number - 1], tilt=rng.choice([0.0, 0.3, -0.4, 0.6]),
                      size=rng.choice([34, 36, 40]))  # fmt: skip


def image_file(doc: SampleDoc) -> bytes:
    """A scanned document as PNG, JPEG or multi-page TIFF; a photo when it has no text."""
    fmt = doc.truth.format
    if not any(p.strip() for p in doc.pages):
        return photo(doc)
    pages = [page_scan(doc, n) for n in range(1, len(doc.pages) + 1)]
    buffer = io.BytesIO()
    if fmt == "tiff":
        pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:],
                      compression="tiff_deflate")  # fmt: skip
    elif fmt == "jpg":
        pages[0].save(buffer, format="JPEG", quality=88)
    else:
        pages[0].save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def photo(doc: SampleDoc) -> bytes:
    """A 'photo' of a facade: coloured shapes, no text."""
    rng = random.Random(f"{doc.truth.dossier_id}/{doc.truth.doc_id}")
    image = Image.new("RGB", (640, 480), (170, 190, 210))
    draw = ImageDraw.Draw(image)
    brick = (rng.randrange(120, 170), rng.randrange(40, 80), 40)
    draw.rectangle((120, 160, 520, 470), fill=brick)
    draw.polygon([(120, 160), (320, 40), (520, 160)], fill=(90, 40, 30))
    for _ in range(4):
        x, y = rng.randrange(150, 450), rng.randrange(190, 380)
        draw.rectangle((x, y, x + 50, y + 65), fill=(230, 230, 240))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()
