"""The search page: one box, filters with facet counts, snippets with pages, per-dossier view,
paging and the cohort CSV. Its parameters are the API's, so the URL is the whole query and
`/api/v1/search` with the same query string gives the same answer."""

import datetime as dt
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response

from api.deps import Ctx
from api.routes import search as api_search
from search.models import FACETS
from search.service import by_dossier
from search.service import search as run_search
from ui.highlight import snippet
from ui.web import UiRoute, Who, render

router = APIRouter(route_class=UiRoute, include_in_schema=False)
Many = Annotated[list[str] | None, Query()]
PAGE_SIZE = 10
DOSSIER_PAGE = 50


@router.get("/")
def search_page(
    request: Request,
    ctx: Ctx,
    caller: Who,
    q: Annotated[str, Query(max_length=2000)] = "",
    type: Many = None,
    verdict: Many = None,
    component: Many = None,
    firm: Many = None,
    dossier: Many = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    as_of: dt.date | None = None,
    all_versions: bool = False,
    sort: Literal["relevance", "date"] = "relevance",
    after: Annotated[str | None, Query(max_length=2000)] = None,
    view: Literal["documents", "dossiers"] = "documents",
    p: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> Response:
    chosen: dict[str, Any] = {
        "q": q, "type": type or [], "verdict": verdict or [], "component": component or [],
        "firm": firm or [], "dossier": dossier or [], "date_from": date_from, "date_to": date_to,
        "as_of": as_of, "all_versions": all_versions, "sort": sort, "view": view, "page": p,
    }  # fmt: skip
    params = api_search.SearchParams(
        q=q, type=type, verdict=verdict, component=component, firm=firm, dossier=dossier,
        date_from=date_from, date_to=date_to, as_of=as_of, all_versions=all_versions, sort=sort,
    )  # fmt: skip
    data: dict[str, Any] = {"query": chosen, "results": None, "dossiers": None}
    if view == "dossiers":
        data.update(_by_dossier(ctx, caller, params, p))
    else:
        query = params.to_query(api_search.unsigned_cursor(ctx, after), limit=PAGE_SIZE)
        data["results"] = api_search.results(ctx, caller, query)
    data["facet_names"] = list(FACETS)
    data["csv_url"] = "/api/v1/search?" + _api_query(request) + "&format=csv"
    data["api_url"] = "/api/v1/search?" + _api_query(request)
    return render(request, "search.html", {**data, "snippet": snippet}, caller)


def _by_dossier(
    ctx: Ctx, caller: Who, params: api_search.SearchParams, page: int
) -> dict[str, Any]:
    """One row per dossier; one search event, as for the API's cohort (same details)."""
    query = params.to_query(after=None, limit=1)
    allowed = api_search.logged(ctx, caller, query, "dossiers")
    facets = run_search(ctx.index, query, allowed)
    rows = by_dossier(ctx.index, query, allowed)
    start = (page - 1) * DOSSIER_PAGE
    return {
        "results": facets.model_copy(update={"hits": []}),
        "dossiers": rows[start : start + DOSSIER_PAGE],
        "dossier_total": len(rows),
        "more_dossiers": len(rows) > start + DOSSIER_PAGE,
    }


def _api_query(request: Request) -> str:
    """The query string without the page-only parameters."""
    skip = {"view", "p", "after", "format"}
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in skip]
    return urlencode(items)
