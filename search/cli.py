"""`navolg search` and `navolg reindex`: thin commands over search.service and the indexer."""

import datetime as dt
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from search.errors import SearchError
from search.factory import open_index_for
from search.indexer import Indexer
from search.models import Filters, SearchQuery, Sort
from search.service import DossierRow, by_dossier, cohort_csv
from search.service import search as run_search
from store.errors import StoreError
from store.factory import open_store

DEFAULT_DATA = "./navolg-data"
DataOpt = Annotated[
    str, typer.Option("--data", envvar="NAVOLG_STORE", help="Store: a local folder or s3://…")
]
IndexOpt = Annotated[
    str | None,
    typer.Option(
        "--index", envvar="NAVOLG_INDEX", help="'embedded' or opensearch+http://HOST:9200"
    ),
]
ListOpt = Annotated[list[str] | None, typer.Option()]


def search(
    text: Annotated[str, typer.Argument(help='Words, "phrases", -exclude, OR, prefix*.')] = "",
    doc_type: Annotated[list[str] | None, typer.Option("--type", help="Document type.")] = None,
    dossier: ListOpt = None,
    verdict: ListOpt = None,
    component: ListOpt = None,
    material: ListOpt = None,
    firm: ListOpt = None,
    postcode: ListOpt = None,
    date_from: Annotated[
        dt.datetime | None, typer.Option("--from", help="Document date from.")
    ] = None,
    date_to: Annotated[
        dt.datetime | None, typer.Option("--to", help="Document date up to.")
    ] = None,
    as_of: Annotated[dt.datetime | None, typer.Option(help="Each document as it was then.")] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions")] = False,
    group_by_dossier: Annotated[bool, typer.Option("--group-by-dossier")] = False,
    sort: Annotated[str, typer.Option(help="relevance or date")] = "relevance",
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    data: DataOpt = DEFAULT_DATA,
    index: IndexOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Cohort CSV: one row per dossier.")] = False,
) -> None:
    """Search every document in Dutch: current versions, as of a date, or all versions."""
    query = SearchQuery(
        text=text,
        filters=Filters(
            dossier_ids=dossier or [],
            doc_types=doc_type or [],
            verdicts=verdict or [],
            components=component or [],
            materials=material or [],
            firms=firm or [],
            postcodes=postcode or [],
            date_from=date_from.date() if date_from else None,
            date_to=date_to.date() if date_to else None,
        ),
        as_of=as_of.date() if as_of else None,
        all_versions=all_versions,
        sort=_sort(sort),
        limit=limit,
    )
    try:
        idx = open_index_for(data, index)
        if as_csv or group_by_dossier:
            rows = by_dossier(idx, query, None)
            if as_csv:  # a cohort is every matching dossier, whatever --limit says
                sys.stdout.write(cohort_csv(rows))
                return
            rows = rows[:limit]
            if as_json:
                sys.stdout.write(
                    '{"dossiers": [' + ",".join(r.model_dump_json() for r in rows) + "]}\n"
                )
            else:
                _print_rows(rows)
            return
        results = run_search(idx, query, None)
    except SearchError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(results.model_dump_json() + "\n")
        return
    table = Table(title=f"{results.total} found", show_lines=True)
    for column in ("dossier", "document", "v", "type", "date", "snippet (page)"):
        table.add_column(column)
    for hit in results.hits:
        snippet = next((f"{s.html} (p.{s.page})" for s in hit.snippets), "")
        snippet = snippet.replace("<mark>", "[bold]").replace("</mark>", "[/bold]")
        table.add_row(
            hit.dossier_id,
            hit.doc_id,
            str(hit.version),
            hit.doc_type or "",
            str(hit.doc_date or ""),
            snippet,
        )
    Console().print(table)


def _sort(value: str) -> Sort:
    if value not in ("relevance", "date"):
        _fail("--sort must be 'relevance' or 'date'")
    return "date" if value == "date" else "relevance"


def _print_rows(rows: list[DossierRow]) -> None:
    table = Table(title=f"{len(rows)} dossiers")
    for column in ("dossier", "address", "verdict", "matches", "best documents"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row.dossier_id,
            row.address or "",
            row.verdict or "",
            str(row.matches),
            ", ".join(h.doc_id for h in row.best),
        )
    Console().print(table)


def reindex(
    missing: Annotated[
        bool, typer.Option("--missing", help="Only versions not in the index.")
    ] = False,
    data: DataOpt = DEFAULT_DATA,
    index: IndexOpt = None,
) -> None:
    """Rebuild the index from the store (the store is the truth), or catch up what is missing."""
    console = Console(stderr=True)
    try:
        store = open_store(data, create=False)
        indexer = Indexer(store, open_index_for(data, index))
        with console.status("reading the store…") as status:
            report = indexer.reindex(
                missing_only=missing,
                progress=lambda done, total: status.update(f"{done}/{total} documents"),
            )
    except (SearchError, StoreError) as exc:
        _fail(str(exc))
    what = f"{report.missing_before} missing versions caught up" if missing else "index rebuilt"
    typer.echo(
        f"{what}: {report.versions_indexed} versions of {report.documents} documents indexed"
    )


def _fail(message: str) -> None:
    Console(stderr=True).print(f"[red]error:[/] {message}")
    raise typer.Exit(2)
