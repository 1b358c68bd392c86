"""Format handlers: bytes → text page by page, elements, attachments. Pure: no storage.

`parse` never raises for bad input: damaged, encrypted, empty or unsupported files come back
with a status and a reason a person understands. One module per format, each declaring the
media types and extensions it reads (`base.Handler`); `registry` picks one from the detected
type. unstructured is used only in here (through _unstructured.py), after the offline set-up in
_offline.py, which the registry applies once before the first handler that needs it.
"""

from ingest.formats.base import Child, FormatHandler, Handler, Limits, Parsed
from ingest.formats.detect import detect
from ingest.formats.registry import HANDLERS, handler_for, parse
from ingest.formats.version import PARSER_VERSION

__all__ = [
    "HANDLERS",
    "PARSER_VERSION",
    "Child",
    "FormatHandler",
    "Handler",
    "Limits",
    "Parsed",
    "detect",
    "handler_for",
    "parse",
]
