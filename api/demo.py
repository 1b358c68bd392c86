"""`navolg demo`: the main job on the embedded default.

Generate the sample corpus, ingest it (first deliveries, then the later ones with corrected
versions), show one document's fields with where each came from, show a dossier as it stood on
two dates, search, verify the audit log, then serve the web interface with one demo account per
role (printed on the terminal) until Ctrl+C.
"""

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from api.app import create_app
from api.auth import hash_password
from api.settings import Settings
from ingest.pipeline import IngestOptions, Ingestor, IngestReport
from ingest.sample import generate, write
from search.backend import SearchIndex
from search.factory import open_index_for
from search.indexer import Indexer
from search.models import SearchQuery
from search.service import by_dossier, search
from store.access import AccessRecords, Role
from store.factory import open_store
from store.records import Store

# One account per role; the passwords are for the demo on this machine only.
DEMO_ACCOUNTS: tuple[tuple[str, Role, str], ...] = (
    ("beheerder", "admin", "Beheerder (demo)"),
    ("behandelaar", "reviewer", "Bezwaarbehandelaar (demo)"),
    ("auditor", "auditor", "Auditor (demo)"),
    ("ombudsman", "ombudsman", "Ombudsman (demo)"),
    ("advocaat", "lawyer", "Advocaat (demo)"),
    ("contra-expert", "counter_expert", "Contra-expert (demo)"),
)


def demo(
    data: Annotated[Path, typer.Option("--data", help="Local store folder.")] = Path(
        "./navolg-data"
    ),
    dossiers: Annotated[int, typer.Option(help="Sample dossiers to generate.")] = 12,
    workers: Annotated[int, typer.Option(help="Parse processes.")] = 2,
    host: Annotated[str, typer.Option(help="Interface to serve the web interface on.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port of the web interface.")] = 8000,
    serve: Annotated[bool, typer.Option(help="End by serving the web interface.")] = True,
) -> None:
    """Generate the sample corpus, ingest it, show versions, fields, search and the audit
    trail, then serve the web interface with demo accounts for each role."""
    corpus = data / "sample-corpus"
    store = open_store(str(data / "store"))
    typer.echo(f"navolg demo — embedded store at {store.backend.describe()}\n")
    typer.echo(f"1. sample corpus: {dossiers} dossiers into {corpus}")
    write(generate(seed=1, dossiers=dossiers), corpus)
    options = IngestOptions(actor="demo", workers=workers)
    index = open_index_for(str(data / "store"))
    for batch in ("dossiers", "updates"):
        report = Ingestor(store, options, Indexer(store, index)).ingest_path(corpus / batch)
        _summary(f"2. ingest {batch}/", report)
    _show_example(store)
    _show_search(index)
    result = store.audit.verify()
    typer.echo(
        f"\n6. audit log: {result.events} events, chain {'intact' if result.ok else 'BROKEN'}"
    )
    typer.echo(
        f"\nTry: .venv/bin/navolg show GRN-… DOC --data {data / 'store'}   "
        f".venv/bin/navolg audit log --data {data / 'store'}\n"
        f"     .venv/bin/navolg search 'gevel kalkzandsteen' --data {data / 'store'}\n"
        f"     .venv/bin/navolg trace GRN-… --data {data / 'store'}"
    )
    accounts = demo_accounts(AccessRecords(store), store.list_dossiers())
    typer.echo(f"\n7. web interface: http://{host}:{port}/ — sign in as (user / password):")
    for user_id, role, password in accounts:
        typer.echo(f"   {user_id:<14} {password:<20} {role}")
    typer.echo("   (the lawyer has one granted dossier and one request waiting for a reviewer)")
    if serve:
        _serve(data / "store", index, host, port)


def demo_accounts(access: AccessRecords, dossiers: Iterable[str]) -> list[tuple[str, str, str]]:
    """Demo users for every role (kept if they exist); the lawyer gets the first dossier for
    90 days and has asked for the second, so a reviewer has a request to decide."""
    out: list[tuple[str, str, str]] = []
    for user_id, role, name in DEMO_ACCOUNTS:
        password = f"{user_id}-demo"
        if access.find_user(user_id) is None:
            access.put_user(
                user_id, "demo", name=name, role=role, password_hash=hash_password(password)
            )
        out.append((user_id, role, password))
    ids = sorted(dossiers)
    if len(ids) >= 2 and not access.grants(user_id="advocaat") and not access.requests("advocaat"):
        now = dt.datetime.now(dt.UTC)
        reason = "Demo: advocaat van de bewoner"
        access.add_grant("advocaat", ids[0], reason, now, now + dt.timedelta(days=90), "demo")
        access.request_access("advocaat", ids[1], "Bezwaar namens de bewoners (demo)")
    return out


def _serve(store_path: Path, index: SearchIndex, host: str, port: int) -> None:
    store = open_store(str(store_path))
    typer.echo(f"\nServing on http://{host}:{port}/ — press Ctrl+C to stop.")
    uvicorn.run(create_app(Settings(store=str(store_path)), store, index), host=host, port=port)


def _show_search(index: SearchIndex) -> None:
    """Dutch search: a compound and a stem, then the cohort of dossiers with a gable top."""
    query = SearchQuery(text="gevel kalkzandsteen", limit=3)
    results = search(index, query, None)
    typer.echo(f"\n5. search 'gevel kalkzandsteen': {results.total} current documents, e.g.")
    for hit in results.hits:
        snippet = hit.snippets[0] if hit.snippets else None
        text = snippet.html.replace("<mark>", "[").replace("</mark>", "]")[:110] if snippet else ""
        page = snippet.page if snippet else "-"
        typer.echo(f"   {hit.dossier_id} {hit.doc_id} v{hit.version} p.{page}: {text}")
    cohort = by_dossier(
        index, SearchQuery(text="topgevel", filters={"doc_types": ["beoordeling"]}), None
    )
    typer.echo(f"   cohort: {len(cohort)} dossiers whose assessment mentions a topgevel")


def _summary(title: str, report: IngestReport) -> None:
    typer.echo(
        f"{title}: {report.files} files, {report.documents_new} new documents, "
        f"{report.versions_new} new versions, {report.unchanged} unchanged, {report.pages} pages, "
        f"{len(report.failed)} not read, {report.not_stored} not stored ({report.seconds:.1f} s)"
    )


def _show_example(store: Store) -> None:
    """The first dossier with a corrected assessment: its fields, and the dossier over time."""
    for dossier_id in store.list_dossiers():
        for doc_id in store.list_documents(dossier_id):
            versions = store.list_versions(dossier_id, doc_id)
            if len(versions) < 2:
                continue
            first, second = versions[0], versions[1]
            typer.echo(f"\n3. {dossier_id} / {doc_id}: v1 and v2 (a corrected report)")
            for v in (first, second):
                f = v.fields
                sizes = ", ".join(f"{m.name} {m.value:g} {m.unit}" for m in f.measurements)
                verdict = f.verdict.value if f.verdict else "-"
                quote = f.verdict.source.quote if f.verdict else ""
                typer.echo(f"   v{v.version} ({v.document_date}): {sizes}; verdict {verdict}")
                typer.echo(f"       why: p.{f.verdict.source.page if f.verdict else '-'} “{quote}”")
            for when in (first.effective_at, second.effective_at):
                day = when.date()
                rows = store.as_of(dossier_id, day)
                typer.echo(f"\n4. {dossier_id} as it stood on {day}: {len(rows)} documents")
                for row in rows:
                    typer.echo(f"   {row.doc_id:<45} v{row.version} {row.doc_type}")
            return
