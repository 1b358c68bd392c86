"""The root `navolg` command: joins each package's command group, nothing more."""

import typer

from api.demo import demo
from api.serve import grants_app, serve, tokens_app, users_app
from export.cli import export, open_command, verify_export_command
from ingest.cli import ingest, reparse, show
from ingest.sample.command import sample
from lineage.cli import diff, history, trace
from search.cli import reindex, search
from store.cli import audit_app

app = typer.Typer(
    name="navolg",
    help="navolg: audit-trail document store with search for case files (dossiers).",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(audit_app, name="audit")
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(grants_app, name="grants")
app.command("serve")(serve)
app.command("demo")(demo)
app.command("sample")(sample)
app.command("ingest")(ingest)
app.command("show")(show)
app.command("reparse")(reparse)
app.command("search")(search)
app.command("reindex")(reindex)
app.command("trace")(trace)
app.command("history")(history)
app.command("diff")(diff)
app.command("export")(export)
app.command("verify-export")(verify_export_command)
app.command("open")(open_command)


@app.callback()
def main() -> None:
    """navolg: audit-trail document store with search for case files (dossiers)."""


if __name__ == "__main__":
    app()
