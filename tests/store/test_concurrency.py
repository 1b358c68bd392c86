"""Two OS processes write versions of one document and audit events at the same time."""

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from store import AuditLog, Store, open_backend
from store.audit import AuditFilter
from store.keys import AUDIT_SEGMENTS, seq_of
from store.reconcile import VERSION_ADDED, reconcile, unaudited
from tests.conftest import StoreTarget

ROOT = Path(__file__).resolve().parents[2]
PER_WRITER = 200


def spawn(url: str, tag: str, count: int, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", url, tag, str(count), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def reopen(target: StoreTarget) -> Store:
    backend = open_backend(target.url)
    return Store(backend, AuditLog(backend))


def test_two_processes_never_lose_or_fork(target: StoreTarget) -> None:
    writers = [spawn(target.url, tag, PER_WRITER, "--seal", "50") for tag in ("alpha", "beta")]
    for proc in writers:
        _out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode()

    store = reopen(target)
    versions = store.list_versions("D-RACE", "shared.txt")
    assert [v.version for v in versions] == list(range(1, 2 * PER_WRITER + 1))
    expected = {
        hashlib.sha256(f"{t}-{i}".encode()).hexdigest()
        for t in ("alpha", "beta")
        for i in range(PER_WRITER)
    }
    assert {v.sha256 for v in versions} == expected

    events = list(store.audit.events())
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    per_action = Counter((e.actor, e.action) for e in events)
    for tag in ("alpha", "beta"):
        assert per_action[(tag, "test.wrote")] == PER_WRITER
        assert per_action[(tag, "document.version.added")] == PER_WRITER
    assert sum(per_action[(t, "dossier.recorded")] for t in ("alpha", "beta")) == 1
    report = store.audit.verify()
    assert report.ok and report.segments >= 10, report  # both writers sealed, none forked
    assert store.audit.verify(deep=True).ok
    # every segment is claimed, after its own last event; across two processes the claims
    # need not come in segment order (a writer descheduled between creating its segment and
    # logging the claim may see the other seal and claim the next segment first)
    claims = [e for e in events if e.action == "audit.sealed"]
    assert all(c.seq > c.details["last"] for c in claims)
    segments = {seq_of(k) for k in store.backend.list(AUDIT_SEGMENTS)}
    assert {c.details["first"] for c in claims} == segments


def test_sigkill_at_random_points_loses_nothing(target: StoreTarget) -> None:
    """Kill a writer 20 times at random moments; no partial record, chain intact, next run ok."""
    rng = random.Random(20261128)
    seen_versions = 0
    seen_events = 0
    for round_no in range(20):
        proc = spawn(target.url, f"crash{round_no}", 0, "--loop", "--seal", "7")
        deadline = time.monotonic() + 60
        assert proc.stdout is not None
        while not proc.stdout.readline() and time.monotonic() < deadline:  # first write done
            pass
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

        store = reopen(target)
        versions = store.list_versions("D-RACE", "shared.txt")
        assert [v.version for v in versions] == list(range(1, len(versions) + 1))
        report = store.audit.verify(deep=round_no % 5 == 4)
        assert report.ok, report.first_bad
        assert len(versions) >= seen_versions and report.events >= seen_events
        seen_versions, seen_events = len(versions), report.events

    finisher = spawn(target.url, "after", 5, "--seal", "7")
    _out, err = finisher.communicate(timeout=120)
    assert finisher.returncode == 0, err.decode()
    store = reopen(target)
    assert len(store.list_versions("D-RACE", "shared.txt")) == seen_versions + 5
    # a kill between a version record and its event leaves the record unlogged: reconcile
    # logs exactly those, after which every version has exactly one event
    reconcile(store, "test")
    assert unaudited(store) == []
    logged = Counter(
        ev.details["version"] for ev in store.audit.events(AuditFilter(action=VERSION_ADDED))
    )
    assert logged == Counter(range(1, seen_versions + 6))
    report = store.audit.verify(deep=True)
    assert report.ok and report.segments > 0, report
    backend = open_backend(target.url)
    for key, data in backend.read_many(backend.list("dossiers/")):  # no partial record visible
        assert data is not None and json.loads(data), key
