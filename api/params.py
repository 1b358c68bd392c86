"""The ids and times the API takes, declared with the store's own rules (store/keys.py,
store/access.py) so the OpenAPI description says exactly what is accepted: an id that can never
exist is a 422 at the edge, naming the rule, rather than a surprise deeper down."""

import datetime as dt
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BeforeValidator, Field

from store.keys import MAX_DOC_ID, MAX_DOSSIER_ID, MAX_VERSION

# One safe path segment; it may not end with '.' (keys.check_dossier_id).
DOSSIER_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?$"
# A relative path of segments without control characters or backslashes, none of them empty,
# '.' or '..' (keys.check_doc_id). Written without look-arounds: pydantic's regex engine has none.
_C = r"[^/\\\x00-\x1f\x7f]"
_SEGMENT = rf"(?:[^/\\\x00-\x1f\x7f.]{_C}*|\.[^/\\\x00-\x1f\x7f.]{_C}*|\.\.{_C}+)"
DOC_PATTERN = rf"^{_SEGMENT}(?:/{_SEGMENT})*$"
# An upload's doc_id form field: empty means "the file's own name" (an empty form field reaches
# the route as absent, so it must be allowed by the description too).
DOC_OR_EMPTY_PATTERN = rf"^(?:{_SEGMENT}(?:/{_SEGMENT})*)?$"
# A search cursor as the API hands it out: the index's cursor, '.', a 32 hex digit signature.
CURSOR_PATTERN = r"^[A-Za-z0-9_=-]+\.[0-9a-f]{32}$"
# Users and records (grants, requests, tokens): access.check_user_id and access._safe.
RECORD_PATTERN = r"^[a-z0-9._@-]{1,64}$"

ID_RULES = {
    "dossier_id": {"pattern": DOSSIER_PATTERN, "maxLength": MAX_DOSSIER_ID},
    "doc_id": {"pattern": DOC_PATTERN, "maxLength": MAX_DOC_ID},
}

DossierIdPath = Annotated[
    str, Path(max_length=MAX_DOSSIER_ID, pattern=DOSSIER_PATTERN, description="dossier id")
]
DocIdPath = Annotated[
    str,
    Path(max_length=MAX_DOC_ID, pattern=DOC_PATTERN, description="document id (a relative path)"),
]
RecordIdPath = Annotated[str, Path(pattern=RECORD_PATTERN)]
VersionQuery = Annotated[
    int | None, Query(ge=1, le=MAX_VERSION, description="a version; the current one if not given")
]
DossierId = Annotated[str, Field(max_length=MAX_DOSSIER_ID, pattern=DOSSIER_PATTERN)]
DocId = Annotated[str, Field(max_length=MAX_DOC_ID, pattern=DOC_PATTERN)]
UserId = Annotated[str, Field(pattern=RECORD_PATTERN)]


def _not_a_number(value: Any) -> Any:
    """Dates and times are ISO 8601 text, as declared; pydantic would also read a number as a
    Unix timestamp, so '0.5' or 0 would silently mean 1970."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("give an ISO 8601 date or time, not a number")
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return value
        raise ValueError("give an ISO 8601 date or time, not a number")
    return value


Moment = Annotated[dt.datetime, BeforeValidator(_not_a_number)]
Day = Annotated[dt.date, BeforeValidator(_not_a_number)]
