"""Store benchmark: audit append rate and verify throughput on both backends.

    .venv/bin/python bench/store.py [--events N] [--runs R] [--s3-endpoint URL]
                                    [--backends local,seaweedfs]

Each figure is printed beside its baseline measured in the same run (medians of R runs):
  append  events/s with one writer (sealing every 1000 events included)
                                       vs the targets (500/s local, 150/s SeaweedFS)
  verify  events/s and MB/s (fast: sealed segments by digest, the tail event by event)
          vs (c) the same verify with the tail found by listing audit/events/ (as before;
                 on S3 this is what verify does)
             (a) read the objects verify reads (segments + tail) and SHA-256 each
             (a1) read every per-event object and SHA-256 each (the I/O before segments)
             (b) SHA-256 over the same event bytes in memory, one call per event
             (b1) SHA-256 over the same bytes in memory, one call per segment/tail event
  The target (verify >= 0.5x plain SHA-256 over the same bytes) is read against (b) and (b1).
Needs SeaweedFS on the endpoint (scripts/services.sh start s3).
"""

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# `store` package it measures; drop that entry before importing.
sys.path = [p for p in sys.path if Path(p).resolve() != Path(__file__).resolve().parent]

from store import AuditLog, open_backend  # noqa: E402
from store.backend import ObjectBackend  # noqa: E402
from store.errors import NotFound  # noqa: E402
from store.keys import AUDIT_EVENTS, AUDIT_SEGMENTS  # noqa: E402


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def append_run(backend: ObjectBackend, n: int) -> float:
    log = AuditLog(backend)
    details = {"doc": "rapporten/beoordeling.pdf", "version": 3, "query": "topgevel kalkzandsteen"}
    return n / timed(
        lambda: [
            log.append("reviewer1", "document.viewed", "dossier:D-0001", details) for _ in range(n)
        ]
    )


def read_objects(backend: ObjectBackend, prefix: str, after: str | None = None) -> list[bytes]:
    keys = backend.list(prefix, start_after=after)
    return [data for _k, data in backend.read_many(keys) if data]


def verify_objects(backend: ObjectBackend) -> list[bytes]:
    """The objects fast verify reads: every segment, then the events after the last one
    (read by number until one is missing: the I/O, not the cost of finding their names)."""
    segments = read_objects(backend, AUDIT_SEGMENTS)
    seq = seq_of_line(segments[-1].splitlines()[-1]) if segments else 0
    tail = []
    while True:
        seq += 1
        try:
            tail.append(backend.read(f"{AUDIT_EVENTS}{seq:012d}.json"))
        except NotFound:
            return segments + tail


def verify_listing_tail(backend: ObjectBackend) -> None:
    """Fast verify as before: the tail found by listing audit/events/ after the last
    segment (S3 still does: its listing seeks server-side)."""
    listing = getattr(backend, "listing_seeks", False)
    backend.listing_seeks = True  # type: ignore[attr-defined]
    try:
        AuditLog(backend).verify()
    finally:
        backend.listing_seeks = listing  # type: ignore[attr-defined]


def seq_of_line(line: bytes) -> int:
    return int(json.loads(line)["seq"])


def read_and_hash(backend: ObjectBackend, prefix: str | None) -> None:
    """Baseline (a) with prefix None: what verify reads; (a1): every object under prefix."""
    hash_each(verify_objects(backend) if prefix is None else read_objects(backend, prefix))


def hash_each(blobs: list[bytes]) -> None:
    for data in blobs:
        hashlib.sha256(data).digest()


def median_time(fn: Callable[[], object], reps: int) -> float:
    return statistics.median(timed(fn) for _ in range(reps))


def bench_backend(name: str, make: Callable[[], ObjectBackend], n: int, runs: int) -> None:
    rates: list[float] = []
    times: dict[str, list[float]] = {k: [] for k in ("v", "c", "a", "a1", "b", "b1")}
    nbytes, events, segments = 0, 0, 0
    for _ in range(runs):
        backend = make()
        rates.append(append_run(backend, n))
        log = AuditLog(backend)
        report = log.verify()
        assert report.ok and report.events >= n, report
        nbytes, events, segments = report.bytes, report.events, report.segments
        per_event = read_objects(backend, AUDIT_EVENTS)
        assert sum(len(d) for d in per_event) == nbytes
        verified = verify_objects(backend)
        reps = 5
        # figure and baselines on the same store one after the other, median of 5 each
        times["v"].append(median_time(log.verify, reps))
        times["c"].append(median_time(partial(verify_listing_tail, backend), reps))
        times["a"].append(median_time(partial(read_and_hash, backend, None), reps))
        times["a1"].append(median_time(partial(read_and_hash, backend, AUDIT_EVENTS), reps))
        times["b"].append(median_time(partial(hash_each, per_event), reps))
        times["b1"].append(median_time(partial(hash_each, verified), reps))
    med = {k: statistics.median(v) for k, v in times.items()}
    mb = nbytes / 1e6
    target = 500 if name == "local" else 150
    rate = statistics.median(rates)
    print(f"\n== {name}: {events} events ({segments} sealed segments), {mb:.2f} MB, {runs} runs")
    print(
        f"append              {rate:>9.0f} events/s   target >= {target}: "
        f"{'met' if rate >= target else 'MISSED'}  (runs: {', '.join(f'{r:.0f}' for r in rates)})"
    )
    v = med["v"]
    print(f"verify (fast)       {events / v:>9.0f} events/s {mb / v:>8.1f} MB/s")
    labels = {
        "c": "(c)  verify, tail found by listing (before)",
        "a": "(a)  read+sha256 of the objects verify reads",
        "a1": "(a1) read+sha256 of every per-event object",
        "b": "(b)  sha256 in memory, per event",
        "b1": "(b1) sha256 in memory, per segment",
    }
    for key, label in labels.items():
        t = med[key]
        print(f"{label:<46} {events / t:>9.0f} ev/s {mb / t:>8.1f} MB/s  verify/x = {t / v:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--s3-endpoint", default="http://127.0.0.1:8333")
    parser.add_argument(
        "--backends", default="local,seaweedfs", help="comma-separated: local, seaweedfs"
    )
    args = parser.parse_args()
    backends = args.backends.split(",")
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "navolg-bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "navolg-bench")
    if "local" in backends:
        with tempfile.TemporaryDirectory(prefix="navolg-bench-") as tmp:
            bench_backend(
                "local",
                lambda: open_backend(str(Path(tmp) / uuid.uuid4().hex)),
                args.events,
                args.runs,
            )
    if "seaweedfs" in backends:
        bench_backend(
            "seaweedfs",
            lambda: open_backend(f"s3://bench-{uuid.uuid4().hex[:10]}?endpoint={args.s3_endpoint}"),
            args.events,
            args.runs,
        )


if __name__ == "__main__":
    main()
