"""Bytes for each sample document in its format; the same corpus gives the same bytes."""

from ingest.sample.model import SampleDoc
from ingest.sample.render_image import image_file, scan_image
from ingest.sample.render_mail import eml_file, zip_file
from ingest.sample.render_office import docx_file, html_file, odt_file, txt_file
from ingest.sample.render_pdf import RenderError, pdf_file

__all__ = ["RenderError", "render", "scan_image"]


def render(doc: SampleDoc) -> bytes:
    """The file's bytes, attachments and archive entries included."""
    fmt = doc.truth.format
    if fmt.startswith("pdf"):
        return pdf_file(doc)
    if fmt in ("png", "jpg", "tiff"):
        return image_file(doc)
    if fmt == "eml":
        return eml_file(doc, render)
    if fmt == "zip":
        return zip_file(doc, render)
    return {"docx": docx_file, "odt": odt_file, "html": html_file, "txt": txt_file}[fmt](doc)
