"""`navolg serve` and the administrators' commands (users, tokens, grants)."""

import datetime as dt
import getpass
import os
import secrets
from typing import Annotated

import typer
from fastapi import FastAPI

from api.app import create_app
from api.auth import hash_password
from api.settings import Settings
from search.factory import open_index_for
from store.access import AccessRecords
from store.factory import open_store

DataOpt = Annotated[str, typer.Option("--data", envvar="NAVOLG_STORE", help="Store location.")]
ActorOpt = Annotated[str, typer.Option(help="Who does this, for the audit log.")]


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    data: DataOpt = "./navolg-data",
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            envvar="NAVOLG_WORKERS",
            help="Server processes (about one per core). They share the store, the index and "
            "the session key; /metrics counts per process.",
        ),
    ] = 1,
) -> None:
    """Serve the HTTP API and the web interface with uvicorn."""
    import uvicorn  # noqa: PLC0415

    if workers == 1:
        settings = Settings(store=data)
        store = open_store(data)
        app = create_app(settings, store, open_index_for(data))
        uvicorn.run(app, host=host, port=port, log_level="info")
        return
    # Each worker process builds the app from the environment (app_from_env). A session
    # signed by one must be valid in the others, so they get one key; the audit log and the
    # store are safe with several writing processes (create-only records).
    os.environ["NAVOLG_STORE"] = data
    os.environ.setdefault("NAVOLG_SECRET_KEY", secrets.token_hex(32))
    uvicorn.run(
        "api.serve:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # A worker imports the parsers and search stack before it can answer the supervisor's
        # ping; on a busy machine that takes longer than uvicorn's 5 s, which then kills and
        # restarts it over and over.
        timeout_worker_healthcheck=120,
    )


def app_from_env() -> FastAPI:
    """The app of one `serve --workers N` process, configured by NAVOLG_* only."""
    settings = Settings()
    return create_app(settings, open_store(settings.store), open_index_for(settings.store))


users_app = typer.Typer(help="Users and their roles (administrators).", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens (shown once, stored as a hash).", no_args_is_help=True)
grants_app = typer.Typer(
    help="Grants of dossiers to lawyers and counter-experts.", no_args_is_help=True
)


def _access(data: str) -> AccessRecords:
    return AccessRecords(open_store(data))


@users_app.command("add")
def users_add(
    user_id: str,
    role: str,
    name: Annotated[str, typer.Option()] = "",
    password: Annotated[bool, typer.Option("--password", help="Ask for a password.")] = False,
    data: DataOpt = "./navolg-data",
    actor: ActorOpt = "cli",
) -> None:
    secret = getpass.getpass("password: ") if password else None
    user = _access(data).put_user(
        user_id,
        actor,
        name=name or user_id,
        role=role,  # type: ignore[arg-type]
        password_hash=hash_password(secret) if secret else None,
    )
    typer.echo(f"user {user.user_id} ({user.role}) recorded")


@users_app.command("list")
def users_list(data: DataOpt = "./navolg-data") -> None:
    for u in _access(data).users():
        typer.echo(
            f"{u.user_id:24s} {u.role:15s} {'disabled' if u.disabled else 'active'}  {u.name}"
        )


@users_app.command("disable")
def users_disable(user_id: str, data: DataOpt = "./navolg-data", actor: ActorOpt = "cli") -> None:
    _access(data).put_user(user_id, actor, disabled=True)
    typer.echo(f"user {user_id} disabled")


@tokens_app.command("create")
def tokens_create(
    user_id: str,
    label: Annotated[str, typer.Option()] = "",
    days: Annotated[int, typer.Option(help="Valid for this many days.")] = 90,
    data: DataOpt = "./navolg-data",
    actor: ActorOpt = "cli",
) -> None:
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    issued = _access(data).issue_token(user_id, actor, label, expires)
    typer.echo(
        f"token {issued.token.token_id} for {user_id}, valid until {expires:%Y-%m-%d}; shown once:"
    )
    typer.echo(issued.secret)


@tokens_app.command("revoke")
def tokens_revoke(token_id: str, data: DataOpt = "./navolg-data", actor: ActorOpt = "cli") -> None:
    _access(data).revoke_token(token_id, actor, "revoked on the command line")
    typer.echo(f"token {token_id} revoked")


@grants_app.command("add")
def grants_add(
    user_id: str,
    dossier_id: str,
    reason: Annotated[str, typer.Option()],
    until: Annotated[dt.datetime, typer.Option(help="End (UTC).")],
    data: DataOpt = "./navolg-data",
    actor: ActorOpt = "cli",
) -> None:
    ends = until.replace(tzinfo=dt.UTC) if until.tzinfo is None else until
    grant = _access(data).add_grant(
        user_id, dossier_id, reason, dt.datetime.now(dt.UTC), ends, actor
    )
    typer.echo(
        f"grant {grant.grant_id}: {user_id} may see {dossier_id} until {ends:%Y-%m-%d %H:%M}"
    )


@grants_app.command("list")
def grants_list(
    dossier: Annotated[str | None, typer.Option()] = None, data: DataOpt = "./navolg-data"
) -> None:
    now = dt.datetime.now(dt.UTC)
    for g in _access(data).grants(dossier_id=dossier):
        state = "revoked" if g.revoked else "active" if g.active(now) else "ended"
        until = f"{g.ends:%Y-%m-%d}"
        typer.echo(
            f"{g.grant_id} {g.user_id:20s} {g.dossier_id:18s} until {until} {state}  {g.reason}"
        )


@grants_app.command("revoke")
def grants_revoke(
    grant_id: str,
    reason: Annotated[str, typer.Option()],
    data: DataOpt = "./navolg-data",
    actor: ActorOpt = "cli",
) -> None:
    _access(data).revoke_grant(grant_id, actor, reason)
    typer.echo(f"grant {grant_id} revoked")
