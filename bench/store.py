"""Store benchmark: audit append rate and verify throughput on both backends.

    .venv/bin/python bench/store.py [--events N] [--runs R] [--s3-endpoint URL]

Each figure is printed beside its baseline measured in the same run (medians of R runs):
  append  events/s with one writer     vs the targets (500/s local, 150/s SeaweedFS)
  verify  events/s and MB/s            vs (a) read the same event objects and SHA-256 them
                                          (same I/O, no JSON), and (b) SHA-256 over the same
                                          bytes already in memory
Needs SeaweedFS on the endpoint (scripts/services.sh start s3).
"""

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# `store` package it measures; drop that entry before importing.
sys.path = [p for p in sys.path if Path(p).resolve() != Path(__file__).resolve().parent]

from store import AuditLog, open_backend  # noqa: E402
from store.backend import ObjectBackend  # noqa: E402
from store.keys import AUDIT_EVENTS  # noqa: E402


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


def read_and_hash(backend: ObjectBackend) -> list[bytes]:
    blobs = [data for _k, data in backend.read_many(backend.list(AUDIT_EVENTS)) if data]
    for data in blobs:
        hashlib.sha256(data).digest()
    return blobs


def bench_backend(name: str, make: Callable[[], ObjectBackend], n: int, runs: int) -> None:
    rates, verify_s, io_s, mem_s = [], [], [], []
    nbytes = 0
    for _ in range(runs):
        backend = make()
        rates.append(append_run(backend, n))
        log = AuditLog(backend)
        report = log.verify()
        assert report.ok and report.events == n, report
        nbytes = report.bytes
        verify_s.append(timed(log.verify))
        start = time.perf_counter()
        blobs = read_and_hash(backend)
        io_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        for data in blobs:
            hashlib.sha256(data).digest()
        mem_s.append(time.perf_counter() - start)
    v, a, m = (statistics.median(x) for x in (verify_s, io_s, mem_s))
    mb = nbytes / 1e6
    target = 500 if name == "local" else 150
    print(f"\n== {name}: {n} events, {mb:.2f} MB, median of {runs} runs")
    print(f"append           {statistics.median(rates):>10.0f} events/s   (target >= {target})")
    print(f"verify           {n / v:>10.0f} events/s  {mb / v:>8.2f} MB/s")
    print(
        f"(a) read+sha256  {n / a:>10.0f} events/s  {mb / a:>8.2f} MB/s   verify/(a) = {a / v:.2f}"
    )
    print(
        f"(b) sha256 only  {n / m:>10.0f} events/s  {mb / m:>8.2f} MB/s   verify/(b) = {m / v:.4f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--s3-endpoint", default="http://127.0.0.1:8333")
    args = parser.parse_args()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "navolg-bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "navolg-bench")
    with tempfile.TemporaryDirectory(prefix="navolg-bench-") as tmp:
        bench_backend(
            "local", lambda: open_backend(str(Path(tmp) / uuid.uuid4().hex)), args.events, args.runs
        )
    bench_backend(
        "seaweedfs",
        lambda: open_backend(f"s3://bench-{uuid.uuid4().hex[:10]}?endpoint={args.s3_endpoint}"),
        args.events,
        args.runs,
    )


if __name__ == "__main__":
    main()
