"""Dossiers, documents, versions, text and originals; every look is logged before it is shown."""

import re
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from api.auth import audited, require_dossier
from api.deps import Caller, Ctx
from api.params import DocIdPath, DossierIdPath, VersionQuery
from api.problems import AUTHED, ApiError, responses
from store.models import Address, DocumentVersion

router = APIRouter(prefix="/api/v1", tags=["dossiers"], responses=responses(*AUTHED))
ONE = responses(400, 404)  # an id that cannot be valid, or no such record
BYTES = {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}
STREAMED = {
    200: {**BYTES, "description": "The original, with its recorded media type"},
    206: {**BYTES, "description": "The requested byte range"},
    **responses(400, 404, 416),
}
DECIDING = ("besluit", "beslissing_op_bezwaar")
CHUNK = 1 << 16


class DossierSummary(BaseModel):
    dossier_id: str
    address: Address | None


class DocumentSummary(BaseModel):
    doc_id: str
    versions: int
    doc_type: str | None
    document_date: str | None
    parent: str | None


class DossierView(BaseModel):
    dossier_id: str
    address: Address | None
    current_verdict: str | None
    verdict_source: str | None
    documents: list[DocumentSummary]


class TextView(BaseModel):
    dossier_id: str
    doc_id: str
    version: int
    parse_status: str | None
    pages: list[str]


@router.get("/dossiers", response_model=list[DossierSummary])
def list_dossiers(
    request: Request,
    ctx: Ctx,
    caller: Caller,
    postcode: Annotated[str | None, Query(max_length=10)] = None,
) -> list[DossierSummary]:
    allowed = ctx.access.allowed_dossiers(caller.user, ctx.now())
    audited(ctx, caller, "dossiers.listed", "dossiers", {"postcode": postcode})
    out = []
    for dossier_id in ctx.store.list_dossiers():
        if allowed is not None and dossier_id not in allowed:
            continue
        address = ctx.store.get_dossier(dossier_id).address
        if postcode and (address is None or address.postcode != postcode):
            continue
        out.append(DossierSummary(dossier_id=dossier_id, address=address))
    return out


@router.get("/dossiers/{dossier_id}", response_model=DossierView, responses=ONE)
def get_dossier(
    dossier_id: DossierIdPath, request: Request, ctx: Ctx, caller: Caller
) -> DossierView:
    require_dossier(ctx, caller, request, dossier_id)
    dossier = ctx.store.get_dossier(dossier_id)
    audited(ctx, caller, "dossier.viewed", f"dossier:{dossier_id}", {})
    latest = [
        ctx.store.effective(ctx.store.get_version(dossier_id, d))
        for d in ctx.store.list_documents(dossier_id)
    ]
    docs = [
        DocumentSummary(
            doc_id=r.doc_id,
            versions=r.version,
            doc_type=r.doc_type,
            document_date=r.document_date.isoformat() if r.document_date else None,
            parent=r.parent.doc_id if r.parent else None,
        )
        for r in latest
    ]
    deciding = sorted(
        (r for r in latest if r.doc_type in DECIDING and r.fields.verdict),
        key=lambda r: r.effective_at,
    )
    verdict = deciding[-1] if deciding else None
    return DossierView(
        dossier_id=dossier_id,
        address=dossier.address,
        documents=docs,
        current_verdict=verdict.fields.verdict.value
        if verdict and verdict.fields.verdict
        else None,
        verdict_source=verdict.doc_id if verdict else None,
    )


def _record(
    ctx: Ctx, caller: Caller, request: Request, dossier_id: str, doc_id: str, version: int | None
) -> DocumentVersion:
    require_dossier(ctx, caller, request, dossier_id)
    return ctx.store.effective(ctx.store.get_version(dossier_id, doc_id, version))


