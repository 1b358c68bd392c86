"""Objections, hearings, committee advice and counter-expert reports, each attached to the
decision it concerns.

An objection round ends in a beslissing op bezwaar, which rests on the round's documents:
1. a decision that cites the document's kenmerk (a committee advice) takes it;
2. a beslissing op bezwaar citing the same decision the document cites (the besluit objected
   to) takes it;
3. otherwise, inferred from dates: the first beslissing op bezwaar dated on or after it;
4. a round not decided yet stays with the decision it cites, else the latest decision before it.
"""

import datetime as dt

from lineage.facts import OBJECTION_PROCEDURE, day_of, kenmerk_of, same_kenmerk
from lineage.load import Dossier
from lineage.models import Attached, Basis, Said
from lineage.wording import said, word
from store.models import DocumentVersion

OBJECTION_DECISION = "beslissing_op_bezwaar"
Key = tuple[str, int]


def attach(dossier: Dossier, decisions: list[DocumentVersion]) -> dict[Key, list[Attached]]:
    """(decision doc, version) -> what concerns it, in date order."""
    out: dict[Key, list[Attached]] = {(d.doc_id, d.version): [] for d in decisions}
    docs = [vs[-1] for vs in dossier.documents.values() if vs[-1].doc_type in OBJECTION_PROCEDURE]
    for doc in sorted(docs, key=lambda v: (day_of(v), v.doc_id)):
        placed = _place(doc, decisions)
        if placed is not None:
            target, basis, why = placed
            out[(target.doc_id, target.version)].append(_attached(doc, basis, why))
    return out


def _place(
    doc: DocumentVersion, decisions: list[DocumentVersion]
) -> tuple[DocumentVersion, Basis, Said] | None:
    return _cited_by(doc, decisions) or _same_subject(doc, decisions) or _by_date(doc, decisions)


def _cited_by(
    doc: DocumentVersion, decisions: list[DocumentVersion]
) -> tuple[DocumentVersion, Basis, Said] | None:
    own = kenmerk_of(doc)
    for d in decisions:
        if own and any(same_kenmerk(own, r.kenmerk) for r in d.fields.references):
            return d, "kenmerk", said("attached.cited_by", decision=d.doc_id, kenmerk=own)
    return None


def _cited(doc: DocumentVersion, decisions: list[DocumentVersion]) -> DocumentVersion | None:
    """The decision this document cites by kenmerk (e.g. the besluit an objection is against)."""
    for d in decisions:
        if any(same_kenmerk(kenmerk_of(d), r.kenmerk) for r in doc.fields.references):
            return d
    return None


def _same_subject(
    doc: DocumentVersion, decisions: list[DocumentVersion]
) -> tuple[DocumentVersion, Basis, Said] | None:
    cited = _cited(doc, decisions)
    if cited is None or cited.doc_type == OBJECTION_DECISION:
        return None
    subject = kenmerk_of(cited)
    for d in _decisions_on_objection(decisions, day_of(doc)):
        if any(same_kenmerk(subject, r.kenmerk) for r in d.fields.references):
            return d, "kenmerk", said("attached.same_subject", decision=d.doc_id, kenmerk=subject)
    return None


def _decisions_on_objection(
    decisions: list[DocumentVersion], day: dt.date
) -> list[DocumentVersion]:
    """Beslissingen op bezwaar dated on or after `day`, earliest first."""
    return [d for d in decisions if d.doc_type == OBJECTION_DECISION and day_of(d) >= day]


def _by_date(
    doc: DocumentVersion, decisions: list[DocumentVersion]
) -> tuple[DocumentVersion, Basis, Said] | None:
    day = day_of(doc)
    later = _decisions_on_objection(decisions, day)
    if later:
        d = later[0]
        return d, "inferred", said("attached.first_after", day=day)
    cited = _cited(doc, decisions)
    if cited is not None:
        return cited, "kenmerk", said("attached.undecided_cites", kenmerk=kenmerk_of(cited))
    earlier = [d for d in decisions if day_of(d) <= day]
    if earlier:
        d = earlier[-1]
        return d, "inferred", said("attached.undecided_inferred", day=day)
    return None


def _attached(doc: DocumentVersion, basis: Basis, why: Said) -> Attached:
    return Attached(
        doc_id=doc.doc_id,
        version=doc.version,
        doc_type=doc.doc_type or "",
        date=doc.document_date,
        inferred=basis == "inferred",
        basis=basis,
        reason=word(why, "en"),
        why=why,
    )
