"""How well navolg read a corpus: its records compared with truth.json, per field."""

from collections.abc import Iterable

from pydantic import BaseModel, Field

from ingest.sample.model import FileTruth
from store.models import DocumentVersion


class FieldScore(BaseModel):
    right: int = 0
    total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = Field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0

    @property
    def f1(self) -> float:
        if not (self.tp + self.fp + self.fn):
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


class Score(BaseModel):
    doc_type: FieldScore = Field(default_factory=FieldScore)
    verdict: FieldScore = Field(default_factory=FieldScore)
    document_date: FieldScore = Field(default_factory=FieldScore)
    kenmerk: FieldScore = Field(default_factory=FieldScore)
    postcode: FieldScore = Field(default_factory=FieldScore)
    components: FieldScore = Field(default_factory=FieldScore)
    materials: FieldScore = Field(default_factory=FieldScore)
    measurements: FieldScore = Field(default_factory=FieldScore)

    def table(self) -> str:
        lines = [f"{'field':14s} {'accuracy':>9s} {'F1':>6s}  n"]
        for name, s in self:
            lines.append(f"{name:14s} {s.accuracy:9.3f} {s.f1:6.3f}  {s.total}")
        return "\n".join(lines)


def _exact(score: FieldScore, expected: object, got: object, where: str) -> None:
    score.total += 1
    if expected == got:
        score.right += 1
    else:
        score.misses.append(f"{where}: expected {expected!r}, got {got!r}")


def _sets(score: FieldScore, expected: set[str], got: set[str], where: str) -> None:
    score.total += 1
    score.right += expected == got
    score.tp += len(expected & got)
    score.fp += len(got - expected)
    score.fn += len(expected - got)
    if expected != got:
        score.misses.append(
            f"{where}: missing {sorted(expected - got)}, extra {sorted(got - expected)}"
        )


def score(pairs: Iterable[tuple[FileTruth, DocumentVersion]]) -> Score:
    result = Score()
    for truth, record in pairs:
        f = record.fields
        where = f"{truth.dossier_id}/{truth.doc_id}"
        _exact(result.doc_type, truth.doc_type, record.doc_type, where)
        _exact(result.verdict, truth.verdict, f.verdict.value if f.verdict else None, where)
        got_date = f.document_date.value.isoformat() if f.document_date else None
        _exact(result.document_date, truth.document_date, got_date, where)
        _exact(result.kenmerk, truth.kenmerk, f.kenmerk.value if f.kenmerk else None, where)
        _exact(result.postcode, truth.postcode, f.postcode.value if f.postcode else None, where)
        _sets(result.components, set(truth.components), {c.value for c in f.components}, where)
        _sets(result.materials, set(truth.materials), {m.value for m in f.materials}, where)
        expected = {f"{m.name}={m.value:g}{m.unit}" for m in truth.measurements}
        got = {f"{m.name}={m.value:g}{m.unit}" for m in f.measurements}
        _sets(result.measurements, expected, got, where)
    return result