@router.get("/documents/{dossier_id}/{doc_id:path}", response_model=DocumentVersion, responses=ONE)
def get_document(
    dossier_id: DossierIdPath,
    doc_id: DocIdPath,
    request: Request,
    ctx: Ctx,
    caller: Caller,
    version: VersionQuery = None,
) -> DocumentVersion:
    """A version record with its fields, each with the page and quote it came from."""
    record = _record(ctx, caller, request, dossier_id, doc_id, version)
    audited(
        ctx,
        caller,
        "document.viewed",
        f"document:{dossier_id}/{doc_id}",
        {"version": record.version},
    )
    return record


@router.get("/texts/{dossier_id}/{doc_id:path}", response_model=TextView, responses=ONE)
def get_text(
    dossier_id: DossierIdPath,
    doc_id: DocIdPath,
    request: Request,
    ctx: Ctx,
    caller: Caller,
    version: VersionQuery = None,
) -> TextView:
    record = _record(ctx, caller, request, dossier_id, doc_id, version)
    audited(
        ctx,
        caller,
        "document.text.viewed",
        f"document:{dossier_id}/{doc_id}",
        {"version": record.version},
    )
    parse = ctx.store.get_parse(record.sha256)
    return TextView(
        dossier_id=dossier_id,
        doc_id=doc_id,
        version=record.version,
        parse_status=record.parse_status,
        pages=[p.text for p in parse.pages] if parse else [],
    )


_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


@router.get(
    "/originals/{dossier_id}/{doc_id:path}",
    response_class=StreamingResponse,
    responses=STREAMED,
)
def download(
    dossier_id: DossierIdPath,
    doc_id: DocIdPath,
    request: Request,
    ctx: Ctx,
    caller: Caller,
    version: VersionQuery = None,
    range_header: Annotated[str | None, Header(alias="range")] = None,
) -> StreamingResponse:
    """The original bytes, streamed, with the recorded media type and a safe file name."""
    record = _record(ctx, caller, request, dossier_id, doc_id, version)
    start, end = _byte_range(range_header, record.size)
    audited(
        ctx,
        caller,
        "document.downloaded",
        f"document:{dossier_id}/{doc_id}",
        {"version": record.version, "sha256": record.sha256, "range": range_header},
    )
    name = _safe_name(record.original_filename or doc_id.rsplit("/", 1)[-1])
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Accept-Ranges": "bytes",
        "Content-Length": str(end - start + 1),
        "X-Content-SHA256": record.sha256,
    }
    status = 200
    if range_header:
        headers["Content-Range"] = f"bytes {start}-{end}/{record.size}"
        status = 206
    return StreamingResponse(
        _stream(ctx, record.sha256, start, end),
        status_code=status,
        media_type=record.media_type,
        headers=headers,
    )


def _byte_range(header: str | None, size: int) -> tuple[int, int]:
    if not header:
        return 0, max(size - 1, 0)
    match = _RANGE.match(header.strip())
    if not match or (not match[1] and not match[2]):
        raise ApiError(
            416,
            "Range not satisfiable",
            f"unsupported range {header!r}",
            {"Content-Range": f"bytes */{size}"},
        )
    if match[1]:
        start, end = int(match[1]), int(match[2]) if match[2] else size - 1
    else:
        start, end = max(size - int(match[2]), 0), size - 1
    if start >= size or start > end:
        raise ApiError(
            416,
            "Range not satisfiable",
            f"the file has {size} bytes",
            {"Content-Range": f"bytes */{size}"},
        )
    return start, min(end, size - 1)


def _stream(ctx: Ctx, sha256: str, start: int, end: int) -> Iterator[bytes]:
    with ctx.store.open_blob(sha256) as blob:
        remaining = end - start + 1
        skip = start
        while skip:
            skip -= len(blob.read(min(skip, CHUNK)))
        while remaining > 0:
            chunk = blob.read(min(remaining, CHUNK))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\- ()]", "_", name)[:150].strip() or "document"
    return cleaned
