"""Parsing in worker processes, with a time limit per file.

A parser that hangs or crashes must not stop the run, and Python cannot interrupt a thread
stuck in C code, so each file is parsed in a separate process that the parent kills when its
time is up. Jobs go out and results come back over pipes; results arrive in completion order.
"""

import contextlib
import multiprocessing as mp
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from pydantic import BaseModel

# The job function runs in the worker: (payload) -> result. It must be importable by name.
JobFn = Callable[[Any], BaseModel]
# Run once in each worker as it starts, before its first job (imports, models): start-up work
# that would otherwise sit in the first file's parse time. Also importable by name.
WarmFn = Callable[[], None]
# A fresh worker's first job waits for its start-up (interpreter, imports, warm-up), which on a
# loaded machine can take longer than a file's time limit; until the worker says it is ready,
# its job's clock allows this much more, so only a start-up that hangs fails the job.
STARTUP_S = 300.0


class JobFailed(BaseModel):
    """What the parent learns when a job did not produce a result."""

    reason: str
    transient: bool = False


class WorkerReady(BaseModel):
    """Sent once by a worker when its warm-up is done: a job's time limit starts from then."""


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job_id: int | None = None
    started: float = 0.0
    ready: bool = False  # its WorkerReady has arrived: the time limit alone applies from then


@dataclass
class ParsePool:
    """N worker processes; `run` feeds them jobs and yields (job_id, result) as they finish."""

    fn: JobFn
    workers: int = 1
    timeout_s: float = 120.0
    warm: WarmFn | None = None
    _ctx: Any = field(default=None, init=False)
    _pool: list[_Worker] = field(default_factory=list, init=False)

    def __enter__(self) -> "ParsePool":
        self._ctx = mp.get_context("spawn")
        self._pool = [self._start() for _ in range(max(1, self.workers))]
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._pool:
            _stop(worker)
        self._pool = []

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_serve, args=(child, self.fn, self.warm), daemon=True)
        process.start()
        child.close()
        return _Worker(process=process, conn=parent)

    def run(
        self, next_job: Callable[[], tuple[int, Any] | None]
    ) -> Iterator[tuple[int, BaseModel | JobFailed]]:
        """Yield results until no job is left; handling a result may queue new jobs."""
        while True:
            self._fill(next_job)
            busy = [w for w in self._pool if w.job_id is not None]
            if not busy:
                return
            yield from self._collect(busy, next_job)

    def _fill(self, next_job: Callable[[], tuple[int, Any] | None]) -> None:
        for worker in self._pool:
            if worker.job_id is None and not self._give(worker, next_job):
                return

    def _give(self, worker: _Worker, next_job: Callable[[], tuple[int, Any] | None]) -> bool:
        job = next_job()
        if job is None:
            return False
        worker.job_id, payload = job
        worker.conn.send(payload)
        worker.started = time.monotonic()
        return True

    def _collect(
        self, busy: list[_Worker], next_job: Callable[[], tuple[int, Any] | None]
    ) -> Iterator[tuple[int, BaseModel | JobFailed]]:
        """Results of finished workers. Every free worker gets its next job before any result
        is handled, so the workers parse while the parent stores (parsing and storing
        overlap): when two finish at once, the second no longer waits while the parent
        records the first one's version."""
        now = time.monotonic()
        wait_s = max(0.0, min(self._deadline(w) for w in busy) - now)
        ready = wait([w.conn for w in busy], timeout=wait_s)
        done: list[tuple[int, BaseModel | JobFailed]] = []
        for worker in busy:
            job_id = worker.job_id
            assert job_id is not None
            if worker.conn in ready:
                result = self._receive(worker)
                if result is None:
                    continue  # the worker was warming up; its job has just started
                done.append((job_id, result))
            elif time.monotonic() >= self._deadline(worker):
                self._replace(worker)
                done.append(
                    (
                        job_id,
                        JobFailed(
                            reason=f"parsing took longer than the {self.timeout_s:g} s limit; "
                            "the file is stored but was not read",
                            transient=True,
                        ),
                    )
                )
        self._fill(next_job)
        yield from done

    def _receive(self, worker: _Worker) -> BaseModel | JobFailed | None:
        """The job's result, or None for the worker's ready signal (its clock restarts)."""
        try:
            result: BaseModel | JobFailed = worker.conn.recv()
            if isinstance(result, WorkerReady):
                worker.started, worker.ready = time.monotonic(), True
                return None
        except (EOFError, OSError):
            worker.process.join(timeout=5)  # the pipe closes before the exit is reaped
            code = worker.process.exitcode
            self._replace(worker)
            return JobFailed(reason=f"the parser crashed (exit code {code})", transient=True)
        worker.job_id = None
        return result

    def _replace(self, worker: _Worker) -> None:
        _stop(worker)
        fresh = self._start()
        worker.process, worker.conn, worker.job_id = fresh.process, fresh.conn, None
        worker.ready = False

    def _deadline(self, worker: _Worker) -> float:
        """When the worker's job has run out of time (its start-up not counted)."""
        return worker.started + self.timeout_s + (0.0 if worker.ready else STARTUP_S)

    def reusable(self) -> bool:
        """Every worker alive and idle: the pool can take another run."""
        return bool(self._pool) and all(
            w.job_id is None and w.process.is_alive() for w in self._pool
        )


