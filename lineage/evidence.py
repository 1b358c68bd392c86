"""Which report a document rests on: explicit references first (kenmerk, then report date),
otherwise the latest report of that type in force on the date, marked inferred with a reason."""

import datetime as dt
from dataclasses import dataclass

from lineage.as_of import current_on, end_of
from lineage.facts import day_of, kenmerk_of, same_kenmerk
from lineage.load import Dossier
from lineage.models import Basis, Evidence, Said
from lineage.wording import said, word
from store.fields import Reference
from store.models import DocumentVersion


@dataclass(frozen=True)
class Found:
    version: DocumentVersion
    basis: Basis
    why: Said

    @property
    def reason(self) -> str:
        return word(self.why, "en")


@dataclass(frozen=True)
class Who:
    """The document that cites: 'the besluit X', 'the beoordeling X v2', 'the besluit'."""

    doc_type: str
    doc_id: str = ""
    version: int | None = None

    def values(self) -> dict[str, object]:
        return {"who_type": self.doc_type, "who_doc": self.doc_id, "who_version": self.version}


def resolve(
    dossier: Dossier, doc_type: str, refs: list[Reference], day: dt.date, who: Who
) -> Found | None:
    """The version of a `doc_type` report that `who` (citing `refs`) rested on, on `day`."""
    candidates = _in_force(dossier, doc_type, day)
    if not candidates:
        return None
    return (
        _by_kenmerk(candidates, refs, day, who)
        or _by_date(candidates, refs, who)
        or _inferred(candidates, doc_type, day, who)
    )


def _in_force(dossier: Dossier, doc_type: str, day: dt.date) -> dict[str, list[DocumentVersion]]:
    """Documents of the type, with only their versions effective by `day`."""
    cutoff = end_of(day)
    out = {}
    for doc_id in dossier.by_type.get(doc_type, []):
        eligible = [v for v in dossier.documents[doc_id] if v.effective_at <= cutoff]
        if eligible and eligible[-1].doc_type == doc_type:
            out[doc_id] = eligible
    return out


def _by_kenmerk(
    candidates: dict[str, list[DocumentVersion]], refs: list[Reference], day: dt.date, who: Who
) -> Found | None:
    for ref in refs:
        for versions in candidates.values():
            if any(same_kenmerk(ref.kenmerk, kenmerk_of(v)) for v in versions):
                version = _dated(versions, ref.date) or current_on(versions, day)
                assert version is not None  # candidates hold only versions in force
                if ref.date and ref.date == day_of(version):
                    why = said("evidence.kenmerk_dated", kenmerk=ref.kenmerk,
                               date=ref.date.isoformat(), **who.values())  # fmt: skip
                else:
                    why = said("evidence.kenmerk", kenmerk=ref.kenmerk, **who.values())
                return Found(version, "kenmerk", why)
    return None


def _by_date(
    candidates: dict[str, list[DocumentVersion]], refs: list[Reference], who: Who
) -> Found | None:
    for ref in refs:
        for versions in candidates.values():
            version = _dated(versions, ref.date)
            if version is not None:
                why = said("evidence.date", date=ref.date, **who.values())
                return Found(version, "date", why)
    return None


def _dated(versions: list[DocumentVersion], day: dt.date | None) -> DocumentVersion | None:
    """The latest version carrying exactly that date (a reference by report date)."""
    if day is None:
        return None
    matching = [v for v in versions if v.document_date == day]
    return matching[-1] if matching else None


def _inferred(
    candidates: dict[str, list[DocumentVersion]], doc_type: str, day: dt.date, who: Who
) -> Found:
    current = [v for vs in candidates.values() if (v := current_on(vs, day)) is not None]
    latest = max(current, key=lambda v: (v.effective_at, v.doc_id))
    code = "evidence.inferred_of_many" if len(current) > 1 else "evidence.inferred"
    why = said(code, type=doc_type, day=day.isoformat(), count=len(current),
               dated=day_of(latest).isoformat(), **who.values())  # fmt: skip
    return Found(latest, "inferred", why)


def evidence(found: Found) -> Evidence:
    v = found.version
    return Evidence(
        doc_id=v.doc_id,
        version=v.version,
        doc_type=v.doc_type or "",
        date=v.document_date,
        kenmerk=kenmerk_of(v),
        verdict=v.fields.verdict.value if v.fields.verdict else None,
        inferred=found.basis == "inferred",
        basis=found.basis,
        reason=found.reason,
        why=found.why,
    )
