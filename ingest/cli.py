"""`navolg ingest` and `navolg show`: thin commands over ingest.pipeline and the store."""

import json
import sys
import time
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from ingest.formats import PARSER_VERSION
from ingest.pipeline import (
    DocumentIndexer,
    IngestOptions,
    Ingestor,
    IngestReport,
    failed_versions,
    versions_read_before,
)
from search.factory import open_index_for
from search.indexer import Indexer
from store.errors import StoreError, StoreUnavailable
from store.factory import open_store
from store.models import DocumentVersion
from store.records import Store

DEFAULT_DATA = "./navolg-data"
DataOpt = Annotated[
    str,
    typer.Option(
        "--data", envvar="NAVOLG_STORE", help="Store: a local folder or s3://BUCKET?endpoint=URL."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def ingest(
    path: Annotated[
        Path | None, typer.Argument(help="A folder or .zip: top-level folders are dossiers.")
    ] = None,
    data: DataOpt = DEFAULT_DATA,
    actor: Annotated[str, typer.Option(help="Who ingests, for the audit log.")] = "cli",
    workers: Annotated[int, typer.Option(min=1, max=64, help="Parse processes.")] = 1,
    timeout: Annotated[float, typer.Option(help="Per-file parse time limit (s).")] = 120.0,
    max_file_mb: Annotated[int, typer.Option(help="Larger files are stored, not parsed.")] = 256,
    no_index: Annotated[bool, typer.Option("--no-index", help="Store only; index later.")] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Read again only the files that failed.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Store, parse, classify and version every file of PATH; list what could not be read."""
    if (path is None) == (not retry_failed):
        _fail("give a PATH to ingest, or --retry-failed (without a PATH)")
    if path is not None and not path.exists():
        _fail(f"{path} does not exist")
    store = open_store(data, create=path is not None)
    options = IngestOptions(
        actor=actor, workers=workers, file_timeout_s=timeout, max_file_bytes=max_file_mb << 20
    )
    indexer = None if no_index else _open_indexer(store, data)
    console = Console(stderr=True)
    with _progress(console) as (bar, task):
        started = time.monotonic()

        def show(report: IngestReport, known: int) -> None:
            done = len(report.items)
            rate = f"{done / max(time.monotonic() - started, 1e-6):.1f} files/s"
            bar.update(task, completed=done, total=max(known, done), pages=report.pages, rate=rate)

        ingestor = Ingestor(store, options, indexer, show)
        try:
            if path is None:
                report = ingestor.reread(list(failed_versions(store)), "retry-failed")
            else:
                report = ingestor.ingest_path(path)
        except StoreUnavailable as exc:
            _store_down(exc, ingestor.report, as_json)
    if as_json:
        sys.stdout.write(report.model_dump_json() + "\n")
    else:
        _print_summary(console, report)
    raise typer.Exit(1 if report.not_stored else 0)


def _store_down(exc: StoreUnavailable, report: IngestReport, as_json: bool) -> NoReturn:
    """The store went away mid-run (its client retried with backoff first): say so plainly and
    exit 1. Each record is one create-only write, so nothing half-written is left, and running
    the same command again skips what was recorded and does the rest."""
    done = report.documents_new + report.versions_new
    message = (
        f"the store could not be reached, the ingest stopped after {done} new version(s): {exc}. "
        "What was recorded is kept; run the same command again to complete it "
        "(nothing is recorded twice)"
    )
    if as_json:
        sys.stdout.write(json.dumps({"error": message, "versions_recorded": done}) + "\n")
    Console(stderr=True).print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _open_indexer(store: Store, data: str) -> DocumentIndexer:
    """The index beside the store (NAVOLG_INDEX, else embedded): ingest indexes every version."""
    return Indexer(store, open_index_for(data))


class _progress:  # noqa: N801 — used like a function in a with statement
    """A progress bar on a terminal (files, pages, rate, ETA); silent otherwise."""

    def __init__(self, console: Console) -> None:
        self.bar = Progress(
            TextColumn("ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[pages]} pages · {task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            disable=not console.is_terminal,
        )

    def __enter__(self) -> tuple[Progress, TaskID]:
        self.bar.__enter__()
        return self.bar, self.bar.add_task("ingest", total=None, pages=0, rate="")

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)


def _print_summary(console: Console, report: IngestReport) -> None:
    table = Table(title="navolg ingest", show_header=False)
    rate = len(report.items) / report.seconds if report.seconds else 0.0
    for label, value in [
        ("files in input", report.files),
        ("new documents", report.documents_new),
        ("new versions", report.versions_new),
        ("unchanged", report.unchanged),
        ("pages read", report.pages),
        ("could not be read (stored)", sum(1 for f in report.failed if f.stored)),
        ("could NOT be stored", report.not_stored),
        ("not indexed yet", report.not_indexed),
        ("time", f"{report.seconds:.1f} s ({rate:.1f} files/s)"),
    ]:
        table.add_row(label, str(value))
    out = Console()
    out.print(table)
    if report.failed:
        failed = Table(title="not read or not stored", show_lines=False)
        for column in ("dossier", "document", "stored", "reason"):
            failed.add_column(column)
        for f in report.failed:
            failed.add_row(
                f.dossier_id or "-", f.doc_id or f.source, "yes" if f.stored else "NO", f.reason
            )
        out.print(failed)
    for note in report.notes:
        console.print(f"[yellow]note:[/] {note}")


def reparse(
    parser_older_than: Annotated[
        str | None,
        typer.Option(help="Only versions read by a parser older than this (default: current)."),
    ] = None,
    data: DataOpt = DEFAULT_DATA,
    actor: Annotated[str, typer.Option(help="Who reparses, for the audit log.")] = "cli",
    workers: Annotated[int, typer.Option(min=1, max=64, help="Parse processes.")] = 1,
    as_json: JsonOpt = False,
) -> None:
    """Read stored versions again with this parser: new readings; originals untouched."""
    store = open_store(data, create=False)
    limit = parser_older_than or PARSER_VERSION
    console = Console(stderr=True)
    options = IngestOptions(actor=actor, workers=workers)
    ingestor = Ingestor(store, options, _open_indexer(store, data))
    report = ingestor.reread(list(versions_read_before(store, limit)), "reparse")
    if as_json:
        sys.stdout.write(report.model_dump_json() + "\n")
    else:
        _print_summary(console, report)
    raise typer.Exit(1 if report.not_stored else 0)


def show(
    dossier: Annotated[str, typer.Argument(help="Dossier id.")],
    doc_id: Annotated[str, typer.Argument(help="Document id (its path in the dossier).")],
    version: Annotated[int | None, typer.Option(help="Version number (default: latest).")] = None,
    data: DataOpt = DEFAULT_DATA,
    as_json: JsonOpt = False,
) -> None:
    """Print a version record with its fields and where each came from."""
    try:
        record = open_store(data, create=False).get_version(dossier, doc_id, version)
    except StoreError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(record.model_dump_json() + "\n")
        return
    _print_record(record)


def _print_record(record: DocumentVersion) -> None:
    out = Console()
    head = Table(
        show_header=False, title=f"{record.dossier_id} / {record.doc_id} v{record.version}"
    )
    for key in (
        "doc_type",
        "document_date",
        "effective_at",
        "media_type",
        "original_filename",
        "source",
        "sha256",
        "size",
        "ingested_at",
        "ingested_by",
        "parse_status",
        "parse_error",
        "parser_version",
    ):
        value = getattr(record, key)
        if value is not None:
            head.add_row(key, str(value))
    if record.parent:
        head.add_row("parent", f"{record.parent.dossier_id}/{record.parent.doc_id}")
    out.print(head)
    fields = Table(title="fields", show_lines=False)
    for column in ("field", "value", "page", "quote"):
        fields.add_column(column)
    for name, value, page, quote in _field_rows(record):
        fields.add_row(name, value, page, quote)
    out.print(fields)


def _field_rows(record: DocumentVersion) -> list[tuple[str, str, str, str]]:
    rows = []
    dumped = record.fields.model_dump(mode="json")
    for name, value in dumped.items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if not item:
                continue
            source = item.get("source") or {}
            shown = {k: v for k, v in item.items() if k != "source" and v is not None}
            text = str(shown.get("value", json.dumps(shown, ensure_ascii=False)))
            rows.append((name, text, str(source.get("page") or ""), source.get("quote", "")))
    return rows


def _fail(message: str) -> None:
    Console(stderr=True).print(f"[red]error:[/] {message}")
    raise typer.Exit(2)
