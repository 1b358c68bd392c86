"""The root `navolg` command: joins each package's command group, nothing more.

`main` (the console script) imports only the package of the command it runs: importing all of
them (the web app, the parsers, the sample's PDF renderer) cost about a second before every
`navolg audit verify`. `app` is the whole command, for `--help`, unknown commands and tests.
"""

import importlib
import sys
from collections.abc import Sequence

import typer

# name on the command line -> (module, attribute, a group of subcommands or one command)
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "audit": ("store.cli", "audit_app", True),
    "users": ("api.serve", "users_app", True),
    "tokens": ("api.serve", "tokens_app", True),
    "grants": ("api.serve", "grants_app", True),
    "serve": ("api.serve", "serve", False),
    "demo": ("api.demo", "demo", False),
    "sample": ("ingest.sample.command", "sample", False),
    "ingest": ("ingest.cli", "ingest", False),
    "show": ("ingest.cli", "show", False),
    "reparse": ("ingest.cli", "reparse", False),
    "search": ("search.cli", "search", False),
    "reindex": ("search.cli", "reindex", False),
    "trace": ("lineage.cli", "trace", False),
    "history": ("lineage.cli", "history", False),
    "diff": ("lineage.cli", "diff", False),
    "export": ("export.cli", "export", False),
    "verify-export": ("export.cli", "verify_export_command", False),
    "open": ("export.cli", "open_command", False),
}
HELP = "navolg: audit-trail document store with search for case files (dossiers)."


def build(names: Sequence[str] = tuple(COMMANDS)) -> typer.Typer:
    """The root command with the named commands (all of them by default)."""
    root = typer.Typer(name="navolg", help=HELP, no_args_is_help=True, add_completion=False)
    for name in names:
        module, attribute, group = COMMANDS[name]
        target = getattr(importlib.import_module(module), attribute)
        if group:
            root.add_typer(target, name=name)
        else:
            root.command(name)(target)

    @root.callback()
    def main() -> None:
        """navolg: audit-trail document store with search for case files (dossiers)."""

    return root


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    names = [args[0]] if args and args[0] in COMMANDS else list(COMMANDS)
    build(names)(args, prog_name="navolg")


def __getattr__(name: str) -> typer.Typer:
    """`from api.cli import app`: the whole command, built on first use (tests use it)."""
    if name != "app":
        raise AttributeError(name)
    built = globals().setdefault("_app", build())
    assert isinstance(built, typer.Typer)
    return built


if __name__ == "__main__":
    main()
