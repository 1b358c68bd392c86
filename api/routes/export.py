"""A dossier's verifiable export, through the API: access-checked and logged like any read."""

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from api.auth import audited, require_dossier
from api.deps import Caller, Ctx
from api.params import DossierIdPath
from api.problems import ApiError
from export.build import EXPORT_ACTION, export_dossier
from export.errors import ExportError
from export.trace import lineage_trace
from store.checkpoint import CheckpointError, load_private_key

router = APIRouter(prefix="/api/v1", tags=["export"])


@router.get("/exports/{dossier_id}", response_class=FileResponse)
def export(
    dossier_id: DossierIdPath,
    request: Request,
    ctx: Ctx,
    caller: Caller,
    as_of: Annotated[dt.date | None, Query(description="Versions effective by this date")] = None,
) -> FileResponse:
    """The dossier as a BagIt .zip with its audit events, proofs and signed checkpoint.

    The export is logged (fail closed) before the file is sent; the event commits to the
    content, and the checkpoint signed right after it covers the event."""
    require_dossier(ctx, caller, request, dossier_id)
    if ctx.settings.signing_key is None:
        raise ApiError(503, "Exports are not configured", "set NAVOLG_SIGNING_KEY on the server")
    try:
        signer = load_private_key(ctx.settings.signing_key)
    except CheckpointError as err:
        raise ApiError(503, "Exports are not configured", str(err)) from err
    tmp = Path(tempfile.mkdtemp(prefix="navolg-api-export-"))
    out = tmp / f"{dossier_id}-export.zip"

    def log(details: dict[str, Any]) -> None:
        audited(ctx, caller, EXPORT_ACTION, f"dossier:{dossier_id}", details)

    try:
        export_dossier(
            ctx.store, dossier_id, out, signer, log, caller.user_id, as_of, trace=lineage_trace
        )
    except ExportError as err:
        _cleanup(tmp)
        raise ApiError(404, "Not found", str(err)) from err
    except BaseException:
        _cleanup(tmp)
        raise
    return FileResponse(
        out,
        media_type="application/zip",
        filename=out.name,
        background=BackgroundTask(_cleanup, tmp),
    )


def _cleanup(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
