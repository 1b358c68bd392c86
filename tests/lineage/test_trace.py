"""The trace of a hand-made dossier whose answer is known, on a local folder and on SeaweedFS."""

import datetime as dt

import pytest

from lineage import build_trace, document_history
from lineage.models import Chain, Trace
from store.records import Store
from tests.lineage.house import DOSSIER, build_house

ASSESSMENT, INSPECTION = "rapporten/beoordeling.pdf", "opname.pdf"


@pytest.fixture
def house(store: Store) -> Store:
    build_house(store)
    return store


def _chain(trace: Trace, doc_id: str) -> Chain:
    return next(c for c in trace.verdicts if c.decision.doc_id == doc_id)


def test_chains_rest_on_the_versions_in_force_on_the_decision_date(house: Store) -> None:
    trace = build_trace(house, DOSSIER)
    assert [c.decision.doc_id for c in trace.verdicts] == ["besluit.pdf", "bezwaar/beslissing.pdf"]
    first = _chain(trace, "besluit.pdf")
    assert first.assessment is not None and first.inspection is not None
    assert (first.assessment.doc_id, first.assessment.version) == (ASSESSMENT, 1)
    assert first.assessment.basis == "kenmerk" and not first.assessment.inferred
    assert (first.inspection.doc_id, first.inspection.version, first.inspection.basis) == (
        INSPECTION, 1, "kenmerk",
    )  # fmt: skip
    second = _chain(trace, "bezwaar/beslissing.pdf")
    assert second.assessment is not None
    assert (second.assessment.version, second.assessment.inferred) == (2, True)
    assert "2022-08-01" in second.assessment.reason
    assert second.decision.verdict == "niet_op_norm"


def test_objection_documents_are_attached_to_the_decision_on_them(house: Store) -> None:
    trace = build_trace(house, DOSSIER)
    assert _chain(trace, "besluit.pdf").objections == []
    attached = {a.doc_id: a for a in _chain(trace, "bezwaar/beslissing.pdf").objections}
    assert set(attached) == {
        "bezwaar/bezwaarschrift.pdf",
        "bezwaar/hoorzitting.docx",
        "bezwaar/advies.html",
    }
    assert attached["bezwaar/advies.html"].basis == "kenmerk"  # the decision cites it
    assert attached["bezwaar/bezwaarschrift.pdf"].basis == "kenmerk"  # both cite the besluit
    assert attached["bezwaar/hoorzitting.docx"].inferred  # only dates say so


def test_a_correction_after_the_decision_is_flagged_loudly(house: Store) -> None:
    first = _chain(build_trace(house, DOSSIER), "besluit.pdf")
    assert [(c.doc_id, c.used_version, c.new_version) for c in first.changed_after] == [
        (ASSESSMENT, 1, 2)
    ]
    change = first.changed_after[0]
    assert change.loud and change.new_version_date == dt.date(2022, 7, 15)
    assert any("op_norm → niet_op_norm" in r for r in change.reasons)
    assert any("gevelbreedte 6.80 m → 6.40 m" in r for r in change.reasons)
    second = _chain(build_trace(house, DOSSIER), "bezwaar/beslissing.pdf")
    assert second.changed_after == []  # it already rested on version 2


def test_discrepancies_name_both_sources_and_their_correction(house: Store) -> None:
    found = {(d.field, d.name): d for d in build_trace(house, DOSSIER).discrepancies}
    assert set(found) == {
        ("dimension", "gevelbreedte"),
        ("material", "binnenblad"),
        ("missing_component", "topgevel"),
    }  # "wand" is the structure in general, not a missing component
    width = found[("dimension", "gevelbreedte")]
    assert (width.inspection.value, width.assessment.value) == ("6.40 m", "6.80 m")
    assert (width.inspection.doc_id, width.assessment.doc_id) == (INSPECTION, ASSESSMENT)
    assert width.assessment.version == 1 and width.assessment.page == 2
    wall = found[("material", "binnenblad")]
    assert (wall.inspection.value, wall.assessment.value) == ("kalkzandsteen", "baksteen")
    assert "binnenblad" in (wall.inspection.quote or "")
    gable = found[("missing_component", "topgevel")]
    assert (
        gable.assessment.value is None and gable.inspection.quote == "Er is een topgevel aanwezig."
    )
    assert all(d.resolved_in is not None and d.resolved_in.version == 2 for d in found.values())


@pytest.mark.parametrize(
    "day", ["2022-01-09", "2022-03-01", "2022-06-15", "2022-07-15", "2030-01-01"]
)
def test_as_of_equals_what_the_store_held(house: Store, day: str) -> None:
    when = dt.date.fromisoformat(day)
    trace = build_trace(house, DOSSIER, as_of=when)
    held = {(v.doc_id, v.version) for v in house.as_of(DOSSIER, when)}
    assert {(d.doc_id, d.version) for d in trace.documents} == held
    assert all(e.effective_at.date() <= when for e in trace.timeline)


def test_as_of_before_the_objection_decision(house: Store) -> None:
    trace = build_trace(house, DOSSIER, as_of=dt.date(2022, 6, 15))
    (chain,) = trace.verdicts
    assert chain.changed_after == []  # version 2 did not exist yet
    assert {a.doc_id for a in chain.objections} == {
        "bezwaar/bezwaarschrift.pdf",
        "bezwaar/hoorzitting.docx",
    }  # not decided yet: they stay with the besluit they are about
    assert not build_trace(house, DOSSIER, as_of=dt.date(2022, 3, 31)).verdicts


def test_timeline_order_and_what_was_current_at_each_decision(house: Store) -> None:
    trace = build_trace(house, DOSSIER)
    dated = [e.document_date for e in trace.timeline if e.document_date is not None]
    assert dated == sorted(dated)
    assert trace.timeline[-1].doc_id == "foto.jpg"  # undated: in force from its ingest time
    v1, v2 = (
        next(e for e in trace.timeline if (e.doc_id, e.version) == (ASSESSMENT, n)) for n in (1, 2)
    )
    assert [r.doc_id for r in v1.current_at] == ["besluit.pdf"]
    assert [r.doc_id for r in v2.current_at] == ["bezwaar/beslissing.pdf"]
    assert all(e.ingested_by == "setup" for e in trace.timeline)


def test_history_lists_field_changes_per_version(house: Store) -> None:
    history = document_history(house, DOSSIER, ASSESSMENT)
    assert [v.version for v in history.versions] == [1, 2]
    summaries = [c.summary for c in history.versions[1].changes]
    assert "gevelbreedte 6.80 m → 6.40 m" in summaries
    assert "verdict op_norm → niet_op_norm" in summaries
    assert "components: topgevel added" in summaries
