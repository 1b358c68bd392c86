"""Liveness, readiness (store and index reachable) and Prometheus metrics."""

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from api.deps import Ctx
from api.problems import ApiError, responses

router = APIRouter(tags=["system"])


class Health(BaseModel):
    status: str
    store: str | None = None
    index: str | None = None


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses=responses(503))
def readyz(ctx: Ctx) -> Health:
    try:
        ctx.store.backend.exists("audit/events/000000000001.json")
    except Exception as exc:  # any failure means not ready
        raise ApiError(503, "Store not reachable", str(exc), {"Retry-After": "10"}) from exc
    try:
        ctx.index.ping()
    except Exception as exc:  # any failure means not ready
        raise ApiError(503, "Index not reachable", str(exc), {"Retry-After": "10"}) from exc
    return Health(status="ready", store=ctx.store.backend.describe(), index=ctx.index.name)


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request) -> str:
    counts: dict[tuple[str, int], int] = request.app.state.requests
    lines = [
        "# HELP navolg_http_requests_total HTTP requests by route template and status.",
        "# TYPE navolg_http_requests_total counter",
    ]
    for (route, status), n in sorted(counts.items()):
        lines.append(f'navolg_http_requests_total{{route="{route}",status="{status}"}} {n}')
    return "\n".join(lines) + "\n"
