"""The parse pool: a hanging or crashing parser costs one file, never the run."""

import time
from collections import deque
from typing import Any

from ingest.workers import JobFailed, ParsePool
from tests.ingest.fake_jobs import Echo, job, slow_warm


def _run(payloads: list[str], workers: int = 2, timeout_s: float = 2.0) -> dict[int, Any]:
    queue = deque(enumerate(payloads))
    with ParsePool(job, workers, timeout_s) as pool:
        return dict(pool.run(lambda: queue.popleft() if queue else None))


def test_results_come_back_for_every_job() -> None:
    results = _run([f"file-{i}" for i in range(10)])
    assert sorted(results) == list(range(10))
    assert all(isinstance(r, Echo) and r.value == f"file-{i}" for i, r in results.items())
    assert len({r.pid for r in results.values() if isinstance(r, Echo)}) == 2


def test_hanging_parser_is_killed_and_the_run_goes_on() -> None:
    started = time.monotonic()
    results = _run(["a", "sleep:60", "b", "c"], timeout_s=1.5)
    assert time.monotonic() - started < 20
    hung = results[1]
    assert isinstance(hung, JobFailed) and hung.transient
    assert "longer than the 1.5 s limit" in hung.reason
    assert [results[i].value for i in (0, 2, 3)] == ["a", "b", "c"]


def test_crash_and_bug_are_reported_with_reasons() -> None:
    results = _run(["crash", "bug", "ok"], workers=1)
    crash, bug, ok = results[0], results[1], results[2]
    assert isinstance(crash, JobFailed) and "crashed (exit code 3)" in crash.reason
    assert isinstance(bug, JobFailed) and "ValueError: a parser bug" in bug.reason
    assert isinstance(ok, Echo) and ok.value == "ok"


def test_jobs_added_while_running_are_picked_up() -> None:
    queue: deque[tuple[int, str]] = deque([(0, "parent")])
    seen = []
    with ParsePool(job, 1, 5.0) as pool:
        for job_id, result in pool.run(lambda: queue.popleft() if queue else None):
            seen.append(job_id)
            if job_id == 0:
                queue.extend([(1, "child-1"), (2, "child-2")])
            assert isinstance(result, Echo)
    assert seen == [0, 1, 2]


def test_a_slow_start_up_does_not_count_against_the_first_job() -> None:
    """The first job of a fresh worker (also one replacing a killed worker) waits for the
    worker's start-up; only the job's own time counts against its limit."""
    queue = deque(enumerate(["a", "sleep:60", "b"]))
    with ParsePool(job, 1, 1.5, warm=slow_warm) as pool:
        results = dict(pool.run(lambda: queue.popleft() if queue else None))
    assert isinstance(results[0], Echo) and results[0].value == "a"
    assert isinstance(results[1], JobFailed) and "longer than the 1.5 s limit" in results[1].reason
    assert isinstance(results[2], Echo) and results[2].value == "b"  # after a slow restart
