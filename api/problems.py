"""Errors as RFC 9457 problem details: one shape, a clear message, never a stack trace."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from search.errors import IndexUnavailable, SearchError
from store.errors import InvalidId, NotFound, StoreError, StoreUnavailable

log = logging.getLogger("navolg.api")
MEDIA = "application/problem+json"


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


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

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(
            request, exc.status_code, str(exc.detail), None, getattr(exc, "headers", None)
        )

    _install_domain(app)


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
