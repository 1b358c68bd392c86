"""The ids and times the API takes, declared with the store's own rules (store/keys.py,
store/access.py) so the OpenAPI description says exactly what is accepted: an id that can never
exist is a 422 at the edge, naming the rule, rather than a surprise deeper down."""

import datetime as dt
import functools
from typing import Annotated, Any, TypeVar, get_args, get_origin

from fastapi import Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, Field, ValidationError

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


M = TypeVar("M", bound=BaseModel)


def query_model(model: type[M], request: Request) -> M:
    """A route's query string read into one model, as FastAPI would read the same parameters
    one by one (lists repeat the parameter, the last value of a scalar wins; errors are a 422
    naming `query.<name>`), at a fraction of the cost: FastAPI's per-parameter solving was a
    fifth of a search request's CPU in bench/api.py. Declare it with `query_parameters`."""
    given = request.query_params
    lists = _list_fields(model)
    values = {
        name: given.getlist(name) if name in lists else given[name]
        for name in model.model_fields
        if name in given
    }
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False)
        raise RequestValidationError([{**e, "loc": ("query", *e["loc"])} for e in errors]) from None


def query_parameters(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI `parameters` of a `query_model` route, for the route's `openapi_extra`."""
    schema = model.model_json_schema()
    if "$defs" in schema:  # a $ref would point nowhere from inside a parameter
        raise TypeError(f"{model.__name__}: query fields must be plain types, not models/enums")
    required = set(schema.get("required", []))
    return {
        "parameters": [
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "schema": prop,
                **({"description": prop["description"]} if "description" in prop else {}),
            }
            for name, prop in schema["properties"].items()
        ]
    }


@functools.cache
def _list_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields given by repeating the parameter (`list[...]`, optionally `| None`)."""
    return frozenset(
        name
        for name, field in model.model_fields.items()
        if any(get_origin(a) is list for a in (field.annotation, *get_args(field.annotation)))
    )
