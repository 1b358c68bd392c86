"""`navolg audit ...`: read and verify the audit log of a store."""

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from store.audit import AuditFilter, AuditLog, VerifyReport
from store.checkpoint import (
    CheckpointError,
    CheckpointLog,
    CheckpointReport,
    generate_key,
    key_id,
    load_private_key,
    load_public_key,
)
from store.errors import StoreError
from store.factory import open_backend
from store.reconcile import reconcile, unaudited
from store.records import Store

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
KeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--key",
        envvar="NAVOLG_SIGNING_KEY",
        help="Ed25519 private key (PEM) that signs checkpoints (also from NAVOLG_SIGNING_KEY).",
    ),
]
PublicKeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--public-key",
        help="Check checkpoint signatures against this public key (PEM) instead of the keys "
        "stored in the log; pin it to detect a re-signed log.",
    ),
]


def _open_log(data: str) -> AuditLog:
    try:
        return AuditLog(open_backend(data, create=False))
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err


@audit_app.command("verify")
def verify(
    data: DataOpt = DEFAULT_DATA,
    as_json: JsonOpt = False,
    public_key: PublicKeyOpt = None,
    deep: Annotated[
        bool,
        typer.Option(
            "--deep",
            help="Also walk every sealed segment event by event and check that each "
            "per-event object equals its sealed copy (reads every object; slower).",
        ),
    ] = False,
) -> None:
    """Check the hash chain from the first event (sealed segments by their digest, the rest
    event by event) and every signed checkpoint against it and against the one before (the
    log only grew); name the first thing that breaks."""
    log = _open_log(data)
    try:
        report = log.verify(
            progress=None if as_json else lambda n: typer.echo(f"  {n} events…", err=True),
            deep=deep,
        )
        pinned = load_public_key(public_key.read_bytes()) if public_key else None
        checkpoints = CheckpointLog(log.backend, log).verify(pinned)
    except (StoreError, OSError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err
    ok = report.ok and checkpoints.ok
    if as_json:
        payload: dict[str, Any] = report.model_dump(mode="json")
        payload["ok"] = ok
        payload["chain_ok"] = report.ok
        payload["checkpoints"] = checkpoints.model_dump(mode="json")
        typer.echo(json.dumps(payload))
    else:
        _print_chain(report)
        _print_checkpoints(checkpoints)
    raise typer.Exit(0 if ok else 1)


def _print_chain(report: VerifyReport) -> None:
    if report.ok:
        mode = "deep: every event and its per-event copy" if report.deep else "fast"
        typer.echo(
            f"OK: {report.events} events, chain intact, head {report.head_hash[:16]}… "
            f"({report.sealed_events} in {report.segments} sealed segments; {mode})"
        )
        for key in report.unclaimed:
            typer.echo(
                f"note: {key} has no audit.sealed claim in the chain (a seal was interrupted); "
                "its events were checked one by one. The next append or `navolg audit seal` "
                "claims it if it is the newest segment."
            )
        return
    bad = report.first_bad
    assert bad is not None
    typer.echo(
        f"BROKEN at event {bad.seq} ({bad.key}): {bad.reason}\n"
        f"{report.events} events before it verified."
    )


def _print_checkpoints(report: CheckpointReport) -> None:
    keys = "the pinned key" if report.key_source == "pinned" else "the keys stored in the log"
    if report.ok:
        typer.echo(
            f"OK: {report.checkpoints} checkpoints signed by {keys}, each consistent with the "
            f"one before and with the log (latest covers {report.latest_tree_size} events)"
        )
        return
    bad = report.first_bad
    assert bad is not None
    what = "the log" if bad.number == 0 else f"checkpoint {bad.number} ({bad.key})"
    typer.echo(
        f"BROKEN at {what}: {bad.reason}\n{report.checkpoints} checkpoints before it verified."
    )


@audit_app.command("checkpoint")
def checkpoint(
    data: DataOpt = DEFAULT_DATA,
    key: KeyOpt = None,
    every: Annotated[
        float | None,
        typer.Option(help="Keep sealing: a new checkpoint every this many seconds (if it grew)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Seal the audit log: sign its size and Merkle root (RFC 6962) with the Ed25519 key."""
    if key is None:
        typer.echo("error: no signing key: pass --key or set NAVOLG_SIGNING_KEY", err=True)
        raise typer.Exit(2)
    log = _open_log(data)
    checkpoints = CheckpointLog(log.backend, log)
    try:
        signer = load_private_key(key)
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err
    while True:
        try:
            made = checkpoints.make(signer)
        except CheckpointError as err:  # a broken or rewritten log is never sealed
            typer.echo(f"REFUSED: {err}", err=True)
            raise typer.Exit(1) from err
        except StoreError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2) from err
        if as_json:
            typer.echo(made.model_dump_json())
        else:
            typer.echo(
                f"checkpoint {made.number}: {made.tree_size} events, "
                f"root {made.root_hash[:16]}…, key {made.key_id[:16]}…, {made.time}"
            )
        if every is None:
            return
        time.sleep(every)


@audit_app.command("seal")
def seal(
    data: DataOpt = DEFAULT_DATA,
    size: Annotated[int, typer.Option(help="At most this many events per segment.")] = 1000,
    as_json: JsonOpt = False,
) -> None:
    """Pack the events after the last sealed segment into segments (appenders do this by
    themselves every 1000 events; this catches up an old or idle log). Refuses a broken chain."""
    log = _open_log(data)
    try:
        made = log.seal(max_events=size)
    except StoreError as err:
        typer.echo(f"REFUSED: {err}", err=True)
        raise typer.Exit(1) from err
    if as_json:
        typer.echo(json.dumps({"segments": made, "count": len(made)}))
    else:
        typer.echo(f"{len(made)} segments sealed" + "".join(f"\n  {k}" for k in made))


@audit_app.command("keygen")
def keygen(
    out: Annotated[Path, typer.Argument(help="Where to write the private key (PEM, 0600).")],
) -> None:
    """Make an Ed25519 signing key for checkpoints; the public key goes to OUT.pub."""
    try:
        public = generate_key(out)
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err
    typer.echo(f"signing key written to {out}, public key to {out}.pub (id {key_id(public)})")


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


@audit_app.command("reconcile")
def reconcile_cmd(
    data: DataOpt = DEFAULT_DATA,
    actor: Annotated[str, typer.Option(help="Who recovers the missing events.")] = "navolg",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list the records without their event.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Log the records a writer killed mid-write left without their audit event (a dossier or
    document version stored, its event never appended). Reads the whole log and every record;
    run it after a crash. Each event it appends is marked recovered, with the record's time."""
    log = _open_log(data)
    store = Store(log.backend, log)
    try:
        missing = unaudited(store)
        made = [] if dry_run else reconcile(store, actor, missing)
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from err
    if as_json:
        payload = {
            "missing": [m.model_dump(mode="json") for m in missing],
            "logged": [e.seq for e in made],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    for m in missing:
        typer.echo(f"  {m.action:<24} {m.target} v{m.version} ({m.actor}, {m.recorded_at:%F %T}Z)")
    verb = "found" if dry_run else "logged"
    typer.echo(f"{len(missing)} records without their audit event {verb}")
