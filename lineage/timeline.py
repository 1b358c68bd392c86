"""The timeline: every version of the dossier by document date, then ingest time."""

from lineage.facts import verdict_of
from lineage.load import Dossier
from lineage.models import TimelineEntry, VersionRef
from store.models import DocumentVersion

Key = tuple[str, int]


def timeline(dossier: Dossier, current: dict[Key, set[Key]]) -> list[TimelineEntry]:
    """`current` maps each decision to the versions in force on its date."""
    ordered = sorted(dossier.versions(), key=_order)
    return [_entry(v, current) for v in ordered]


def _order(v: DocumentVersion) -> tuple[object, ...]:
    return (v.effective_at, v.ingested_at, v.doc_id, v.version)


def _entry(v: DocumentVersion, current: dict[Key, set[Key]]) -> TimelineEntry:
    at = [
        VersionRef(doc_id=d, version=n)
        for (d, n), in_force in current.items()
        if (v.doc_id, v.version) in in_force
    ]
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
