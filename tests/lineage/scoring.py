"""Score traces against the sample corpus's truth.json: chains, changes, discrepancies.

Every miss is reported with the dossier and what was expected, so a failing test says which
extraction (or trace) went wrong.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from ingest.sample.model import DossierTruth, FileTruth
from lineage.models import Chain, Trace
from store.models import DocumentVersion
from store.records import Store


@dataclass
class Truth:
    dossiers: list[DossierTruth]
    files: list[FileTruth]

    @classmethod
    def read(cls, root: Path) -> "Truth":
        data = json.loads((root / "truth.json").read_text(encoding="utf-8"))
        return cls(
            [DossierTruth.model_validate(d) for d in data["dossiers"]],
            [FileTruth.model_validate(f) for f in data["files"]],
        )

    def file(self, dossier_id: str, doc_id: str, version: int) -> FileTruth:
        return next(
            f
            for f in self.files
            if (f.dossier_id, f.doc_id, f.version) == (dossier_id, doc_id, version)
        )

    def effective_day(self, f: FileTruth) -> dt.date | None:
        """The day a file is in force from: its own date, else the manifest date of the file
        it arrived in (ingest gives attachments and zip entries their parent's manifest row)."""
        own = truth_date(f)
        if own is not None or f.parent is None:
            return own
        root = f
        while root.parent is not None:
            root = next(p for p in self.versions(f.dossier_id, root.parent) if p.batch == f.batch)
        return dt.date.fromisoformat(root.registered_date) if root.registered_date else None

    def versions(self, dossier_id: str, doc_id: str) -> list[FileTruth]:
        found = [f for f in self.files if (f.dossier_id, f.doc_id) == (dossier_id, doc_id)]
        return sorted(found, key=lambda f: f.version)


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)


def truth_date(f: FileTruth) -> dt.date | None:
    day = f.document_date or f.registered_date
    return dt.date.fromisoformat(day) if day else None


def chain_for(trace: Trace, decision: str) -> Chain | None:
    return next((c for c in trace.verdicts if c.decision.doc_id == decision), None)


def score_chains(traces: dict[str, Trace], truth: Truth) -> Tally:
    """A chain is right when decision, verdict, assessment and inspection (with versions) and
    the attached objection documents all equal the truth; extra chains count as wrong."""
    tally = Tally()
    for d in truth.dossiers:
        trace = traces[d.dossier_id]
        for want in d.verdict_chains:
            got = chain_for(trace, want.decision)
            expected = (
                want.verdict,
                (want.assessment, want.assessment_version),
                (want.inspection, want.inspection_version),
                sorted(want.attached),
            )
            actual = _shape(got)
            tally.add(actual == expected, f"{d.dossier_id} {want.decision}: {actual} != {expected}")
        extra = {c.decision.doc_id for c in trace.verdicts} - {w.decision for w in d.verdict_chains}
        for doc in sorted(extra):
            tally.add(False, f"{d.dossier_id}: chain for {doc}, which states no verdict in truth")
    return tally


def _shape(chain: Chain | None) -> object:
    if chain is None:
        return None
    a, i = chain.assessment, chain.inspection
    return (
        chain.decision.verdict,
        (a.doc_id, a.version) if a else None,
        (i.doc_id, i.version) if i else None,
        sorted(o.doc_id for o in chain.objections),
    )


def _measures(f: FileTruth) -> set[tuple[str, float]]:
    return {(m.name, round(m.value, 3)) for m in f.measurements}


def expected_changes(d: DossierTruth, truth: Truth) -> set[tuple[str, str, int, bool]]:
    """(decision, doc, newer version, loud) for every document a chain rests on."""
    out = set()
    for chain in d.verdict_chains:
        day = dt.date.fromisoformat(chain.decision_date)
        used = [(chain.assessment, chain.assessment_version),
                (chain.inspection, chain.inspection_version), (chain.decision, 1),
                *[(a, 1) for a in chain.attached]]  # fmt: skip
        for doc_id, version in used:
            base = truth.file(d.dossier_id, doc_id, version)
            for newer in truth.versions(d.dossier_id, doc_id):
                newer_day = truth_date(newer)
                if newer.version > version and newer_day is not None and newer_day > day:
                    loud = newer.verdict != base.verdict or _measures(newer) != _measures(base)
                    out.add((chain.decision, doc_id, newer.version, loud))
    return out


def actual_changes(trace: Trace) -> set[tuple[str, str, int, bool]]:
    return {
        (c.decision.doc_id, ch.doc_id, ch.new_version, ch.loud)
        for c in trace.verdicts
        for ch in c.changed_after
    }


@dataclass
class PR:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score_discrepancies(traces: dict[str, Trace], truth: Truth) -> PR:
    """Matched on (kind, name, inspection document, assessment document) and both values."""
    pr = PR()
    for d in truth.dossiers:
        want = {
            (x.kind, x.name, x.inspection_doc, x.assessment_doc): (x.inspection, x.assessment)
            for x in d.discrepancies
        }
        got = {
            (x.field, x.name, x.inspection.doc_id, x.assessment.doc_id): (
                x.inspection.value,
                x.assessment.value,
            )
            for x in traces[d.dossier_id].discrepancies
        }
        for key, values in got.items():
            ok = key in want and _same_values(want[key], values)
            pr.tp += ok
            pr.fp += not ok
            if not ok:
                pr.misses.append(f"{d.dossier_id} false: {key} {values} (truth {want.get(key)})")
        for key in set(want) - set(got):
            pr.fn += 1
            pr.misses.append(f"{d.dossier_id} missed: {key} {want[key]}")
    return pr


def _same_values(want: tuple[str | None, str | None], got: tuple[str | None, str | None]) -> bool:
    return all(_value(w) == _value(g) for w, g in zip(want, got, strict=True))


def _value(text: str | None) -> object:
    """'6.4 m' and '6.40 m' are the same length; other values compare as text."""
    if text is None:
        return None
    number, _, unit = text.partition(" ")
    try:
        return (round(float(number), 3), unit)
    except ValueError:
        return text


def extraction_misses(store: Store, truth: Truth, dossier_ids: list[str]) -> list[str]:
    """Every field the trace uses where the stored reading disagrees with truth.json."""
    out = []
    for f in truth.files:
        if f.dossier_id not in dossier_ids:
            continue
        record = store.effective(store.get_version(f.dossier_id, f.doc_id, f.version))
        for name, want, got in _compared(f, record):
            if want != got:
                out.append(f"  {f.dossier_id} {f.doc_id} v{f.version} {name}: "
                           f"truth {want} extracted {got}")  # fmt: skip
    return out


def _compared(f: FileTruth, r: DocumentVersion) -> list[tuple[str, object, object]]:
    x = r.fields
    return [
        ("doc_type", f.doc_type, r.doc_type),
        ("document_date", f.document_date, r.document_date and r.document_date.isoformat()),
        ("verdict", f.verdict, x.verdict and x.verdict.value),
        ("kenmerk", f.kenmerk, x.kenmerk and x.kenmerk.value),
        ("references", sorted(f.references), sorted(str(ref.kenmerk) for ref in x.references)),
        ("components", sorted(set(f.components)), sorted({c.value for c in x.components})),
        ("materials", sorted(set(f.materials)), sorted({c.value for c in x.materials})),
        ("measurements", sorted(_measures(f)),
         sorted({(m.name, round(m.value, 3)) for m in x.measurements})),
    ]  # fmt: skip
