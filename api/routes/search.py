"""Search over everything the caller may see; the access filter goes into the index query."""

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response

from api.auth import audited
from api.deps import Caller, Ctx
from search.models import Filters, SearchQuery, SearchResults
from search.service import by_dossier, cohort_csv
from search.service import search as run_search

router = APIRouter(prefix="/api/v1", tags=["search"])
Many = Annotated[list[str] | None, Query()]


@router.get("/search", response_model=SearchResults)
def search(
    request: Request,
    ctx: Ctx,
    caller: Caller,
    q: Annotated[str, Query(max_length=2000)] = "",
    type: Many = None,
    dossier: Many = None,
    verdict: Many = None,
    component: Many = None,
    material: Many = None,
    firm: Many = None,
    postcode: Many = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    as_of: dt.date | None = None,
    all_versions: bool = False,
    sort: Literal["relevance", "date"] = "relevance",
    limit: Annotated[int, Query(ge=1, le=1000)] = 10,
    after: Annotated[str | None, Query(max_length=2000)] = None,
    format: Literal["json", "csv"] = "json",
) -> SearchResults | Response:
    """Dutch full-text search; `format=csv` gives the cohort, one row per dossier."""
    query = SearchQuery(
        text=q,
        sort=sort,
        limit=limit,
        after=after,
        as_of=as_of,
        all_versions=all_versions,
        filters=Filters(
            dossier_ids=dossier or [],
            doc_types=type or [],
            verdicts=verdict or [],
            components=component or [],
            materials=material or [],
            firms=firm or [],
            postcodes=postcode or [],
            date_from=date_from,
            date_to=date_to,
        ),
    )
    allowed = ctx.access.allowed_dossiers(caller.user, ctx.now())
    audited(
        ctx,
        caller,
        "search.performed",
        "search",
        {
            "q": q[:200],
            "format": format,
            "filters": query.filters.model_dump(mode="json", exclude_defaults=True),
        },
    )
    if format == "csv":
        rows = by_dossier(ctx.index, query, allowed)
        return PlainTextResponse(
            cohort_csv(rows),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="cohort.csv"'},
        )
    return run_search(ctx.index, query, allowed)
