"""Search over everything the caller may see; the access filter goes into the index query."""

import hashlib
import hmac
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from api.auth import Principal, audited, authenticate
from api.deps import Ctx
from api.params import CURSOR_PATTERN, Day, query_model, query_parameters
from api.problems import AUTHED, ApiError, responses
from search.models import Filters, SearchQuery, SearchResults
from search.service import DossierRow, by_dossier, cohort_csv
from search.service import search as run_search

router = APIRouter(prefix="/api/v1", tags=["search"], responses=responses(*AUTHED))
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}


class DossierGroups(BaseModel):
    """`format=dossiers`: one row per dossier with its best matches, best dossier first (as
    `navolg search --group-by-dossier --json`); `limit` counts dossiers."""

    dossiers: list[DossierRow]


class SearchParams(BaseModel):
    """The query string of `GET /search`. Repeat a list parameter for more."""

    q: str = Field("", max_length=2000)
    type: list[str] | None = None
    dossier: list[str] | None = None
    verdict: list[str] | None = None
    component: list[str] | None = None
    material: list[str] | None = None
    firm: list[str] | None = None
    postcode: list[str] | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    as_of: Day | None = None
    all_versions: bool = False
    sort: Literal["relevance", "date"] = "relevance"
    limit: int = Field(10, ge=1, le=1000)
    after: str | None = Field(
        None,
        max_length=2000,
        pattern=CURSOR_PATTERN,
        description="the `next` of the previous page (signed: a made-up one is a 400)",
    )
    format: Literal["json", "csv", "dossiers"] = "json"

    def to_query(self, after: str | None, limit: int | None = None) -> SearchQuery:
        """The index's query; `after` is the index's own cursor (see `unsigned_cursor`)."""
        return SearchQuery(
            text=self.q,
            sort=self.sort,
            limit=limit or self.limit,
            after=after,
            as_of=self.as_of,
            all_versions=self.all_versions,
            filters=Filters(
                dossier_ids=self.dossier or [],
                doc_types=self.type or [],
                verdicts=self.verdict or [],
                components=self.component or [],
                materials=self.material or [],
                firms=self.firm or [],
                postcodes=self.postcode or [],
                date_from=self.date_from,
                date_to=self.date_to,
            ),
        )


@router.get(
    "/search",
    response_model=SearchResults | DossierGroups,
    responses={**CSV, **responses(400)},
    openapi_extra=query_parameters(SearchParams),
)
async def search(ctx: Ctx, request: Request) -> Response:
    """Dutch full-text search; `format=csv` gives the cohort, one row per dossier, and
    `format=dossiers` the hits grouped by dossier."""
    # Async with one thread hop for all the blocking work (sign-in, log, search, JSON): a sync
    # route or a sync `Caller` dependency each cost a hop of their own, and FastAPI's check of
    # the returned model is not needed on our own model (it stays in the OpenAPI description).
    return await ctx.in_thread(_answer, ctx, request)


def _answer(ctx: Ctx, request: Request) -> Response:
    """Sign-in first (a caller without credentials gets a logged 401 whatever else is wrong),
    then the query string, the search logged before it runs (fail closed), the answer."""
    caller = authenticate(request, ctx)
    p = query_model(SearchParams, request)
    query = p.to_query(after=unsigned_cursor(ctx, p.after))
    if p.format == "json":
        page = results(ctx, caller, query)
        return Response(page.model_dump_json(), media_type="application/json")
    allowed = logged(ctx, caller, query, p.format)
    if p.format == "csv":
        return PlainTextResponse(
            cohort_csv(by_dossier(ctx.index, query, allowed)),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="cohort.csv"'},
        )
    groups = DossierGroups(dossiers=by_dossier(ctx.index, query, allowed)[: query.limit])
    return Response(groups.model_dump_json(), media_type="application/json")


def results(ctx: Ctx, caller: Principal, query: SearchQuery) -> SearchResults:
    """One page of hits with a signed `next`, logged first; the UI's search page shows the same."""
    allowed = logged(ctx, caller, query, "json")
    found = run_search(ctx.index, query, allowed)
    return found.model_copy(update={"next": _signed(ctx, found.next)})


def logged(ctx: Ctx, caller: Principal, query: SearchQuery, format: str) -> frozenset[str] | None:
    """The caller's dossiers, once the search is on record (fail closed: no event, no answer)."""
    allowed = ctx.access.allowed_dossiers(caller.user, ctx.now())
    audited(
        ctx,
        caller,
        "search.performed",
        "search",
        {
            "q": query.text[:200],
            "format": format,
            "filters": query.filters.model_dump(mode="json", exclude_defaults=True),
        },
    )
    return allowed


def _signed(ctx: Ctx, cursor: str | None) -> str | None:
    """The index's cursor with our signature, so only cursors we handed out come back."""
    if cursor is None:
        return None
    return f"{cursor}.{hmac.new(ctx.secret, cursor.encode(), hashlib.sha256).hexdigest()[:32]}"


def unsigned_cursor(ctx: Ctx, after: str | None) -> str | None:
    """The index's own cursor, or 400: a made-up cursor would reach the index as a broken
    request (a 5xx) instead of being refused here as bad input."""
    if not after:
        return None
    cursor = after.rpartition(".")[0]
    if not hmac.compare_digest(_signed(ctx, cursor) or "", after):
        raise ApiError(
            400, "Invalid cursor", "`after` must be the `next` of a previous page of results"
        )
    return cursor
