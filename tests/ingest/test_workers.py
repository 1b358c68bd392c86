"""The parse pool: a hanging or crashing parser costs one file, never the run."""

import os
import signal
import threading
import time
from collections import deque
from typing import Any

import pytest

from ingest.workers import IdlePools, JobFailed, ParsePool
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


def _one(pools: IdlePools, payload: str) -> Any:
    with pools.borrow() as pool:
        return dict(pool.run(_queue(payload)))[0]


def _queue(*payloads: str) -> Any:
    queue = deque(enumerate(payloads))
    return lambda: queue.popleft() if queue else None


def _pid_of(result: Any) -> int:
    assert isinstance(result, Echo), result
    return result.pid


def test_idle_pools_keep_a_worker_for_the_next_run_and_stop_it_on_close() -> None:
    pools = IdlePools(job, 1, 5.0)
    try:
        pids = [_pid_of(_one(pools, f"upload-{i}")) for i in range(3)]
        assert len(set(pids)) == 1 and pools.started == 1  # one worker for all three runs
    finally:
        pools.close()
    deadline = time.monotonic() + 10
    while _alive(pids[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pids[0]), "close() stops the idle worker"
    with pytest.raises(RuntimeError, match="closed"), pools.borrow():
        pass


def test_a_run_that_failed_half_way_does_not_hand_on_its_worker() -> None:
    """A worker with a job in flight would answer the next run with the old job's result."""
    pools = IdlePools(job, 1, 30.0)
    try:
        with pytest.raises(KeyError), pools.borrow() as pool:
            _job_id, first = next(pool.run(_queue("a", "sleep:30")))
            raise KeyError("the caller fails while the worker holds the next job")
        assert not _alive(_pid_of(first)), "the busy worker was stopped"
        after = _one(pools, "b")
        assert after.value == "b" and _pid_of(after) != _pid_of(first)
        assert pools.started == 2
    finally:
        pools.close()


def test_a_worker_that_died_while_idle_is_replaced() -> None:
    pools = IdlePools(job, 1, 5.0)
    try:
        first = _pid_of(_one(pools, "a"))
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _alive(first) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = _one(pools, "b")
        assert _pid_of(second) != first and second.value == "b"
        assert pools.started == 2
    finally:
        pools.close()


def test_runs_at_once_get_a_pool_each_and_at_most_keep_stay() -> None:
    pools = IdlePools(job, 1, 10.0, keep=2)
    results: list[Any] = []
    try:
        runs = [
            threading.Thread(target=lambda: results.append(_one(pools, "sleep:1")))
            for _ in range(3)
        ]
        for run in runs:
            run.start()
        for run in runs:
            run.join(60)
        assert len({_pid_of(r) for r in results}) == 3 and pools.started == 3
        again = {_pid_of(_one(pools, "x")) for _ in range(3)}
        assert len(again) == 1 and again <= {_pid_of(r) for r in results}
        assert pools.started == 3  # the two kept were reused, none started
    finally:
        pools.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone for our purposes
        return stat.read().split(") ")[-1][0] != "Z"
