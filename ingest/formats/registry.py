"""Which handler reads a file, and the one entry point that never raises for bad input."""

import logging

from ingest.formats import (
    _offline,
    archive,
    docx,
    eml,
    html,
    image,
    msg,
    odt,
    pdf,
    text,
)
from ingest.formats.base import Handler, Limits, Parsed
from ingest.formats.detect import detect
from ingest.formats.media import EMPTY, TEXT, UNKNOWN

log = logging.getLogger(__name__)

HANDLERS: tuple[Handler, ...] = (
    pdf.HANDLER,
    image.HANDLER,
    docx.HANDLER,
    odt.HANDLER,
    html.HANDLER,
    text.HANDLER,
    eml.HANDLER,
    msg.HANDLER,
    archive.HANDLER,
)


TEXTUAL = frozenset({eml.HANDLER.name, html.HANDLER.name, text.HANDLER.name})


def handler_for(media_type: str, filename: str) -> Handler | None:
    """By the detected type; the extension only decides where the bytes say little:
    unknown bytes go by extension, plain text may be read as the text format its name says."""
    if media_type in (UNKNOWN, TEXT):
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        for handler in HANDLERS:
            if suffix in handler.extensions and (media_type == UNKNOWN or handler.name in TEXTUAL):
                return handler
    for handler in HANDLERS:
        if media_type in handler.media_types:
            return handler
    if media_type.startswith("text/"):
        return text.HANDLER
    return None


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    """Bytes → Parsed. Bad input comes back with a status and a reason, never as an exception."""
    media_type = detect(data, filename)
    if not data:
        return Parsed(
            media_type=EMPTY, parser="none", status="empty", reason="The file is empty (0 bytes)."
        )
    handler = handler_for(media_type, filename)
    if handler is None:
        return Parsed(
            media_type=media_type,
            parser="none",
            status="not_parsed",
            reason=f"The format {media_type} is not supported; the file is stored but not read.",
        )
    if handler.uses_unstructured:
        _offline.apply()
    return _guarded(handler, data, filename, limits, media_type)


def _guarded(
    handler: Handler, data: bytes, filename: str, limits: Limits, media_type: str
) -> Parsed:
    """Handlers translate the errors they expect; anything else on hostile bytes is recorded
    (and logged with its traceback, since it may be a bug) instead of failing the ingest."""
    try:
        parsed = handler.parse(data, filename, limits)
    except (MemoryError, RecursionError) as exc:
        reason = f"The {handler.name} file is too complex to read ({type(exc).__name__})."
        return Parsed(media_type=media_type, parser=handler.name, status="failed", reason=reason)
    except Exception as exc:
        log.exception("the %s handler failed on %r", handler.name, filename)
        reason = (
            f"The {handler.name} reader failed on this file ({type(exc).__name__}: {exc}); "
            "it may be damaged."
        )
        return Parsed(media_type=media_type, parser=handler.name, status="failed", reason=reason)
    if parsed.media_type == image.UNKNOWN_IMAGE:
        return parsed.model_copy(update={"media_type": media_type})
    return parsed
