"""E-mails (with attachments, also an attached e-mail) and zip archives, byte for byte repeatable."""

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime

from ingest.sample.model import SampleDoc
from ingest.sample.render_office import ZIP_TIME, html_text

MIME = {"pdf": ("application", "pdf"), "pdf-scan": ("application", "pdf"),
        "pdf-mixed": ("application", "pdf"), "zip": ("application", "zip"),
        "jpg": ("image", "jpeg"), "png": ("image", "png"), "tiff": ("image", "tiff"),
        "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "odt": ("application", "vnd.oasis.opendocument.text"), "html": ("text", "html"),
        "txt": ("text", "plain")}  # fmt: skip


def _digest(doc: SampleDoc) -> str:
    return hashlib.sha256(f"{doc.truth.dossier_id}/{doc.truth.doc_id}".encode()).hexdigest()[:16]


def message(doc: SampleDoc, render: Callable[[SampleDoc], bytes]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = doc.email_from or "info@ncg.example"
    msg["To"] = doc.email_to or "bewoner@example.nl"
    msg["Subject"] = doc.email_subject or doc.title
    day = dt.date.fromisoformat(doc.email_date or "2024-01-01")
    hour = 7 if doc.truth.parent else 9 + int(_digest(doc)[:2], 16) % 8  # a forward comes later
    when = dt.datetime(
        day.year, day.month, day.day, hour, 12, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{_digest(doc)}@{doc.truth.dossier_id.lower()}.navolg.example>"
    body = "\n\n".join(doc.pages)
    msg.set_content(body)
    if doc.email_html:
        msg.add_alternative(html_text(doc), subtype="html")
    for child in doc.attachments:
        if child.truth.format == "eml":
            inner = message(child, render)
            msg.add_attachment(inner, filename=child.filename)
            continue
        main, sub = MIME.get(child.truth.format, ("application", "octet-stream"))
        msg.add_attachment(render(child), maintype=main, subtype=sub, filename=child.filename)
    _fix_boundaries(msg, _digest(doc))
    return msg


def _fix_boundaries(msg: EmailMessage, salt: str) -> None:
    """Random MIME boundaries would change the bytes on every run."""
    for number, part in enumerate(msg.walk()):
        if part.get_content_maintype() == "multipart":
            part.set_boundary(f"=_navolg_{salt}_{number}")


def eml_file(doc: SampleDoc, render: Callable[[SampleDoc], bytes]) -> bytes:
    return bytes(message(doc, render))


def zip_file(doc: SampleDoc, render: Callable[[SampleDoc], bytes]) -> bytes:
    """Entries at their path inside the archive (the part of the doc id after the zip's)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for child in doc.attachments:
            entry = child.truth.doc_id.removeprefix(doc.truth.doc_id + "/")
            info = zipfile.ZipInfo(entry, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.flag_bits |= 0x800  # names are UTF-8
            zf.writestr(info, render(child))
    return out.getvalue()
