"""`navolg audit ...`: read and verify the audit log of a store."""

import json
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer

from store.audit import AuditFilter, AuditLog
from store.errors import StoreError
from store.factory import open_backend

DEFAULT_DATA = "./navolg-data"

audit_app = typer.Typer(help="Read and verify the hash-chained audit log.", no_args_is_help=True)

DataOpt = Annotated[
    str,
    typer.Option(
        "--data",
        envvar="NAVOLG_STORE",
        help="Local store folder, or s3://BUCKET?endpoint=URL (also from NAVOLG_STORE).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def _open_log(data: str) -> AuditLog:
    try:
        return AuditLog(open_backend(data, create=False))
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err


@audit_app.command("verify")
def verify(data: DataOpt = DEFAULT_DATA, as_json: JsonOpt = False) -> None:
    """Walk the hash chain from the first event; name the first event that breaks it."""
    log = _open_log(data)
    try:
        report = log.verify(
            progress=None if as_json else lambda n: typer.echo(f"  {n} events…", err=True)
        )
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err
    if as_json:
        typer.echo(report.model_dump_json())
    elif report.ok:
        typer.echo(f"OK: {report.events} events, chain intact, head {report.head_hash[:16]}…")
    else:
        bad = report.first_bad
        assert bad is not None
        typer.echo(
            f"BROKEN at event {bad.seq} ({bad.key}): {bad.reason}\n"
            f"{report.events} events before it verified."
        )
    raise typer.Exit(0 if report.ok else 1)


@audit_app.command("log")
def log(
    data: DataOpt = DEFAULT_DATA,
    as_json: JsonOpt = False,
    actor: Annotated[str | None, typer.Option(help="Only events by this actor.")] = None,
    action: Annotated[str | None, typer.Option(help="Only this action.")] = None,
    target: Annotated[str | None, typer.Option(help="Only targets starting with this.")] = None,
    since: Annotated[datetime | None, typer.Option(help="From this UTC time.")] = None,
    until: Annotated[datetime | None, typer.Option(help="Up to this UTC time.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many events.")] = 1000,
) -> None:
    """List audit events, oldest first, filtered."""
    flt = AuditFilter(
        actor=actor,
        action=action,
        target_prefix=target,
        since=_aware(since),
        until=_aware(until),
        limit=limit,
    )
    try:
        events = list(_open_log(data).events(flt))
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err
    if as_json:
        payload = {"events": [e.model_dump(mode="json") for e in events], "count": len(events)}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    for ev in events:
        typer.echo(
            f"{ev.seq:>8}  {ev.time:%Y-%m-%d %H:%M:%S}Z  {ev.actor:<16} {ev.action:<28} {ev.target}"
        )
    typer.echo(f"{len(events)} events", err=True)


def _aware(dt: datetime | None) -> datetime | None:
    if dt is None or dt.tzinfo is not None:
        return dt
    return dt.replace(tzinfo=UTC)
