"""Errors as RFC 9457 problem details: one shape, a clear message, never a stack trace."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match

from api.params import ID_RULES
from search.errors import IndexOutdated, IndexUnavailable, SearchError
from store.errors import InvalidId, NotFound, StoreError, StoreUnavailable

log = logging.getLogger("navolg.api")
MEDIA = "application/problem+json"


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


_WHY = {
    400: "A body that cannot be read, or an identifier or cursor that cannot be valid",
    401: "No, an invalid, an expired or a revoked token or session (logged)",
    403: "Signed in, but not allowed: role, grant or CSRF token (logged)",
    404: "No such record",
    409: "Conflicts with what is recorded",
    413: "The upload is larger than the limit",
    416: "The byte range is outside the file",
    422: "The request is not valid (every problem at once)",
    503: "The store, the index or the audit log cannot be reached; nothing was answered",
}
AUTHED = (401, 403, 422, 503)  # what any signed-in request can get


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the problem responses a route can give (RFC 9457 media type)."""
    schema = Problem.model_json_schema()
    return {
        status: {"description": _WHY[status], "content": {MEDIA: {"schema": schema}}}
        for status in sorted(set(statuses))
    }


class ApiError(Exception):
    """Raised by routes for expected refusals (401, 403, 404, 409, 413, 503)."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.headers = status, title, detail, headers


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail, instance=request.url.path)
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=status, media_type=MEDIA, headers=headers
    )


def too_large(request: Request) -> JSONResponse:
    limit = request.app.state.ctx.settings.max_upload_mb
    return problem(request, 413, "File too large", f"uploads are limited to {limit} MiB")


def install(app: FastAPI) -> None:
    """Map domain errors to statuses in one place (domain code never raises HTTP errors)."""

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        return problem(request, exc.status, exc.title, exc.detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        return problem(request, 422, "The request is not valid", details)

    @app.exception_handler(ValidationError)
    async def _model(request: Request, exc: ValidationError) -> JSONResponse:
        """A model built from the caller's input inside a route (e.g. by the web pages)."""
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        return problem(request, 422, "The request is not valid", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(app, request)
        if exc.status_code == 413:  # the body limit (api.limits), hit before the route ran
            return too_large(request)
        return problem(request, exc.status_code, str(exc.detail), None, headers or None)

    _install_domain(app)
    _describe_problems(app)


def _plain_lists(operation: dict[str, Any]) -> None:
    """A repeatable query parameter typed `list[str] | None` (no per-request default factory)
    is described as what a client can send: an array, or leaving it out. 'Array or null' made
    schemathesis take `?type=false` for invalid input that was wrongly accepted."""
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        kinds = schema.get("anyOf", [])
        if parameter.get("in") == "query" and len(kinds) == 2 and {"type": "null"} in kinds:
            (array,) = [k for k in kinds if k != {"type": "null"}]
            if array.get("type") == "array":
                parameter["schema"] = {**{k: v for k, v in schema.items() if k != "anyOf"}, **array}


def _declare_id_rules(operation: dict[str, Any]) -> None:
    """Path ids named dossier_id or doc_id follow the store's rules in every route; routes that
    take a plain str still get them declared (the store refuses others with a 400)."""
    for parameter in operation.get("parameters", []):
        rule = ID_RULES.get(parameter.get("name", ""))
        if parameter.get("in") == "path" and rule and "pattern" not in parameter["schema"]:
            parameter["schema"].update(rule)


def _describe_problems(app: FastAPI) -> None:
    """Every API operation declares the problems any route can give: 401/403 (sign-in, role,
    grant, CSRF), 422 (in our media type, not FastAPI's default shape) and 503 (audit log,
    store or index down); with ids in the path also 400 and 404. Routes add their own."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        for path, operations in schema.get("paths", {}).items():
            if not path.startswith("/api/"):
                continue
            codes = AUTHED + ((400, 404) if "{" in path else ())
            for operation in operations.values():
                _declare_id_rules(operation)
                _plain_lists(operation)
                declared = operation.setdefault("responses", {})
                declared.pop("422", None)  # FastAPI's application/json shape: never sent
                for code, response in responses(*codes).items():
                    declared.setdefault(str(code), response)
        schema.get("components", {}).get("schemas", {}).pop("HTTPValidationError", None)
        schema.get("components", {}).get("schemas", {}).pop("ValidationError", None)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _allowed_methods(app: FastAPI, request: Request) -> str:
    """Every method of every route on this path: Starlette names only the first route's."""
    methods: set[str] = set()
    for route in app.router.routes:
        if isinstance(route, BaseRoute) and route.matches(request.scope)[0] != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def _install_domain(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> JSONResponse:
        return problem(request, 404, "Not found", str(exc))

    @app.exception_handler(InvalidId)
    async def _bad_id(request: Request, exc: InvalidId) -> JSONResponse:
        return problem(request, 400, "Invalid identifier", str(exc))

    @app.exception_handler(IndexUnavailable)
    async def _index_down(request: Request, exc: IndexUnavailable) -> JSONResponse:
        return problem(
            request, 503, "Search is temporarily unavailable", str(exc), {"Retry-After": "30"}
        )

    @app.exception_handler(IndexOutdated)
    async def _index_outdated(request: Request, exc: IndexOutdated) -> JSONResponse:
        # No Retry-After: the index stays unusable until an administrator rebuilds it.
        return problem(request, 503, "The search index must be rebuilt", str(exc))

    @app.exception_handler(StoreUnavailable)
    async def _store_down(request: Request, exc: StoreUnavailable) -> JSONResponse:
        return problem(
            request, 503, "The store is temporarily unavailable", str(exc), {"Retry-After": "30"}
        )

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        return problem(request, 409, "The request conflicts with what is recorded", str(exc))

    @app.exception_handler(SearchError)
    async def _search(request: Request, exc: SearchError) -> JSONResponse:
        log.exception("search error")
        return problem(
            request,
            503,
            "Search failed",
            "the index refused the request; try again",
            {"Retry-After": "30"},
        )

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return problem(
            request, 500, "Internal error", "something went wrong on our side; it is logged"
        )
