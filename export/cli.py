"""`navolg export`, `navolg verify-export` and `navolg open`: thin commands over export/."""

import datetime as dt
import logging
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from export.build import EXPORT_ACTION, export_dossier
from export.errors import ExportError
from export.models import VerifyExportReport
from export.opened import OpenedExport, open_export
from export.trace import lineage_trace
from export.verify import verify_export
from store.checkpoint import load_private_key, load_public_key
from store.errors import StoreError
from store.factory import open_store

DataOpt = Annotated[
    str, typer.Option("--data", envvar="NAVOLG_STORE", help="Store: a local folder or s3://…")
]
PublicKeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--public-key",
        help="The publisher's Ed25519 public key (PEM), obtained separately; without it the "
        "key inside the export is used, which proves integrity but not who signed.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def _quiet_bagit() -> None:
    """bagit logs every file it hashes and every mismatch; our report names them once."""
    logging.getLogger("bagit").setLevel(logging.CRITICAL)


def export(
    dossier: Annotated[str, typer.Argument(help="The dossier id.")],
    out: Annotated[Path, typer.Option("--out", help="The .zip to write.")],
    as_of: Annotated[
        dt.datetime | None, typer.Option(help="Only versions effective on or before this date.")
    ] = None,
    data: DataOpt = "./navolg-data",
    key: Annotated[
        Path | None,
        typer.Option(
            "--key", envvar="NAVOLG_SIGNING_KEY", help="Ed25519 key that signs the checkpoint."
        ),
    ] = None,
    actor: Annotated[str, typer.Option(help="Who exports, for the audit log.")] = "cli",
    as_json: JsonOpt = False,
) -> None:
    """Export a dossier as a verifiable BagIt bag (.zip): originals, texts, records, trace,
    its audit events with inclusion proofs, the signed checkpoint and an offline index.html."""
    _quiet_bagit()
    if key is None:
        _fail("no signing key: pass --key or set NAVOLG_SIGNING_KEY (navolg audit keygen)")
    try:
        store = open_store(data, create=False)
        summary = export_dossier(
            store,
            dossier,
            out,
            load_private_key(key),
            lambda details: store.audit.append(actor, EXPORT_ACTION, f"dossier:{dossier}", details),
            actor,
            as_of.date() if as_of else None,
            trace=lineage_trace,
        )
    except (ExportError, StoreError) as err:
        _fail(str(err))
    if as_json:
        sys.stdout.write(summary.model_dump_json() + "\n")
        return
    typer.echo(
        f"exported {summary.dossier_id}: {summary.documents} documents, {summary.versions} "
        f"versions, {summary.events} audit events, "
        f"trace {'included' if summary.trace else 'absent'}"
        f"; checkpoint {summary.checkpoint} over {summary.tree_size} events → {summary.path} "
        f"({summary.bytes} bytes)"
    )


def verify_export_command(
    file: Annotated[Path, typer.Argument(help="The export (.zip).")],
    public_key: PublicKeyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check an export without our servers; exit 1 and name what was altered if anything was."""
    _quiet_bagit()
    report = verify_export(file, _public(public_key))
    if as_json:
        sys.stdout.write(report.model_dump_json() + "\n")
    else:
        _print_report(report)
    raise typer.Exit(0 if report.ok else 1)


def _print_report(report: VerifyExportReport) -> None:
    if not report.ok:
        typer.echo(f"TAMPERED: {len(report.problems)} problems found in the export")
        for p in report.problems:
            typer.echo(f"  {p.what}: {p.reason}")
        return
    typer.echo(
        f"VERIFIED: dossier {report.dossier_id}, {report.documents} document versions, "
        f"{report.events} audit events proven against a checkpoint of {report.tree_size} events, "
        f"trace {'included' if report.trace else 'not included'}"
    )
    typer.echo(f"  signed by key {report.key_id}")
    if report.key_source == "embedded":
        typer.echo(
            "  note: checked with the key inside the export; compare the key id above with the "
            "publisher's, or pass --public-key, to know who signed it"
        )


def open_command(
    file: Annotated[Path, typer.Argument(help="The export (.zip).")],
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8000,
    public_key: PublicKeyOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Open even if verification fails.")
    ] = False,
) -> None:
    """Work on an export on a laptop: verified, read-only, searchable, served on 127.0.0.1."""
    import uvicorn  # noqa: PLC0415

    from export.serve import opened_app  # noqa: PLC0415

    _quiet_bagit()
    with tempfile.TemporaryDirectory(prefix="navolg-open-") as tmp:
        try:
            opened = open_export(file, Path(tmp), _public(public_key), force=force)
        except ExportError as err:
            report = verify_export(file, _public(public_key))
            _print_report(report)
            _fail(str(err))
        _print_report(opened.report)
        _print_open(opened, port)
        uvicorn.run(opened_app(opened), host="127.0.0.1", port=port, log_level="warning")


def _print_open(opened: OpenedExport, port: int) -> None:
    base = f"http://127.0.0.1:{port}"
    info: dict[str, Any] = {
        "export index (offline HTML)": f"{base}/export/index.html",
        "API": f"{base}/api/v1/dossiers/{opened.descriptor.dossier_id}",
        "search": f"{base}/api/v1/search?q=...",
        "API explorer": f"{base}/docs",
    }
    typer.echo(f"opened dossier {opened.descriptor.dossier_id} read-only:")
    for what, url in info.items():
        typer.echo(f"  {what}: {url}")
    typer.echo(f"  token (Authorization: Bearer …): {opened.token}")
    typer.echo(f"  web interface: {base}/ — sign in as 'local' with password {opened.password}")


def _public(path: Path | None) -> Any:
    if path is None:
        return None
    try:
        return load_public_key(path.read_bytes())
    except (OSError, StoreError) as err:
        _fail(f"cannot read the public key {path}: {err}")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)
