"""After-the-fact changes: a document a decision rested on got a newer version after the
decision date. Louder when the new version states a different verdict or measurements."""

import datetime as dt

from lineage.as_of import end_of
from lineage.facts import day_of, verdict_of
from lineage.fielddiff import field_changes, measurement_changes
from lineage.load import Dossier
from lineage.models import Change, FieldChange
from store.models import DocumentVersion


def changes_after(
    dossier: Dossier, used: list[tuple[str, DocumentVersion]], day: dt.date
) -> list[Change]:
    """For each (role, version used on `day`): every later version effective after `day`."""
    cutoff = end_of(day)
    out = []
    for role, version in used:
        for newer in dossier.documents.get(version.doc_id, []):
            if newer.version > version.version and newer.effective_at > cutoff:
                out.append(_change(role, version, newer))
    return out


def _change(role: str, used: DocumentVersion, newer: DocumentVersion) -> Change:
    fields = field_changes(used.fields, newer.fields)
    loud = _loud_reasons(used, newer)
    quiet = [
        f"{role} {used.doc_id}: version {newer.version} of {day_of(newer).isoformat()} "
        f"(ingested {newer.ingested_at:%Y-%m-%d}) came after the decision, "
        f"which rested on version {used.version}"
    ]
    return Change(
        doc_id=used.doc_id,
        role=role,
        used_version=used.version,
        new_version=newer.version,
        new_version_date=day_of(newer),
        ingested_at=newer.ingested_at,
        loud=bool(loud),
        reasons=loud + quiet,
        fields=fields,
    )


def _loud_reasons(used: DocumentVersion, newer: DocumentVersion) -> list[str]:
    out = []
    before, after = verdict_of(used), verdict_of(newer)
    if before != after:
        out.append(f"VERDICT CHANGED: {before or 'none stated'} → {after or 'none stated'}")
    moved: list[FieldChange] = measurement_changes(used.fields, newer.fields)
    out += [f"MEASUREMENT CHANGED: {c.summary}" for c in moved]
    return out
