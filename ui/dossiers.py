"""Dossier list, dossier page and document page: each calls the API's route functions, so the
same grant check and the same audit event come before anything is shown."""

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import Ctx
from api.routes import dossiers as api
from api.routes import trace as api_trace
from lineage.models import TimelineEntry
from store.models import Address, DocumentVersion
from ui import i18n
from ui.highlight import mark
from ui.timeline import LANES, timeline_svg
from ui.web import UiRoute, Who, doc_url, lang_of, render

router = APIRouter(route_class=UiRoute, include_in_schema=False)
SCALAR_FIELDS = ("doc_type", "document_date", "postcode", "huisnummer", "toevoeging", "kenmerk",
                 "verdict", "firm", "norm", "method")  # fmt: skip


def address_line(address: Address | None) -> str:
    """'Dorpsstraat 12a, 9711 AB Groningen' from whatever parts are known."""
    if address is None:
        return "—"
    number = " ".join(p for p in (address.huisnummer, address.toevoeging) if p)
    street = " ".join(p for p in (address.straat, number) if p)
    place = " ".join(p for p in (address.postcode, address.woonplaats) if p)
    return ", ".join(p for p in (street, place) if p) or "—"


@router.get("/dossiers")
def dossier_list(request: Request, ctx: Ctx, caller: Who) -> Response:
    rows = api.list_dossiers(request=request, ctx=ctx, caller=caller, postcode=None)
    data = {"dossiers": [{**r.model_dump(), "address_line": address_line(r.address)} for r in rows]}
    return render(request, "dossiers.html", data, caller)


@router.get("/dossiers/{dossier_id}")
def dossier_page(
    dossier_id: str, request: Request, ctx: Ctx, caller: Who, as_of: dt.date | None = None
) -> Response:
    """Address and verdict, the timeline, the verdict chains and the discrepancies (lineage,
    through the API's trace route), and the documents."""
    view = api.get_dossier(dossier_id=dossier_id, request=request, ctx=ctx, caller=caller)
    trace = api_trace.get_trace(
        dossier_id=dossier_id, request=request, ctx=ctx, caller=caller, as_of=as_of
    )
    documents = sorted(view.documents, key=lambda d: (d.document_date or "9999", d.doc_id))
    data: dict[str, Any] = {
        "dossier": view.model_copy(update={"documents": documents}),
        "address_line": address_line(view.address),
        "trace": trace,
        "as_of": as_of,
        "timeline_svg": _timeline(request, dossier_id, trace.timeline),
    }
    return render(request, "dossier.html", data, caller)


def _timeline(request: Request, dossier_id: str, entries: list[TimelineEntry]) -> str:
    t = i18n.translator(lang_of(request))
    label = i18n.labeller(lang_of(request))

    def describe(e: TimelineEntry) -> str:
        day = e.document_date or t("trace.undated")
        verdict = f", {label(e.verdict)}" if e.verdict else ""
        return f"{label(e.doc_type)}: {e.doc_id}, {t('version')} {e.version}, {day}{verdict}"

    return timeline_svg(
        entries,
        [t(f"lane.{name}") for name, _ in LANES],
        t("trace.undated"),
        lambda e: doc_url(dossier_id, e.doc_id, version=e.version),
        describe,
        t("trace.timeline"),
    )


@router.get("/documents/{dossier_id}/{doc_id:path}")
def document_page(
    dossier_id: str,
    doc_id: str,
    request: Request,
    ctx: Ctx,
    caller: Who,
    version: int | None = None,
    q: str = "",
    compare: int | None = None,
) -> Response:
    """Text page by page with the search terms marked, fields with their why, versions, and
    with `compare` the diff (text and fields) from that version to this one."""
    ids = {"dossier_id": dossier_id, "doc_id": doc_id}
    record = api.get_document(**ids, request=request, ctx=ctx, caller=caller, version=version)
    text = api.get_text(**ids, request=request, ctx=ctx, caller=caller, version=record.version)
    diff = None
    if compare is not None and compare != record.version:
        old, new = sorted((compare, record.version))
        diff = api_trace.get_diff(**ids, request=request, ctx=ctx, caller=caller, v1=old, v2=new)
    marked = [mark(page, q[:2000]) for page in text.pages]
    data: dict[str, Any] = {
        "record": record,
        "pages": text.pages,
        "versions": _versions(ctx, record),
        "children": _children(ctx, record),
        "fields": _fields(record),
        "q": q,
        "marks": sum(n for _, n in marked),
        "marked": [html for html, _ in marked],
        "diff": diff,
    }
    return render(request, "document.html", data, caller)


def _versions(ctx: Ctx, record: DocumentVersion) -> list[dict[str, Any]]:
    """Every version of this document (already authorised and logged by get_document)."""
    return [
        {"version": v.version, "document_date": v.document_date, "ingested_at": v.ingested_at,
         "sha256": v.sha256}
        for v in ctx.store.list_versions(record.dossier_id, record.doc_id)
    ]  # fmt: skip


def _children(ctx: Ctx, record: DocumentVersion) -> list[str]:
    """Attachments: a child's id is its parent's id, a slash and its own name."""
    prefix = record.doc_id + "/"
    return [d for d in ctx.store.list_documents(record.dossier_id) if d.startswith(prefix)]


def _fields(record: DocumentVersion) -> list[dict[str, Any]]:
    """Each extracted fact with the page and quote it came from (its "why")."""
    f = record.fields
    rows: list[dict[str, Any]] = []
    for name in SCALAR_FIELDS:
        found = getattr(f, name)
        if found is not None:
            rows.append(_row(name, str(found.value), found.source))
    for name in ("components", "materials"):
        rows.extend(_row(name, item.value, item.source) for item in getattr(f, name))
    for m in f.measurements:
        rows.append(_row("measurement", f"{m.name} {m.value:g} {m.unit}", m.source))
    for ref in f.references:
        said = " ".join(str(p) for p in (ref.doc_type, ref.kenmerk, ref.date) if p)
        rows.append(_row("reference", said, ref.source))
    return rows


def _row(name: str, value: str, source: Any) -> dict[str, Any]:
    return {"field": name, "value": value, "page": source.page, "quote": source.quote}
