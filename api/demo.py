"""`navolg demo`: the main job on the embedded default, as far as it is built.

Today that is the system of record: it records two small sample dossiers (with a second version
of an assessment report), lists them as they stood on two dates, and verifies the audit log.
Ingest, search and the web interface are later issues; the command says so instead of faking.
"""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from store import Address, AuditLog, Store, VersionMeta, open_backend

SAMPLES: list[tuple[str, Address, str, str, date, str]] = [
    (
        "D-2024-0001",
        Address(postcode="9711 AB", huisnummer="12", woonplaats="Groningen"),
        "opname/opnamerapport.txt",
        "opname",
        date(2022, 3, 14),
        "Opname 14 maart 2022. Topgevel aanwezig, gevelbreedte 6,40 m, kalkzandsteen.",
    ),
    (
        "D-2024-0001",
        Address(postcode="9711 AB", huisnummer="12", woonplaats="Groningen"),
        "beoordeling/beoordelingsrapport.txt",
        "beoordeling",
        date(2022, 9, 1),
        "Beoordeling NPR 9998 (NLTH). Gevelbreedte 6,80 m, baksteen. "
        "Voldoet aan de veiligheidsnorm.",
    ),
    (
        "D-2024-0001",
        Address(postcode="9711 AB", huisnummer="12", woonplaats="Groningen"),
        "beoordeling/beoordelingsrapport.txt",
        "beoordeling",
        date(2024, 2, 5),
        "Beoordeling NPR 9998 (NLTH), herzien. Gevelbreedte 6,40 m. Voldoet niet aan de norm.",
    ),
    (
        "D-2024-0001",
        Address(postcode="9711 AB", huisnummer="12", woonplaats="Groningen"),
        "besluit/besluit-veiligheidsoordeel.txt",
        "besluit",
        date(2022, 11, 20),
        "Besluit: uw woning voldoet aan de veiligheidsnorm (kenmerk NCG-2022-4411).",
    ),
    (
        "D-2024-0002",
        Address(postcode="9901 CD", huisnummer="3", toevoeging="A", woonplaats="Appingedam"),
        "bezwaar/bezwaarschrift.txt",
        "bezwaar",
        date(2023, 1, 9),
        "Bezwaar tegen besluit NCG-2022-5120: de schoorsteen en borstwering zijn niet beoordeeld.",
    ),
]


def demo(
    data: Annotated[Path, typer.Option("--data", help="Local store folder.")] = Path(
        "./navolg-data"
    ),
) -> None:
    """Record sample dossiers in a local store and show the store and audit trail at work."""
    backend = open_backend(str(data))
    store = Store(backend, AuditLog(backend))
    typer.echo(f"navolg demo — embedded store at {backend.describe()}\n")
    for dossier_id, address, doc_id, doc_type, day, text in SAMPLES:
        store.record_dossier(dossier_id, "demo", address)
        blob = store.put_blob_bytes(text.encode())
        meta = VersionMeta(
            media_type="text/plain",
            doc_type=doc_type,
            document_date=day,
            original_filename=doc_id.rsplit("/", 1)[-1],
            source="demo",
        )
        result = store.add_version(dossier_id, doc_id, blob, meta, actor="demo")
        state = "new" if result.created else "unchanged"
        typer.echo(f"  {dossier_id}  {doc_id:<40} v{result.record.version}  {state}")
    for when in (date(2022, 12, 31), date(2024, 12, 31)):
        typer.echo(f"\nD-2024-0001 as it stood on {when}:")
        for v in store.as_of("D-2024-0001", when):
            typer.echo(f"  {v.doc_id:<40} v{v.version}  ({v.doc_type}, {v.effective_at:%Y-%m-%d})")
    report = store.audit.verify()
    typer.echo(f"\naudit log: {report.events} events, chain {'intact' if report.ok else 'BROKEN'}")
    typer.echo(
        "\nTry: .venv/bin/navolg audit log --data "
        f"{data}   and   .venv/bin/navolg audit verify --data {data}\n"
        "\nNot built yet (open issues): ingest of real dossier folders and zips, Dutch search,\n"
        "the HTTP API and the web interface on http://127.0.0.1:8000. This demo will grow into\n"
        "'generate the sample corpus, ingest it and serve the web interface' as they land."
    )
