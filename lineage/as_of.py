"""The dossier as it stood on a date (DESIGN.md): per document, the latest version effective then.

The same rule as `Store.as_of`, applied to a dossier already read, so that a trace can look at
the dossier on every decision date without reading the store again.
"""

import datetime as dt

from lineage.load import Dossier
from lineage.models import VersionRef
from store.models import DocumentVersion


def end_of(day: dt.date) -> dt.datetime:
    """A bare date means the whole of that day, UTC (as in the store)."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def current_on(versions: list[DocumentVersion], day: dt.date) -> DocumentVersion | None:
    """The version of one document in force on `day`, or None if none was effective yet."""
    cutoff = end_of(day)
    eligible = [v for v in versions if v.effective_at <= cutoff]
    return max(eligible, key=lambda v: (v.effective_at, v.version)) if eligible else None


def as_of(dossier: Dossier, day: dt.date) -> dict[str, DocumentVersion]:
    """doc_id -> the version in force on `day`; documents not yet in force are absent."""
    out = {}
    for doc_id, versions in dossier.documents.items():
        found = current_on(versions, day)
        if found is not None:
            out[doc_id] = found
    return out


def restricted(dossier: Dossier, day: dt.date | None) -> Dossier:
    """Only what was in force by `day`: versions effective later did not exist yet."""
    if day is None:
        return dossier
    cutoff = end_of(day)
    kept = {
        doc_id: [v for v in versions if v.effective_at <= cutoff]
        for doc_id, versions in dossier.documents.items()
    }
    return Dossier(dossier.dossier_id, {d: vs for d, vs in kept.items() if vs})


def in_force(dossier: Dossier) -> list[VersionRef]:
    """Per document the version in force after everything the dossier holds (sorted by id)."""
    return [
        VersionRef(
            doc_id=doc_id, version=max(vs, key=lambda v: (v.effective_at, v.version)).version
        )
        for doc_id, vs in sorted(dossier.documents.items())
    ]
