"""A load client for the operations tests: many asyncio clients on one `navolg serve`, each
with its own API token, mixing search, dossier view, document view and download; every answer
is kept (status, latency, what the audit log must then hold), and the server's memory is
sampled beside it. Plain httpx: no load-testing framework needed for 50 clients."""

import asyncio
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import psutil

T = TypeVar("T")

OPERATIONS = ("search", "dossier", "document", "download")
WORDS = ["scheur", "gevel", "schoorsteen", "besluit", "beoordeling", "kalkzandsteen", "woning"]


@dataclass(frozen=True)
class Client:
    """One simulated user: who, with which token, and which documents they may read."""

    user_id: str
    token: str
    documents: Sequence[tuple[str, str]]  # (dossier_id, doc_id)


@dataclass(frozen=True)
class Read:
    """One answered request and the audit event it must have left: (actor, action, target)."""

    operation: str
    status: int
    seconds: float
    expected_event: tuple[str, str, str]


@dataclass
class Memory:
    """RSS of a process and its children, sampled in a thread every `every` seconds."""

    pid: int
    every: float = 2.0
    samples: list[tuple[float, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        proc = psutil.Process(self.pid)
        while not self._stop.is_set():
            try:
                rss = proc.memory_info().rss + sum(
                    c.memory_info().rss for c in proc.children(recursive=True)
                )
            except psutil.NoSuchProcess:
                return
            self.samples.append((time.monotonic(), rss))
            self._stop.wait(self.every)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()


async def _one(http: httpx.AsyncClient, client: Client, rng: random.Random) -> Read:
    operation = rng.choice(OPERATIONS)
    dossier_id, doc_id = rng.choice(client.documents)
    if operation == "search":
        word = rng.choice(WORDS)
        url, params = "/api/v1/search", {"q": word}
        event = (client.user_id, "search.performed", "search")
    elif operation == "dossier":
        url, params = f"/api/v1/dossiers/{dossier_id}", {}
        event = (client.user_id, "dossier.viewed", f"dossier:{dossier_id}")
    elif operation == "document":
        url, params = f"/api/v1/documents/{dossier_id}/{doc_id}", {}
        event = (client.user_id, "document.viewed", f"document:{dossier_id}/{doc_id}")
    else:
        url, params = f"/api/v1/originals/{dossier_id}/{doc_id}", {}
        event = (client.user_id, "document.downloaded", f"document:{dossier_id}/{doc_id}")
    started = time.perf_counter()
    try:
        answer = await http.get(url, params=params)
        await answer.aread()
        status = answer.status_code
    except httpx.HTTPError:
        status = 0  # no answer at all counts as an error
    return Read(operation, status, time.perf_counter() - started, event)


async def _user(base: str, client: Client, until: float, seed: int) -> list[Read]:
    rng = random.Random(seed)
    reads: list[Read] = []
    headers = {"Authorization": f"Bearer {client.token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
        while time.monotonic() < until:
            reads.append(await _one(http, client, rng))
    return reads


async def _all(base: str, clients: Sequence[Client], seconds: float) -> list[Read]:
    until = time.monotonic() + seconds
    done = await asyncio.gather(*(_user(base, c, until, n) for n, c in enumerate(clients)))
    return [r for reads in done for r in reads]


def run_in_own_loop(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run on a thread of its own: in a parallel run the browser tests' Playwright (a
    session fixture) may already hold a running event loop on this worker's main thread, and
    asyncio.run refuses to nest."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def run_load(base: str, clients: Sequence[Client], seconds: float) -> list[Read]:
    """All clients at once for `seconds`; every read any of them made."""
    return run_in_own_loop(_all(base, clients, seconds))


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), by statistics.quantiles' inclusive method."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def summary(reads: Sequence[Read], seconds: float) -> str:
    """Requests, errors, req/s and p50/p95 per operation and overall, as printable lines."""
    lines = [f"{'operation':<10} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8}"]
    groups = {op: [r for r in reads if r.operation == op] for op in OPERATIONS}
    groups["all"] = list(reads)
    for name, rs in groups.items():
        times = [r.seconds * 1000 for r in rs]
        errors = sum(r.status != 200 for r in rs)
        lines.append(
            f"{name:<10} {len(rs):>8} {errors:>6} "
            f"{percentile(times, 50):>8.1f} {percentile(times, 95):>8.1f}"
        )
    lines.append(f"throughput {len(reads) / seconds:.1f} req/s over {seconds:.0f} s")
    return "\n".join(lines)


def expected_events(reads: Sequence[Read]) -> Counter[tuple[str, str, str]]:
    return Counter(r.expected_event for r in reads if r.status == 200)


def memory_trend(samples: Sequence[tuple[float, int]], warm_up: float) -> tuple[float, float, int]:
    """Median RSS (MiB) of the first and last third of the samples after `warm_up` seconds,
    and how many samples that left."""
    if not samples:
        return float("nan"), float("nan"), 0
    start = samples[0][0] + warm_up
    kept = [rss / 2**20 for t, rss in samples if t >= start]
    third = len(kept) // 3
    if third == 0:
        return float("nan"), float("nan"), len(kept)
    return statistics.median(kept[:third]), statistics.median(kept[-third:]), len(kept)
