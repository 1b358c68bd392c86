"""One small, hand-made dossier whose trace is known exactly, written into a real store.

opname → beoordeling v1 (wrong gevelbreedte, wrong binnenblad, no topgevel) → besluit (cites
the report by kenmerk and date) → bezwaar, hoorzitting, advies → corrected beoordeling v2
(verdict flips) → beslissing op bezwaar (cites no report: inferred).
"""

import datetime as dt

from store.fields import DocumentFields, Found, FoundDate, Measurement, Reference, Source
from store.models import DocumentVersion, VersionMeta
from store.parsed import Page, ParseResult
from store.records import Store

DOSSIER = "GRN-TEST-1"
D = dt.date


def put(
    store: Store,
    doc_id: str,
    doc_type: str,
    day: D | None,
    fields: DocumentFields,
    pages: list[str],
) -> DocumentVersion:
    """Store the bytes, their parse result and a version record, as ingest would."""
    blob = store.put_blob_bytes("\f".join(pages).encode())
    store.put_parse(
        ParseResult(
            sha256=blob.sha256,
            parser_version="1.0.0",
            parser="test",
            media_type="text/plain",
            status="parsed",
            pages=[Page(number=i, text=t) for i, t in enumerate(pages, start=1)],
        )
    )
    meta = VersionMeta(
        media_type="text/plain",
        doc_type=doc_type,
        document_date=day,
        parse_status="parsed",
        parser_version="1.0.0",
        fields=fields.model_copy(update={"document_date": FoundDate(value=day)} if day else {}),
    )
    return store.add_version(DOSSIER, doc_id, blob, meta, "setup").record


def q(value: str, page: int, quote: str) -> Found:
    return Found(value=value, source=Source(page=page, quote=quote))


def m(name: str, value: float, page: int = 2) -> Measurement:
    return Measurement(
        name=name, value=value, unit="m", source=Source(page=page, quote=f"{name} {value} m")
    )


def _opname(store: Store) -> None:
    fields = DocumentFields(
        kenmerk=Found(value="OPN-2022-001"),
        measurements=[m("gevelbreedte", 6.4), m("goothoogte", 3.0)],
        materials=[q("kalkzandsteen", 2, "Spouwmuur met een binnenblad van kalkzandsteen.")],
        components=[
            q("topgevel", 2, "Er is een topgevel aanwezig."),
            q("schoorsteen", 2, "Schoorsteen."),
            q("wand", 2, "Dragende wanden."),
        ],
    )
    put(
        store,
        "opname.pdf",
        "opname",
        D(2022, 1, 10),
        fields,
        [
            "Opnamerapport\n\nKenmerk: OPN-2022-001",
            "Er is een topgevel aanwezig.\n\nGevelbreedte 6,40 m.",
        ],
    )


def _assessment(store: Store, version: int) -> None:
    right = version == 2
    wall = "kalkzandsteen" if right else "baksteen"
    comps = [q("schoorsteen", 3, "De schoorsteen is gemodelleerd.")]
    if right:
        comps.append(q("topgevel", 3, "De topgevel is gemodelleerd."))
    fields = DocumentFields(
        kenmerk=Found(value="BR-2022-0042"),
        verdict=Found(value="niet_op_norm" if right else "op_norm"),
        references=[Reference(kenmerk="OPN-2022-001", date=D(2022, 1, 10), doc_type="opname")],
        measurements=[m("gevelbreedte", 6.4 if right else 6.8), m("goothoogte", 3.0)],
        materials=[q(wall, 2, f"Het binnenblad is van {wall}; het buitenblad is van baksteen.")],
        components=comps,
    )
    width = "6,40" if right else "6,80"
    pages = [
        "Beoordelingsrapport\n\nKenmerk: BR-2022-0042",
        f"De gevelbreedte bedraagt {width} m.\n\nDe goothoogte bedraagt 3,00 m.",
        "De woning voldoet niet aan de veiligheidsnorm."
        if right
        else "De woning voldoet aan de veiligheidsnorm.",
    ]
    put(
        store,
        "rapporten/beoordeling.pdf",
        "beoordeling",
        D(2022, 7, 15) if right else D(2022, 3, 1),
        fields,
        pages,
    )


def _procedure(store: Store) -> None:
    besluit = DocumentFields(
        kenmerk=Found(value="NCG-2022-0100"),
        verdict=Found(value="op_norm"),
        references=[Reference(kenmerk="BR-2022-0042", date=D(2022, 3, 1), doc_type="beoordeling")],
    )
    put(store, "besluit.pdf", "besluit", D(2022, 4, 1), besluit, ["Besluit: op norm."])
    bezwaar = DocumentFields(references=[Reference(kenmerk="NCG-2022-0100")])
    put(store, "bezwaar/bezwaarschrift.pdf", "bezwaar", D(2022, 5, 2), bezwaar, ["Bezwaar."])
    put(
        store,
        "bezwaar/hoorzitting.docx",
        "hoorzitting",
        D(2022, 6, 1),
        DocumentFields(kenmerk=Found(value="BC-2022-0001")),
        ["Verslag hoorzitting."],
    )
    put(
        store,
        "bezwaar/advies.html",
        "advies_bezwaarcommissie",
        D(2022, 7, 1),
        DocumentFields(kenmerk=Found(value="BC-2022-0007")),
        ["Advies: gegrond."],
    )


def _objection_decision(store: Store) -> None:
    bob = DocumentFields(
        kenmerk=Found(value="NCG-2022-0200"),
        verdict=Found(value="niet_op_norm"),
        references=[Reference(kenmerk="NCG-2022-0100"), Reference(kenmerk="BC-2022-0007")],
    )
    put(store, "bezwaar/beslissing.pdf", "beslissing_op_bezwaar", D(2022, 8, 1), bob, ["Gegrond."])
    put(store, "foto.jpg", "foto", None, DocumentFields(), [""])


def build_house(store: Store) -> None:
    """Ingest order is not date order: the corrected report arrives last, like a later delivery."""
    _opname(store)
    _assessment(store, 1)
    _procedure(store)
    _objection_decision(store)
    _assessment(store, 2)
