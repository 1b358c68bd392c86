"""The ingested dossier with every extracted field set to what truth.json says it should be.

Tracing this shows whether the trace itself is right given correct fields, apart from
extraction misses. Sources (page, quote) are kept from extraction where it found the same
value, since the truth has none.
"""

import datetime as dt

from ingest.sample.model import FileTruth
from lineage.load import Dossier
from store.fields import DocumentFields, Found, FoundDate, Measurement, Reference
from store.models import DocumentVersion
from tests.lineage.scoring import Truth, truth_date


def corrected(dossier: Dossier, truth: Truth) -> Dossier:
    docs = {
        doc_id: [_fix(v, truth) for v in versions] for doc_id, versions in dossier.documents.items()
    }
    return Dossier(dossier.dossier_id, docs)


def _fix(v: DocumentVersion, truth: Truth) -> DocumentVersion:
    t = truth.file(v.dossier_id, v.doc_id, v.version)
    day = truth_date(t)
    effective = dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC) if day else v.ingested_at
    return v.model_copy(update={
        "doc_type": t.doc_type, "document_date": dt.date.fromisoformat(t.document_date)
        if t.document_date else None, "effective_at": effective, "fields": _fields(v.fields, t),
    })  # fmt: skip


def _found(value: str | None, old: Found | None) -> Found | None:
    if value is None:
        return None
    return old if old is not None and old.value == value else Found(value=value)


def _fields(old: DocumentFields, t: FileTruth) -> DocumentFields:
    by_value = {f.value: f for f in [*old.components, *old.materials]}
    return DocumentFields(
        doc_type=Found(value=t.doc_type),
        document_date=FoundDate(value=dt.date.fromisoformat(t.document_date))
        if t.document_date
        else None,
        kenmerk=_found(t.kenmerk, old.kenmerk),
        verdict=_found(t.verdict, old.verdict),
        components=[by_value.get(c) or Found(value=c) for c in t.components],
        materials=[by_value.get(m) or Found(value=m) for m in t.materials],
        measurements=_measurements(old, t),
        references=_references(old, t.references),
    )


def _measurements(old: DocumentFields, t: FileTruth) -> list[Measurement]:
    sources = {m.name: m.source for m in old.measurements}
    out = []
    for m in t.measurements:
        source = sources.get(m.name)
        base = Measurement(name=m.name, value=m.value, unit=m.unit)
        out.append(base.model_copy(update={"source": source}) if source else base)
    return out


def _references(old: DocumentFields, kenmerken: list[str]) -> list[Reference]:
    """Truth lists cited kenmerken only; the date cited beside one is kept from extraction."""
    dates = {r.kenmerk: r.date for r in old.references}
    return [Reference(kenmerk=k, date=dates.get(k)) for k in kenmerken]
