"""Word processor and plain formats: DOCX, ODT, HTML and text in several encodings."""

import datetime as dt
import io
import zipfile
from html import escape as html_escape
from xml.sax.saxutils import escape

from ingest.sample.model import SampleDoc

ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED = dt.datetime(2024, 1, 1)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED  # a ZipInfo alone means "stored"
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def docx_file(doc: SampleDoc) -> bytes:
    import docx  # noqa: PLC0415 - slow import, only when a DOCX is written

    document = docx.Document()
    document.core_properties.created = FIXED
    document.core_properties.modified = FIXED
    document.core_properties.author = "navolg sample"
    for index, text in enumerate(doc.pages):
        if index:
            document.add_page_break()  # type: ignore[no-untyped-call]
        for number, para in enumerate(text.split("\n\n")):
            if number == 0 and index == 0 and doc.title and para.startswith(doc.title):
                document.add_heading(para, level=1)
            else:
                document.add_paragraph(para)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')  # fmt: skip
ODT_STYLES = ('<office:automatic-styles><style:style style:name="PB" style:family="paragraph">'
              '<style:paragraph-properties fo:break-before="page"/></style:style></office:automatic-styles>')  # fmt: skip


def _odt_para(text: str, page_break: bool) -> str:
    lines = "<text:line-break/>".join(escape(line) for line in text.split("\n"))
    style = ' text:style-name="PB"' if page_break else ""
    return f"<text:p{style}>{lines}</text:p>"


def odt_file(doc: SampleDoc) -> bytes:
    """A minimal valid ODF text document, one paragraph per block, page breaks between pages."""
    body = "".join(
        _odt_para(p, page_break=bool(i and j == 0))
        for i, page in enumerate(doc.pages)
        for j, p in enumerate(page.split("\n\n"))
    )
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS} office:version="1.2">'
               f"{ODT_STYLES}<office:body><office:text>{body}</office:text></office:body></office:document-content>")  # fmt: skip
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(
            zipfile.ZipInfo("mimetype", ZIP_TIME), "application/vnd.oasis.opendocument.text"
        )
        for name, data in (("content.xml", content), ("META-INF/manifest.xml", manifest)):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out.getvalue()


def html_text(doc: SampleDoc) -> str:
    blocks = []
    for index, page in enumerate(doc.pages):
        paras = page.split("\n\n")
        for number, para in enumerate(paras):
            tag = (
                "h1" if index == 0 and number == 0 and len(para) < 80 and "\n" not in para else "p"
            )
            blocks.append(f"<{tag}>{html_escape(para).replace(chr(10), '<br>')}</{tag}>")
    return (f'<!DOCTYPE html>\n<html lang="nl">\n<head><meta charset="utf-8"><title>{html_escape(doc.title)}</title>'
            '<style>body{font-family:Arial,sans-serif;max-width:48em}</style></head>\n<body>\n'
            + "\n".join(blocks) + "\n</body>\n</html>\n")  # fmt: skip


def html_file(doc: SampleDoc) -> bytes:
    return html_text(doc).encode("utf-8")


def txt_file(doc: SampleDoc) -> bytes:
    """Plain text; Windows encodings get Windows line ends, UTF-16 gets its byte order mark."""
    encoding = doc.truth.encoding or "utf-8"
    text = "\n\f\n".join(doc.pages)
    if encoding in ("cp1252", "utf-16"):
        text = text.replace("\n", "\r\n")
    return text.encode(encoding)
