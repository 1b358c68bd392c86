"""Dossier list, dossier page and document page: each calls the API's route functions, so the
same grant check and the same audit event come before anything is shown."""

from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import Ctx
from api.routes import dossiers as api
from store.models import Address, DocumentVersion
from ui.highlight import mark
from ui.web import UiRoute, Who, render

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
    rows = api.list_dossiers(request, ctx, caller, postcode=None)
    data = {"dossiers": [{**r.model_dump(), "address_line": address_line(r.address)} for r in rows]}
    return render(request, "dossiers.html", data, caller)


@router.get("/dossiers/{dossier_id}")
def dossier_page(dossier_id: str, request: Request, ctx: Ctx, caller: Who) -> Response:
    view = api.get_dossier(dossier_id, request, ctx, caller)
    documents = sorted(view.documents, key=lambda d: (d.document_date or "9999", d.doc_id))
    data: dict[str, Any] = {
        "dossier": view.model_copy(update={"documents": documents}),
        "address_line": address_line(view.address),
    }
    return render(request, "dossier.html", data, caller)


@router.get("/documents/{dossier_id}/{doc_id:path}")
def document_page(
    dossier_id: str,
    doc_id: str,
    request: Request,
    ctx: Ctx,
    caller: Who,
    version: int | None = None,
    q: str = "",
) -> Response:
    record = api.get_document(dossier_id, doc_id, request, ctx, caller, version=version)
    text = api.get_text(dossier_id, doc_id, request, ctx, caller, version=record.version)
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
