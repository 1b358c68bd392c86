"""The timeline: every version of the dossier by document date, then ingest time."""

from lineage.facts import verdict_of
from lineage.load import Dossier
from lineage.models import TimelineEntry, VersionRef
from store.models import DocumentVersion

Key = tuple[str, int]


def timeline(dossier: Dossier, current: dict[Key, set[Key]]) -> list[TimelineEntry]:
    """`current` maps each decision to the versions in force on its date."""
    at: dict[Key, list[VersionRef]] = {}
    for (doc_id, number), in_force in current.items():
        decision = VersionRef(doc_id=doc_id, version=number)  # one shared (frozen) object
        for key in in_force:
            at.setdefault(key, []).append(decision)
    ordered = sorted(dossier.versions(), key=_order)
    return [_entry(v, at.get((v.doc_id, v.version), [])) for v in ordered]


def _order(v: DocumentVersion) -> tuple[object, ...]:
    return (v.effective_at, v.ingested_at, v.doc_id, v.version)


def _entry(v: DocumentVersion, at: list[VersionRef]) -> TimelineEntry:
    return TimelineEntry(
        doc_id=v.doc_id,
        version=v.version,
        doc_type=v.doc_type,
        document_date=v.document_date,
        effective_at=v.effective_at,
        ingested_at=v.ingested_at,
        ingested_by=v.ingested_by,
        parent=v.parent.doc_id if v.parent else None,
        verdict=verdict_of(v),
        current_at=at,
    )
