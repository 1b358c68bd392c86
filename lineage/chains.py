"""Verdict chains: each decision → the assessment version it rested on → that one's inspection,
in the versions in force on the decision date."""

import bisect
import datetime as dt
from dataclasses import dataclass

from lineage.as_of import end_of
from lineage.evidence import Found, Who, evidence, resolve
from lineage.facts import ASSESSMENT, DECISIONS, INSPECTION, day_of, kenmerk_of, verdict_of
from lineage.load import Dossier
from lineage.models import DecisionRef, Evidence, Said
from lineage.wording import said
from store.models import DocumentVersion

Key = tuple[str, int]


@dataclass(frozen=True)
class Rested:
    """A decision and the versions it rested on (records, for changes and discrepancies)."""

    decision: DocumentVersion
    assessment: Found | None
    inspection: Found | None


def decisions(dossier: Dossier) -> list[DocumentVersion]:
    """Current version of every besluit / beslissing op bezwaar that states a verdict, by date."""
    found = [
        vs[-1]
        for vs in dossier.documents.values()
        if vs[-1].doc_type in DECISIONS and verdict_of(vs[-1])
    ]
    return sorted(found, key=lambda v: (day_of(v), v.effective_at, v.doc_id))


def basis_of(dossier: Dossier, decision: DocumentVersion) -> Rested:
    day = day_of(decision)
    who = Who(decision.doc_type or "", decision.doc_id)
    assessment = resolve(dossier, ASSESSMENT, list(decision.fields.references), day, who)
    inspection = _inspection(dossier, decision, assessment)
    return Rested(decision, assessment, inspection)


def _inspection(
    dossier: Dossier, decision: DocumentVersion, assessment: Found | None
) -> Found | None:
    """The inspection the assessment cites (else the decision cites), in force on the decision
    date; inferred as the latest inspection before the assessment when nothing cites one."""
    day = day_of(decision)
    if assessment is not None:
        report = assessment.version
        refs = [*report.fields.references, *decision.fields.references]
        who = Who(ASSESSMENT, report.doc_id, report.version)
        found = resolve(dossier, INSPECTION, refs, day, who)
        if found is None or found.basis != "inferred":
            return found
        earlier = resolve(dossier, INSPECTION, [], min(day, day_of(report)), who)
        return earlier or found
    return resolve(
        dossier, INSPECTION, list(decision.fields.references), day, Who(decision.doc_type or "")
    )


def decision_ref(decision: DocumentVersion) -> DecisionRef:
    return DecisionRef(
        doc_id=decision.doc_id,
        version=decision.version,
        doc_type=decision.doc_type or "",
        date=day_of(decision),
        verdict=verdict_of(decision) or "",
        kenmerk=kenmerk_of(decision),
    )


def shown(found: Found | None) -> Evidence | None:
    return evidence(found) if found is not None else None


def current_sets(dossier: Dossier, bases: list[Rested]) -> dict[Key, set[Key]]:
    """(decision doc, version) -> the (doc, version) pairs in force on its date (timeline).

    Same rule as as_of.current_on, by bisection: one sort per document, not one scan per
    document per decision."""
    out: dict[Key, set[Key]] = {(b.decision.doc_id, b.decision.version): set() for b in bases}
    cutoffs = [((b.decision.doc_id, b.decision.version), end_of(day_of(b.decision))) for b in bases]
    for doc_id, versions in dossier.documents.items():
        ordered = sorted(versions, key=lambda v: (v.effective_at, v.version))
        times = [v.effective_at for v in ordered]
        for key, cutoff in cutoffs:
            index = bisect.bisect_right(times, cutoff)
            if index:
                out[key].add((doc_id, ordered[index - 1].version))
    return out


def absent(dossier: Dossier, doc_type: str, day: dt.date) -> Said:
    """Why no report of that type was in force: none at all, or only later (or undated) ones."""
    firsts = [vs[0] for vs in dossier.documents.values() if vs[-1].doc_type == doc_type]
    if not firsts:
        return said("absent.none", type=doc_type)
    first = min(firsts, key=lambda v: v.effective_at)
    code = "absent.later" if first.document_date else "absent.undated"
    since = f"{first.effective_at:%Y-%m-%d}"
    return said(code, type=doc_type, day=day, doc=first.doc_id, since=since)
