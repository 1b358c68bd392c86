"""The trace of every dossier of the sample corpus, scored against its truth.json.

Two views of the same corpus: traced from the fields ingest extracted (the real result, which
an extraction miss can spoil), and traced from the same records with their fields set to the
truth (is the trace itself right given correct fields?). A failure lists what was wrong and
which extracted fields disagree with the truth, so the cause is named, not guessed.
"""

import datetime as dt
from pathlib import Path

import pytest

from lineage import build_trace
from lineage.as_of import restricted
from lineage.build import trace_of
from lineage.load import load_dossier
from lineage.models import Trace
from store.records import Store
from tests.lineage.oracle import corrected
from tests.lineage.scoring import (
    Truth,
    actual_changes,
    expected_changes,
    extraction_misses,
    score_chains,
    score_discrepancies,
    truth_date,
)

Corpus = tuple[Path, Store]
Traced = tuple[Truth, dict[str, Trace], dict[str, Trace]]


@pytest.fixture(scope="module")
def traced(ingested: Corpus) -> tuple[Truth, dict[str, Trace], dict[str, Trace]]:
    root, store = ingested
    truth = Truth.read(root)
    extracted = {d.dossier_id: build_trace(store, d.dossier_id) for d in truth.dossiers}
    oracle = {
        d.dossier_id: trace_of(corrected(load_dossier(store, d.dossier_id), truth))
        for d in truth.dossiers
    }
    return truth, extracted, oracle


def _why(store: Store, truth: Truth, misses: list[str]) -> str:
    dossiers = sorted({m.split()[0].rstrip(":") for m in misses})
    return "\n".join([*misses, "extraction misses in those dossiers:",
                      *extraction_misses(store, truth, dossiers)])  # fmt: skip


def _chains(truth: Truth, traces: dict[str, Trace]) -> list[str]:
    tally = score_chains(traces, truth)
    print(f"\nverdict chains exactly right: {tally.right}/{tally.total}")
    return tally.misses


def _changes(truth: Truth, traces: dict[str, Trace]) -> list[str]:
    misses = []
    for d in truth.dossiers:
        want, got = expected_changes(d, truth), actual_changes(traces[d.dossier_id])
        misses += [f"{d.dossier_id} not flagged: {x}" for x in sorted(want - got)]
        misses += [f"{d.dossier_id} flagged wrongly: {x}" for x in sorted(got - want)]
    flagged = sum(len(expected_changes(d, truth)) for d in truth.dossiers)
    print(f"after-the-fact changes in truth: {flagged}, wrong or missing: {len(misses)}")
    return misses


def _discrepancies(truth: Truth, traces: dict[str, Trace]) -> tuple[float, float, list[str]]:
    pr = score_discrepancies(traces, truth)
    print(f"discrepancies: precision {pr.precision:.3f} recall {pr.recall:.3f} "
          f"(tp {pr.tp}, fp {pr.fp}, fn {pr.fn})")  # fmt: skip
    return pr.precision, pr.recall, pr.misses


def test_chains_changes_and_discrepancies_given_correct_fields(
    ingested: Corpus, traced: Traced
) -> None:
    truth, _, oracle = traced
    assert not (misses := _chains(truth, oracle)), "\n".join(misses)
    assert not (misses := _changes(truth, oracle)), "\n".join(misses)
    precision, recall, misses = _discrepancies(truth, oracle)
    assert precision >= 0.9 and recall >= 0.9, "\n".join(misses)


def test_every_verdict_chain_exactly_right(ingested: Corpus, traced: Traced) -> None:
    truth, extracted, _ = traced
    misses = _chains(truth, extracted)
    assert not misses, _why(ingested[1], truth, misses)


def test_every_after_the_fact_change_flagged(ingested: Corpus, traced: Traced) -> None:
    truth, extracted, _ = traced
    misses = _changes(truth, extracted)
    assert not misses, _why(ingested[1], truth, misses)


def test_discrepancy_precision_and_recall(ingested: Corpus, traced: Traced) -> None:
    truth, extracted, _ = traced
    precision, recall, misses = _discrepancies(truth, extracted)
    assert precision >= 0.9 and recall >= 0.9, _why(ingested[1], truth, misses)


def _days(truth: Truth, dossier_id: str) -> list[dt.date]:
    """Each decision date and each document date, and the day before each."""
    days = {d for f in truth.files if f.dossier_id == dossier_id and (d := truth_date(f))}
    return sorted(days | {d - dt.timedelta(days=1) for d in days})


def test_as_of_equals_what_the_store_held(ingested: Corpus) -> None:
    root, store = ingested
    truth = Truth.read(root)
    checked = 0
    for d in truth.dossiers:
        dossier = load_dossier(store, d.dossier_id)
        for day in _days(truth, d.dossier_id):
            held = {(v.doc_id, v.version) for v in store.as_of(d.dossier_id, day)}
            mine = trace_of(restricted(dossier, day), day).documents
            assert {(r.doc_id, r.version) for r in mine} == held, (d.dossier_id, day)
            checked += 1
    assert checked > 100
    print(f"\nas-of reconstructions equal to the store: {checked}")


def test_as_of_matches_the_truth_dates(ingested: Corpus) -> None:
    """Which versions existed on each date, by the dates the documents carry (truth.json)."""
    root, store = ingested
    truth = Truth.read(root)
    misses = []
    for d in truth.dossiers:
        for day in _days(truth, d.dossier_id):
            want = _truth_as_of(truth, d.dossier_id, day)
            got = {(r.doc_id, r.version) for r in build_trace(store, d.dossier_id, day).documents}
            if want != got:
                misses.append(
                    f"{d.dossier_id} {day}: missing {sorted(want - got)} extra {sorted(got - want)}"
                )
    assert not misses, _why(store, truth, misses)


def _truth_as_of(truth: Truth, dossier_id: str, day: dt.date) -> set[tuple[str, int]]:
    best: dict[str, int] = {}
    for f in truth.files:
        when = truth.effective_day(f) if f.dossier_id == dossier_id else None
        if when is not None and when <= day:
            best[f.doc_id] = max(best.get(f.doc_id, 0), f.version)
    return set(best.items())
