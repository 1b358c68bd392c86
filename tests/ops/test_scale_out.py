"""Four `navolg ingest` processes at once on overlapping input give what one process gives.

DESIGN.md: two ingest processes running at once never lose or fork a version. Here four of them,
separate invocations as on four machines, take overlapping deliveries of the sample corpus
(every dossier in at least two of them, one takes all) against one fresh SeaweedFS bucket and one
fresh OpenSearch alias; first the original deliveries, then the corrections. A single process
ingests the same corpus into another fresh bucket and alias. Both must hold the same documents,
the same versions with the same bytes, no doubles, no gaps, one audit event per version, a
verifying audit chain, and an index equal to the store.
"""

import time
from datetime import datetime
from pathlib import Path

from store.records import Store
from tests.ops.helpers import (
    Target,
    deliveries,
    fresh_target,
    index_problems,
    picture,
    run_cli,
    run_ingests,
    sample_corpus,
    version_problems,
)

DOSSIERS = 4  # the sample's 4 dossiers: 26 files, corrections of one dossier (3 files)
FIRST = [[0, 1], [1, 2], [2, 3], [0, 1, 2, 3]]  # each dossier in 2 or 3 runs at once
LATER = [[0], [0], [0], [0]]  # all four race to record the same corrections


def _check_reports(reports: list[dict[str, object]]) -> None:
    for number, report in enumerate(reports):
        assert report["exit_code"] == 0, (number, report["stderr"])
        assert report["not_stored"] == 0 and report["not_indexed"] == 0, (number, report)


def _all_at_once(store: Store, actors: list[str]) -> None:
    """The runs overlapped: every one had started before the first one finished."""
    started: dict[str, datetime] = {}
    finished: dict[str, datetime] = {}
    for ev in store.audit.events():
        if ev.actor in actors and ev.action == "ingest.started":
            started[ev.actor] = ev.time
        elif ev.actor in actors and ev.action == "ingest.finished":
            finished[ev.actor] = ev.time
    assert set(started) == set(finished) == set(actors)
    assert max(started.values()) < min(finished.values()), (started, finished)


def _verify_audit(target: Target) -> None:
    done = run_cli(["audit", "verify", "--data", target.store_url], target)
    assert done.returncode == 0, done.stdout + done.stderr


def test_four_processes_on_overlapping_input_equal_one(tmp_path: Path) -> None:
    corpus = sample_corpus(tmp_path / "corpus", dossiers=DOSSIERS)
    first = deliveries(corpus / "dossiers", tmp_path / "first", FIRST)
    later = deliveries(corpus / "updates", tmp_path / "later", LATER)
    with fresh_target() as single, fresh_target() as many:
        started = time.monotonic()
        _check_reports(run_ingests(single, [corpus / "dossiers"], tmp_path / "logs"))
        _check_reports(run_ingests(single, [corpus / "updates"], tmp_path / "logs"))
        one_s = time.monotonic() - started

        started = time.monotonic()
        reports = run_ingests(many, first, tmp_path / "logs")
        _check_reports(reports)
        _all_at_once(many.store(), [f"worker-{i}" for i in range(len(first))])
        _check_reports(run_ingests(many, later, tmp_path / "logs"))
        four_s = time.monotonic() - started
        print(f"\none process {one_s:.1f} s, four processes at once {four_s:.1f} s")

        # The overlap was real: several runs met the same documents and found them done.
        assert sum(int(r["unchanged"]) for r in reports) > 0

        one_store, many_store = single.store(), many.store()
        expected, got = picture(one_store), picture(many_store)
        assert got["documents"].keys() == expected["documents"].keys()
        for key, versions in expected["documents"].items():
            assert got["documents"][key] == versions, key
        assert got["dossiers"] == expected["dossiers"]
        assert any(len(v) > 1 for v in got["documents"].values())  # corrections made versions

        for store in (one_store, many_store):
            assert version_problems(store) == []
        for target in (single, many):
            _verify_audit(target)
            assert index_problems(target.store(), target.index()) == []
