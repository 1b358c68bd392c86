"""Upload into a dossier: streamed to a temp file (size-limited), then the ingest pipeline."""

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile

from api.auth import require_role
from api.deps import Caller, Ctx
from api.problems import ApiError
from ingest.pipeline import IngestOptions, Ingestor, IngestReport
from search.indexer import Indexer

router = APIRouter(prefix="/api/v1", tags=["upload"])
UPLOADERS = {"admin", "reviewer"}
CHUNK = 1 << 20


@router.post("/dossiers/{dossier_id}/documents", response_model=IngestReport, status_code=201)
def upload(
    dossier_id: str,
    file: UploadFile,
    request: Request,
    ctx: Ctx,
    caller: Caller,
    doc_id: Annotated[str | None, Form(max_length=400)] = None,
) -> IngestReport:
    """Store, parse and version one file; the same bytes again create nothing."""
    require_role(ctx, caller, request, UPLOADERS)
    limit = ctx.settings.max_upload_mb << 20
    name = (file.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1] or "upload"
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
        ingestor = Ingestor(ctx.store, options, Indexer(ctx.store, ctx.index))
        report = ingestor.ingest_file(
            dossier_id, doc_id or name, path, name, f"upload by {caller.user_id}"
        )
        shutil.rmtree(tmp, ignore_errors=True)
    if report.not_stored:
        raise ApiError(
            422, "The file could not be stored", report.failed[0].reason if report.failed else None
        )
    return report
