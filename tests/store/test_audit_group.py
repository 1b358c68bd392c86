"""Group commit in AuditLog.append: concurrent appends share a batch, keep the chain whole,
and every one is durable (or raises) before append returns."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import store.local
from store import AuditLog
from store.audit import _Pending
from store.errors import InvalidId
from store.keys import LOCKS, audit_event_key
from store.local import LocalBackend
from tests.conftest import StoreTarget

ROOT = Path(__file__).resolve().parents[2]
THREADS = 16
EACH = 15


def test_concurrent_appends_keep_one_whole_chain(target: StoreTarget) -> None:
    log = AuditLog(target.backend, seal_every=50)
    got: list[list[int]] = [[] for _ in range(THREADS)]
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        start.wait()
        for i in range(EACH):
            got[n].append(log.append(f"u{n}", "a", "t", {"i": i}).seq)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(len(seqs) == EACH and seqs == sorted(seqs) for seqs in got)
    mine = {s for seqs in got for s in seqs}
    assert len(mine) == THREADS * EACH  # every append got its own event
    events = {e.seq: e for e in log.events()}
    for n, seqs in enumerate(got):
        assert [events[s].details["i"] for s in seqs] == list(range(EACH))
        assert {events[s].actor for s in seqs} == {f"u{n}"}
    report = AuditLog(target.backend).verify(deep=True)
    assert report.ok and report.segments >= 4, report


class _Gate:
    """Holds the first event's create until the other appends are queued behind it."""

    def __init__(self, backend: LocalBackend) -> None:
        self.backend = backend
        self.release = threading.Event()
        self.first = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)

    def create(self, key: str, data: bytes, *, derived: bool = False) -> bool:
        if self.first:
            self.first = False
            assert self.release.wait(30)
        return self.backend.create(key, data, derived=derived)


def _queue_behind_first(log: AuditLog, gate: _Gate, waiting: int) -> list[threading.Thread]:
    """One append held in its create, then `waiting` more queued behind it."""
    errors: list[BaseException] = []

    def one(n: int) -> None:
        try:
            log.append("u", "a", "t", {"n": n})
        except BaseException as exc:  # the test looks at them
            errors.append(exc)

    first = threading.Thread(target=one, args=(0,))
    first.start()
    while gate.first:
        threading.Event().wait(0.005)
    rest = [threading.Thread(target=one, args=(n,)) for n in range(1, waiting + 1)]
    for t in rest:
        t.start()
    while len(log._queue) < waiting:
        threading.Event().wait(0.005)
    gate.release.set()
    threads = [first, *rest]
    for t in threads:
        t.join(60)
    threads[0].errors = errors  # type: ignore[attr-defined]
    return threads


