"""Upload into a dossier: streamed to a temp file (size-limited), then the ingest pipeline."""

import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile

from api.auth import require_role
from api.deps import Caller, Ctx
from api.params import DOC_OR_EMPTY_PATTERN, DossierIdPath
from api.problems import AUTHED, ApiError, responses
from ingest.names import safe_doc_id
from ingest.pipeline import IngestOptions, Ingestor, IngestReport
from search.indexer import Indexer
from store.errors import InvalidId
from store.keys import check_key, numbered, readings_prefix

router = APIRouter(prefix="/api/v1", tags=["upload"], responses=responses(*AUTHED))
UPLOADERS = {"admin", "reviewer"}
CHUNK = 1 << 20


@router.post(
    "/dossiers/{dossier_id}/documents",
    response_model=IngestReport,
    status_code=201,
    responses=responses(400, 409, 413),
)
def upload(
    dossier_id: DossierIdPath,
    file: UploadFile,
    request: Request,
    ctx: Ctx,
    caller: Caller,
    doc_id: Annotated[str | None, Form(max_length=400, pattern=DOC_OR_EMPTY_PATTERN)] = None,
) -> IngestReport:
    """Store, parse and version one file; the same bytes again create nothing."""
    require_role(ctx, caller, request, UPLOADERS)
    limit = ctx.settings.max_upload_mb << 20
    name = (file.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1] or "upload"
    target = _doc_id(dossier_id, doc_id, name)
    with tempfile.TemporaryDirectory(prefix="navolg-upload-") as tmp:
        path = Path(tmp) / "upload"
        size = 0
        with path.open("wb") as out:
            while chunk := file.file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ApiError(
                        413,
                        "File too large",
                        f"uploads are limited to {ctx.settings.max_upload_mb} MiB",
                    )
                out.write(chunk)
        options = IngestOptions(actor=caller.user_id, workers=1, max_file_bytes=limit)
        ingestor = Ingestor(
            ctx.store, options, Indexer(ctx.store, ctx.index), pools=ctx.parse_pools
        )
        report = ingestor.ingest_file(dossier_id, target, path, name, f"upload by {caller.user_id}")
        shutil.rmtree(tmp, ignore_errors=True)
    if report.failed:  # the reasons on record, not only in this answer: a zip entry refused
        # as a bomb, say, leaves no document to keep its reason with
        failures = [{"doc_id": f.doc_id, "reason": f.reason[:500]} for f in report.failed[:50]]
        ctx.store.audit.append(
            caller.user_id,
            "upload.failures",
            f"dossier:{dossier_id}",
            {"doc_id": target, "failures": failures, "more": max(len(report.failed) - 50, 0)},
        )
    if report.not_stored:
        raise ApiError(
            422, "The file could not be stored", report.failed[0].reason if report.failed else None
        )
    return report


def _storable(dossier_id: str, doc_id: str) -> bool:
    """Whether every key of the document fits the store (percent-encoding can make a 400
    character id several times longer; the store refuses keys over 1000 characters)."""
    try:
        longest = numbered(readings_prefix(dossier_id, safe_doc_id(doc_id.split("/")), 1), 1)
        check_key(longest + "x" * 64)  # room for the reading's own name
    except InvalidId:
        return False
    return True


def _doc_id(dossier_id: str, doc_id: str | None, name: str) -> str:
    """The id asked for (refused with 422 if the store cannot hold it), else the file's name;
    a name too long for an id is shortened, with a hash of the whole name to keep it unique
    (the full name stays the version's original_filename)."""
    if doc_id:
        if not _storable(dossier_id, doc_id):
            raise ApiError(422, "The document id cannot be stored", "choose a shorter doc_id")
        return doc_id
    if _storable(dossier_id, name):
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    ext = name.rpartition(".")[2] if "." in name else ""
    return (
        f"upload-{digest}.{ext}"
        if ext.isascii() and ext.isalnum() and len(ext) <= 10
        else (f"upload-{digest}")
    )
