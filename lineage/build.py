"""The service functions that CLI, API and UI call: trace, history and diff of a dossier."""

import datetime as dt

from lineage.as_of import in_force, restricted
from lineage.chains import Rested, absent, basis_of, current_sets, decision_ref, decisions, shown
from lineage.changes import changes_after
from lineage.discrepancies import discrepancies
from lineage.facts import ASSESSMENT, INSPECTION, day_of
from lineage.fielddiff import field_changes
from lineage.load import Dossier, load_dossier
from lineage.models import Attached, Chain, Diff, History, HistoryEntry, Trace
from lineage.objections import attach
from lineage.textdiff import paragraphs, text_diff, without_furniture
from lineage.timeline import timeline
from lineage.wording import word
from store.models import DocumentVersion
from store.records import Store

ROLE_TYPES = {"assessment": ASSESSMENT, "inspection": INSPECTION}


def build_trace(store: Store, dossier_id: str, as_of: dt.date | None = None) -> Trace:
    """How each verdict was reached, from the store; with `as_of`, as the dossier stood then."""
    return trace_of(restricted(load_dossier(store, dossier_id), as_of), as_of)


def trace_of(dossier: Dossier, as_of: dt.date | None = None) -> Trace:
    found = decisions(dossier)
    bases = [basis_of(dossier, d) for d in found]
    attached = attach(dossier, found)
    chains = [_chain(dossier, b, attached[(b.decision.doc_id, b.decision.version)]) for b in bases]
    return Trace(
        dossier_id=dossier.dossier_id,
        as_of=as_of,
        documents=in_force(dossier),
        timeline=timeline(dossier, current_sets(dossier, bases)),
        verdicts=chains,
        discrepancies=discrepancies(dossier),
    )


def _chain(dossier: Dossier, rested: Rested, objections: list[Attached]) -> Chain:
    used: list[tuple[str, DocumentVersion]] = [("decision", rested.decision)]
    notes = []
    for role, found in (("assessment", rested.assessment), ("inspection", rested.inspection)):
        if found is None:
            notes.append(absent(dossier, ROLE_TYPES[role], day_of(rested.decision)))
        else:
            used.append((role, found.version))
    used += [("attached", dossier.version(a.doc_id, a.version)) for a in objections]
    return Chain(
        decision=decision_ref(rested.decision),
        assessment=shown(rested.assessment),
        inspection=shown(rested.inspection),
        objections=objections,
        changed_after=changes_after(dossier, used, day_of(rested.decision)),
        notes=[word(n, "en") for n in notes],
        notes_said=notes,
    )


def document_history(store: Store, dossier_id: str, doc_id: str) -> History:
    """Every version of one document, each with its field changes against the one before."""
    versions = [store.effective(v) for v in store.list_versions(dossier_id, doc_id)]
    versions.sort(key=lambda v: v.version)
    entries = [_history_entry(v, versions[i - 1] if i else None) for i, v in enumerate(versions)]
    return History(dossier_id=dossier_id, doc_id=doc_id, versions=entries)


def _history_entry(v: DocumentVersion, previous: DocumentVersion | None) -> HistoryEntry:
    return HistoryEntry(
        version=v.version,
        sha256=v.sha256,
        size=v.size,
        doc_type=v.doc_type,
        document_date=v.document_date,
        effective_at=v.effective_at,
        ingested_at=v.ingested_at,
        ingested_by=v.ingested_by,
        parse_status=v.parse_status,
        verdict=v.fields.verdict.value if v.fields.verdict else None,
        changes=field_changes(previous.fields, v.fields) if previous else [],
    )


def document_diff(store: Store, dossier_id: str, doc_id: str, old: int, new: int) -> Diff:
    """Text diff (by page and paragraph) and field diff between two versions of a document."""
    a = store.effective(store.get_version(dossier_id, doc_id, old))
    b = store.effective(store.get_version(dossier_id, doc_id, new))
    parse_a, parse_b = store.get_parse(a.sha256), store.get_parse(b.sha256)
    paras_a, left_a = without_furniture(paragraphs(parse_a))
    paras_b, left_b = without_furniture(paragraphs(parse_b))
    hunks, same = text_diff(paras_a, paras_b)
    return Diff(
        dossier_id=dossier_id,
        doc_id=doc_id,
        old_version=a.version,
        new_version=b.version,
        text_available=parse_a is not None and parse_b is not None,
        unchanged_paragraphs=same,
        furniture_left_out=left_a + left_b,
        text=hunks,
        fields=field_changes(a.fields, b.fields),
    )