def test_a_batch_costs_two_barriers_and_links_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """k queued events: one barrier for all their bytes, the k links in seq order, one
    closing barrier (instead of 2k); nobody is answered before the closing one."""
    order: list[str] = []
    real_syncfs, real_link = store.local._SYNCFS, os.link
    assert real_syncfs is not None
    assert store.local._ordered_metadata(tmp_path)  # ext4 here; create_many relies on it

    def syncfs(fd: int) -> int:
        order.append("barrier")
        return int(real_syncfs(fd))

    def link(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if "/audit/events/" in str(dst):
            order.append(f"link {Path(dst).name}")
        real_link(src, dst, *args, **kwargs)

    backend = LocalBackend(tmp_path / "s")
    gate = _Gate(backend)
    log = AuditLog(gate, seal_every=None)
    gate.first = False
    log.append("u", "a", "t")
    monkeypatch.setattr(store.local, "_SYNCFS", syncfs)
    monkeypatch.setattr(os, "link", link)
    gate.first = True
    threads = _queue_behind_first(log, gate, 8)
    assert not threads[0].errors  # type: ignore[attr-defined]
    links = [f"link {Path(audit_event_key(seq)).name}" for seq in range(3, 11)]
    # the held append alone (2 barriers), then the 8 queued ones as one batch (2)
    first = f"link {Path(audit_event_key(2)).name}"
    assert order == ["barrier", first, "barrier", "barrier", *links, "barrier"]
    assert log.verify().ok and log.head()[0] == 10


def test_a_failed_write_fails_its_whole_batch_and_the_log_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = LocalBackend(tmp_path / "s")
    gate = _Gate(backend)
    log = AuditLog(gate, seal_every=None)
    real_link = os.link
    links = {"n": 0}

    def link(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        # Counted when the folder exists: the first link into a new folder is tried, fails
        # with FileNotFoundError, and is made again after the folder (store/local._publish).
        if "/audit/events/" in str(dst) and os.path.isdir(os.path.dirname(dst)):
            links["n"] += 1
            if links["n"] == 4:  # the third event of the queued batch
                raise OSError("disk gone")
        real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)
    threads = _queue_behind_first(log, gate, 6)
    errors = threads[0].errors  # type: ignore[attr-defined]
    assert len(errors) == 6 and all(isinstance(e, OSError) for e in errors)  # fail closed
    assert log.append("u", "after", "t").seq == 4  # 1 held + 2 written before the failure
    assert log.verify().ok
    assert not backend.exists(audit_event_key(5))
    assert list((tmp_path / "s" / ".tmp").iterdir()) == []  # no temp file left behind


def test_a_batch_behind_another_writer_goes_after_its_events(target: StoreTarget) -> None:
    """The head this writer remembers is stale (another one appended since). On S3 the
    batch's first number is taken, so its events are re-chained one by one after the other
    writer's; the local store sees the newer head when it takes the writer lock. Either way
    the chain stays whole."""
    log = AuditLog(target.backend, seal_every=None)
    log.append("u", "mine", "t")
    AuditLog(target.backend, seal_every=None).append("v", "other", "t")
    batch = [_Pending("u", "queued", "t", {"n": n}) for n in range(3)]
    log._write_batch(batch)
    assert [p.result().seq for p in batch] == [3, 4, 5]
    events = list(log.events())
    assert [e.action for e in events] == ["mine", "other", "queued", "queued", "queued"]
    assert log.verify(deep=True).ok


class CountingBackend(LocalBackend):
    """Counts single creates and what create_many made: a lost race shows as single creates."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.single: list[str] = []
        self.batched: list[int] = []

    def create(self, key: str, data: bytes, *, derived: bool = False) -> bool:
        self.single.append(key)
        return super().create(key, data, derived=derived)

    def create_many(self, items: Any) -> int:
        made = super().create_many(items)
        self.batched.append(made)
        return made


def test_a_local_batch_behind_another_process_is_still_one_batch(tmp_path: Path) -> None:
    """With the writer lock, the stale head is found on arrival (one probe), so the batch
    is created whole instead of losing a race and going one event at a time, which is what
    halved the search rate of two server processes (bench/api.py --workers 2)."""
    mine = CountingBackend(tmp_path / "s")
    log = AuditLog(mine, seal_every=None)
    log.append("u", "mine", "t")
    other = AuditLog(LocalBackend(tmp_path / "s"), seal_every=None)
    for n in range(5):
        other.append("v", "other", "t", {"n": n})
    mine.single.clear()
    batch = [_Pending("u", "queued", "t", {"n": n}) for n in range(4)]
    log._write_batch(batch)
    assert [p.result().seq for p in batch] == [7, 8, 9, 10]
    assert mine.batched[-1] == 4 and mine.single == []
    assert log.verify(deep=True).ok


def test_a_writer_in_another_process_waits_for_the_lock(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "s")
    AuditLog(backend).append("u", "first", "t")
    code = (
        "import sys; from store import AuditLog, open_backend; "
        "AuditLog(open_backend(sys.argv[1])).append('w', 'waited', 't')"
    )
    with backend.exclusive("audit"):
        proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "s")], cwd=ROOT)
        time.sleep(3)  # time enough to start and append, if it did not wait
        assert proc.poll() is None
        assert not backend.exists(audit_event_key(2))
    assert proc.wait(timeout=120) == 0
    events = list(AuditLog(backend).events())
    assert [e.action for e in events] == ["first", "waited"]


def test_lock_names_and_the_lock_area_are_refused_as_keys(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "s")
    with pytest.raises(InvalidId), backend.exclusive("../x"):
        pass
    with backend.exclusive("audit"):
        pass
    with pytest.raises(InvalidId):
        backend.read(f"{LOCKS}audit.lock")
    with pytest.raises(InvalidId):
        backend.create(f"{LOCKS}x", b"planted")


def test_create_many_stops_at_the_first_existing_key(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "s")
    assert backend.create("x/b", b"theirs")
    items = [("x/a", b"1"), ("x/b", b"2"), ("x/c", b"3")]
    assert backend.create_many(items) == 1
    assert backend.read("x/a") == b"1" and backend.read("x/b") == b"theirs"
    assert not backend.exists("x/c")
    assert backend.create_many([("x/c", b"3"), ("y/d", b"4")]) == 2
    assert backend.read("y/d") == b"4"
    assert list((tmp_path / "s" / ".tmp").iterdir()) == []
