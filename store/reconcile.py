"""Records without their audit event: a writer killed between creating a record and logging it.

A dossier or document version record is created first and its audit event appended right
after (the create is what decides a race between writers, so the event can only name the
winner). A writer killed between the two leaves a sound record that the chain never mentions;
re-ingesting the same bytes then finds the record and, rightly, records nothing new. This
module finds such records with one pass over the audit log and one over the records, and
appends the missing events, marked `recovered` with who recovered them and when the record was
made, so the log again holds every version. Two reconcilers at once may both log the same
record; a duplicate says more than a gap, and `navolg audit reconcile` is run by hand.
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from store.audit import AuditFilter
from store.models import AuditEvent
from store.records import Store

VERSION_ADDED = "document.version.added"
DOSSIER_RECORDED = "dossier.recorded"


class Unaudited(BaseModel):
    """One record the audit log does not mention, and the event that should have named it."""

    action: str
    target: str
    version: int
    actor: str
    recorded_at: datetime
    details: dict[str, Any]


def _logged(store: Store) -> set[tuple[str, str, int]]:
    seen: set[tuple[str, str, int]] = set()
    for action in (VERSION_ADDED, DOSSIER_RECORDED):
        for ev in store.audit.events(AuditFilter(action=action)):
            version = ev.details.get("version")
            if isinstance(version, int):
                seen.add((ev.action, ev.target, version))
    return seen


def _records(store: Store) -> Iterator[Unaudited]:
    """Every dossier and document version record, as the event that logged it."""
    for dossier_id in store.list_dossiers():
        for dossier in store.dossier_history(dossier_id):
            yield Unaudited(
                action=DOSSIER_RECORDED,
                target=f"dossier:{dossier_id}",
                version=dossier.version,
                actor=dossier.recorded_by,
                recorded_at=dossier.recorded_at,
                details={"version": dossier.version},
            )
        for doc_id in store.list_documents(dossier_id):
            for record in store.list_versions(dossier_id, doc_id):
                yield Unaudited(
                    action=VERSION_ADDED,
                    target=f"document:{dossier_id}/{doc_id}",
                    version=record.version,
                    actor=record.ingested_by,
                    recorded_at=record.ingested_at,
                    details={
                        "version": record.version,
                        "sha256": record.sha256,
                        "size": record.size,
                    },
                )


def unaudited(store: Store) -> list[Unaudited]:
    """Records whose event is missing from the audit log, in store order."""
    seen = _logged(store)
    return [r for r in _records(store) if (r.action, r.target, r.version) not in seen]


def reconcile(store: Store, actor: str, missing: list[Unaudited] | None = None) -> list[AuditEvent]:
    """Append the missing events (each as the record's own actor, marked recovered); pass
    `missing` when unaudited() was already called, so the log and records are read once."""
    made = []
    for gap in unaudited(store) if missing is None else missing:
        details = {
            **gap.details,
            "recovered": True,
            "recovered_by": actor,
            "recorded_at": gap.recorded_at.isoformat().replace("+00:00", "Z"),
        }
        made.append(store.audit.append(gap.actor, gap.action, gap.target, details))
    return made
