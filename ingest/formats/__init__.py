"""Format handlers: bytes → text page by page, elements, attachments. Pure: no storage.

`parse` never raises for bad input: damaged, encrypted, empty or unsupported files come back
with a status and a reason a person understands. One module per format; unstructured is used
only in here (through _unstructured.py, after the offline set-up in _offline.py).
"""

from ingest.formats import archive, image, mail, office, pdf, text
from ingest.formats.base import Child, Handler, Limits, Parsed
from ingest.formats.detect import detect

PARSER_VERSION = "1.0.0"

HANDLERS: tuple[Handler, ...] = (
    pdf.HANDLER,
    image.HANDLER,
    office.DOCX_HANDLER,
    office.ODT_HANDLER,
    text.HTML_HANDLER,
    text.TEXT_HANDLER,
    mail.EML_HANDLER,
    mail.MSG_HANDLER,
    archive.HANDLER,
)

__all__ = ["HANDLERS", "PARSER_VERSION", "Child", "Handler", "Limits", "Parsed", "detect", "parse"]


def handler_for(media_type: str, filename: str) -> Handler | None:
    """By the detected type first; by extension only when the bytes say nothing specific."""
    for handler in HANDLERS:
        if media_type in handler.media_types:
            return handler
    if media_type in ("application/octet-stream", "text/plain"):
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        for handler in HANDLERS:
            if suffix in handler.extensions:
                return handler
    if media_type.startswith("text/"):
        return text.TEXT_HANDLER
    return None


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    media_type = detect(data, filename)
    if not data:
        return Parsed(
            media_type=media_type, parser="none", status="empty", reason="file is empty (0 bytes)"
        )
    handler = handler_for(media_type, filename)
    if handler is None:
        return Parsed(
            media_type=media_type,
            parser="none",
            status="not_parsed",
            reason=f"format {media_type} is not supported; the file is stored but not read",
        )
    parsed = handler.parse(data, filename, limits)
    if parsed.media_type in ("image/unknown",):
        return parsed.model_copy(update={"media_type": media_type})
    return parsed
