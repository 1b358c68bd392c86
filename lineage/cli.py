"""`navolg trace`, `navolg history` and `navolg diff`: thin commands over lineage.build.

Each read is an audit event (DESIGN.md: every view is logged), written before the answer is
printed; if it cannot be written the command fails.
"""

import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console

from lineage.build import build_trace, document_diff, document_history
from lineage.models import Diff, History
from lineage.prov import to_prov
from lineage.report import print_diff, print_history, print_trace
from store.errors import StoreError
from store.factory import open_store
from store.records import Store

DataOpt = Annotated[
    str,
    typer.Option(
        "--data", envvar="NAVOLG_STORE", help="Store: a local folder or s3://BUCKET?endpoint=URL."
    ),
]
ActorOpt = Annotated[
    str, typer.Option("--actor", envvar="NAVOLG_ACTOR", help="Who reads, for the audit log.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]
DEFAULT_DATA = "./navolg-data"
T = TypeVar("T")


def trace(
    dossier: Annotated[str, typer.Argument(help="Dossier id.")],
    as_of: Annotated[
        dt.datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="The dossier as it stood that day."),
    ] = None,
    data: DataOpt = DEFAULT_DATA,
    actor: ActorOpt = "cli",
    as_json: JsonOpt = False,
    prov: Annotated[bool, typer.Option("--prov", help="Print the trace as PROV-JSON.")] = False,
) -> None:
    """How each verdict was reached: timeline, evidence chains, later changes, discrepancies."""
    day = as_of.date() if as_of else None
    store = _store(data)
    result = _run(lambda: build_trace(store, dossier, day))
    action = "dossier.trace.exported" if prov else "dossier.traced"
    _log(store, actor, action, f"dossier:{dossier}", {"as_of": day and day.isoformat()})
    if prov:
        sys.stdout.write(json.dumps(to_prov(result), ensure_ascii=False, indent=1) + "\n")
    elif as_json:
        _json(result)
    else:
        print_trace(Console(), result)


def history(
    dossier: Annotated[str, typer.Argument(help="Dossier id.")],
    doc_id: Annotated[str, typer.Argument(help="Document id (its path in the dossier).")],
    data: DataOpt = DEFAULT_DATA,
    actor: ActorOpt = "cli",
    as_json: JsonOpt = False,
) -> None:
    """Every version of a document, with what changed in its fields each time."""
    store = _store(data)
    result: History = _run(lambda: document_history(store, dossier, doc_id))
    _log(store, actor, "document.history.viewed", f"document:{dossier}/{doc_id}", {})
    if as_json:
        _json(result)
    else:
        print_history(Console(), result)


def diff(
    dossier: Annotated[str, typer.Argument(help="Dossier id.")],
    doc_id: Annotated[str, typer.Argument(help="Document id (its path in the dossier).")],
    v1: Annotated[int, typer.Argument(help="Older version.", min=1)],
    v2: Annotated[int, typer.Argument(help="Newer version.", min=1)],
    data: DataOpt = DEFAULT_DATA,
    actor: ActorOpt = "cli",
    as_json: JsonOpt = False,
) -> None:
    """Text diff by page and paragraph, and field diff, between two versions of a document."""
    store = _store(data)
    result: Diff = _run(lambda: document_diff(store, dossier, doc_id, v1, v2))
    details: dict[str, object] = {"versions": [v1, v2]}
    _log(store, actor, "document.diff.viewed", f"document:{dossier}/{doc_id}", details)
    if as_json:
        _json(result)
    else:
        print_diff(Console(), result)


def _store(data: str) -> Store:
    return _run(lambda: open_store(data, create=False))


def _run(work: Callable[[], T]) -> T:
    try:
        return work()
    except StoreError as exc:
        _fail(str(exc))
        raise AssertionError("unreachable") from exc


def _log(store: Store, actor: str, action: str, target: str, details: dict[str, object]) -> None:
    """Fail closed: no event, no answer."""
    _run(lambda: store.audit.append(actor, action, target, details))


def _json(result: BaseModel) -> None:
    sys.stdout.write(result.model_dump_json() + "\n")


def _fail(message: str) -> None:
    Console(stderr=True).print(f"[red]error:[/] {message}")
    raise typer.Exit(2)
