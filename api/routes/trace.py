"""Trace, PROV export, version history and diffs of a dossier: thin routes over lineage/.

Authorised and logged exactly like every other dossier read (api.auth.require_dossier first,
api.auth.audited before the answer is sent), so a refusal is an access.denied event and a
read that cannot be logged is not answered.
"""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.auth import audited, require_dossier
from api.deps import Caller, Ctx
from api.params import DocIdPath, DossierIdPath
from lineage.build import build_trace, document_diff, document_history
from lineage.models import Diff, History, Trace
from lineage.prov import to_prov

router = APIRouter(prefix="/api/v1", tags=["trace"])
AsOf = Annotated[dt.date | None, Query(description="the dossier as it stood that day")]
Version = Annotated[int, Query(ge=1, le=999_999)]


@router.get("/dossiers/{dossier_id}/trace", response_model=Trace)
def get_trace(
    dossier_id: DossierIdPath, request: Request, ctx: Ctx, caller: Caller, as_of: AsOf = None
) -> Trace:
    """Timeline, verdict chains with their evidence, later changes and discrepancies."""
    require_dossier(ctx, caller, request, dossier_id)
    details: dict[str, object] = {"as_of": as_of.isoformat() if as_of else None}
    trace = build_trace(ctx.store, dossier_id, as_of)
    audited(ctx, caller, "dossier.traced", f"dossier:{dossier_id}", details)
    return trace


@router.get("/dossiers/{dossier_id}/trace/prov")
def get_prov(
    dossier_id: DossierIdPath, request: Request, ctx: Ctx, caller: Caller, as_of: AsOf = None
) -> dict[str, Any]:
    """The same trace as W3C PROV-JSON."""
    require_dossier(ctx, caller, request, dossier_id)
    details: dict[str, object] = {"as_of": as_of and as_of.isoformat(), "format": "prov-json"}
    prov = to_prov(build_trace(ctx.store, dossier_id, as_of))
    audited(ctx, caller, "dossier.trace.exported", f"dossier:{dossier_id}", details)
    return prov


@router.get("/history/{dossier_id}/{doc_id:path}", response_model=History)
def get_history(
    dossier_id: DossierIdPath, doc_id: DocIdPath, request: Request, ctx: Ctx, caller: Caller
) -> History:
    """Every version of a document, each with its field changes against the one before."""
    require_dossier(ctx, caller, request, dossier_id)
    history = document_history(ctx.store, dossier_id, doc_id)
    audited(ctx, caller, "document.history.viewed", f"document:{dossier_id}/{doc_id}", {})
    return history


@router.get("/diff/{dossier_id}/{doc_id:path}", response_model=Diff)
def get_diff(
    dossier_id: DossierIdPath,
    doc_id: DocIdPath,
    request: Request,
    ctx: Ctx,
    caller: Caller,
    v1: Version,
    v2: Version,
) -> Diff:
    """Text diff by page and paragraph, and field diff, between versions v1 and v2."""
    require_dossier(ctx, caller, request, dossier_id)
    diff = document_diff(ctx.store, dossier_id, doc_id, v1, v2)
    details: dict[str, object] = {"versions": [v1, v2]}
    audited(ctx, caller, "document.diff.viewed", f"document:{dossier_id}/{doc_id}", details)
    return diff