class IdlePools:
    """Started parse pools kept between runs, for a server taking uploads one file at a time.

    A fresh worker costs an interpreter and the parsers' imports, about 2 s of CPU, which every
    upload paid before its file was read. Each run borrows a pool of its own (a pool feeds one
    run at a time); one that comes back with every worker idle and alive is kept for the next,
    up to `keep`; any other is stopped, so a run that failed half-way never hands a worker with
    a job in flight to the next one."""

    def __init__(
        self,
        fn: JobFn,
        workers: int = 1,
        timeout_s: float = 120.0,
        warm: WarmFn | None = None,
        keep: int = 2,
    ) -> None:
        self.fn, self.workers, self.timeout_s, self.warm, self.keep = (
            fn,
            workers,
            timeout_s,
            warm,
            keep,
        )
        self._idle: list[ParsePool] = []
        self._lock = threading.Lock()
        self._closed = False
        self.started = 0  # pools started so far (a test and the metrics can see reuse)

    @contextlib.contextmanager
    def borrow(self) -> Iterator[ParsePool]:
        pool = self._take()
        kept = False
        try:
            yield pool
            kept = self._give_back(pool)
        finally:
            if not kept:
                pool.__exit__(None, None, None)

    def _take(self) -> ParsePool:
        with self._lock:
            if self._closed:
                raise RuntimeError("the parse pools are closed")
            while self._idle:
                pool = self._idle.pop()
                if pool.reusable():
                    return pool
                pool.__exit__(None, None, None)  # a worker died while idle
            self.started += 1
        return ParsePool(self.fn, self.workers, self.timeout_s, self.warm).__enter__()

    def _give_back(self, pool: ParsePool) -> bool:
        with self._lock:
            if self._closed or len(self._idle) >= self.keep or not pool.reusable():
                return False
            self._idle.append(pool)
            return True

    def close(self) -> None:
        """Stop every idle pool; pools still lent out stop when they come back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for pool in idle:
            pool.__exit__(None, None, None)


def _stop(worker: _Worker) -> None:
    worker.conn.close()
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(timeout=5)


def _serve(conn: Connection, fn: JobFn, warm: WarmFn | None = None) -> None:
    """Worker loop: warm up once, then one payload in, one result (or JobFailed for a bug)
    out, until EOF. A failing warm-up is not fatal: the first job meets the same error and
    reports it for its file."""
    if warm is not None:
        with contextlib.suppress(Exception):
            warm()
    try:
        conn.send(WorkerReady())
    except (EOFError, OSError):
        return
    while True:
        try:
            payload = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: BaseModel | JobFailed = fn(payload)
        except Exception as exc:  # a parser bug must not kill the run; it is reported
            last = traceback.extract_tb(exc.__traceback__)[-1]
            result = JobFailed(
                reason=f"internal error while parsing: {type(exc).__name__}: {exc} "
                f"({last.filename.rsplit('/', 1)[-1]}:{last.lineno})"
            )
        conn.send(result)
