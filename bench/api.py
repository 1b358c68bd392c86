"""HTTP API benchmark: search requests/s and p95 latency with 16 concurrent clients over HTTP
(a real uvicorn server process on 127.0.0.1), beside the same searches called in-process in
the same run, plus the audit log's write path timed on its own.

    .venv/bin/python bench/api.py [--dossiers N] [--seed S] [--clients 16] [--rounds 3]
                                  [--requests 40] [--port 8765]
                                  [--index embedded|opensearch|both] [--workers 1]

Data: the sample corpus (`navolg sample`, cached as bench/ingest.py does), ingested without OCR
into a fresh local store with its index: the embedded one beside it (what `navolg serve --data`
serves), and/or a fresh index on the OpenSearch of scripts/services.sh (NAVOLG_INDEX, as in
production). The two say different things: an embedded search takes about a millisecond, so
there the ratio is mostly the web stack's own cost per request; on OpenSearch the search
itself is a network call and the ratio shows what HTTP adds to a production search.
Every HTTP search is signed in with an API token and logged before it is answered (the log is
on, as in production); the in-process baseline calls search.service.search on the same index
with the same queries and the same number of threads. A second in-process row (info) lets
only NAVOLG_SEARCH_THREADS of those threads search at once, as the server does, so the part
of the ratio that is the server's queueing (not its cost) can be told apart. Rounds alternate
HTTP and in-process and the table shows medians, so both see the same machine load (2 shared
cores are noisy).

Targets (issue 5): HTTP p95 <= 1.5 x in-process p95; the audit write costs <= 20% of
throughput, i.e. the log's write path keeps the log busy for at most a fifth of the time at the
HTTP request rate, and one append takes at most a fifth of a request. The log is timed on its
own twice: one append at a time (a lone request's cost), and as many threads appending at once
as there are clients (what the server's request threads do: concurrent appends share a batch,
so the log's time per request is 1 / that rate; the busy share is HTTP req/s / that rate).
"""

import argparse
import contextlib
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path = [p for p in sys.path if Path(p).resolve() != Path(__file__).resolve().parent]

import httpx  # noqa: E402

from api.settings import Settings  # noqa: E402
from bench.ingest import corpus  # noqa: E402
from bench.search import COMPONENTS, MATERIALS  # noqa: E402
from search.backend import SearchIndex  # noqa: E402
from search.factory import open_index  # noqa: E402
from search.indexer import Indexer  # noqa: E402
from search.models import Filters, SearchQuery  # noqa: E402
from search.opensearch import OpenSearchIndex  # noqa: E402
from search.service import search  # noqa: E402
from store.access import AccessRecords  # noqa: E402
from store.factory import open_store  # noqa: E402
from store.records import Store  # noqa: E402
from tests.serve import stop_serve  # noqa: E402

Query = tuple[str, dict[str, Any]]


def queries() -> list[Query]:
    """Words, phrases, prefixes, exclusions and filters, as people search (search issue)."""
    none: dict[str, Any] = {}
    words: list[Query] = [(w, none) for w in [*COMPONENTS, *MATERIALS]]
    return [
        *words,
        ('"voldoet niet"', {}),
        ("bereken*", {}),
        ("scheur -dakkapel", {}),
        ("gevel OR schoorsteen", {}),
        ("", {"type": ["besluit"]}),
        ("versterking", {"sort": "date"}),
        ("funderingsherstel woning", {"limit": 20}),
    ]


def to_query(text: str, options: dict[str, Any]) -> SearchQuery:
    return SearchQuery(
        text=text,
        sort=options.get("sort", "relevance"),
        limit=options.get("limit", 10),
        filters=Filters(doc_types=options.get("type", [])),
    )


def prepare(root: Path, dossiers: int, seed: int, index: SearchIndex) -> tuple[Store, str]:
    """The sample corpus in a fresh store with its index; a reviewer's API token."""
    from ingest.formats import Limits  # noqa: PLC0415
    from ingest.pipeline import IngestOptions, Ingestor  # noqa: PLC0415

    store = open_store(str(root))
    options = IngestOptions(actor="bench", workers=2, limits=Limits(ocr_language="none"))
    start = time.perf_counter()
    report = Ingestor(store, options, Indexer(store, index)).ingest_path(corpus(dossiers, seed))
    print(f"ingested {len(report.items)} files in {time.perf_counter() - start:.0f} s")
    access = AccessRecords(store)
    access.put_user("bench", "bench", name="Bench", role="reviewer")
    return store, access.issue_token("bench", "bench").secret


@contextlib.contextmanager
def server(
    data: Path, port: int, index_setting: str, workers: int = 1
) -> Iterator[tuple[str, int]]:
    """`navolg serve` in its own process (base URL, pid); ready when /readyz says so."""
    navolg = Path(sys.executable).parent / "navolg"
    cmd = [
        str(navolg),
        "serve",
        "--data",
        str(data),
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    env = {**os.environ, "NAVOLG_INDEX": index_setting}
    # Its log goes to a file, never to a pipe nobody reads: a full pipe stalls the server.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                        break
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"server exited: {log.read().decode()[-2000:]}")
                time.sleep(0.1)
            yield base, proc.pid
        finally:
            stop_serve(proc)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants so far, from /proc."""
    total = 0.0
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += cpu_seconds(int(child))
    return total


def run_clients(
    clients: int, per_client: int, call: Callable[[int], None]
) -> tuple[float, list[float]]:
    """(requests/s, latencies in s) with `clients` threads each doing `per_client` calls."""
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client(n: int) -> None:
        mine = []
        barrier.wait()
        try:
            for i in range(per_client):
                start = time.perf_counter()
                call(n * per_client + i)
                mine.append(time.perf_counter() - start)
        except Exception as exc:  # a failed request must fail the bench, not thin the sample
            errors.append(exc)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} of {clients} clients failed; first: {errors[0]}")
    return clients * per_client / (time.perf_counter() - start), latencies


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


Round = tuple[float, float, float]  # requests/s, p95 s, CPU s per request


def http_round(base: str, token: str, qs: list[Query], clients: int, n: int, pid: int) -> Round:
    """Each client thread keeps one stdlib keep-alive connection (lighter than httpx): the
    clients share the 2 cores with the server, so their own cost lands in the latency measured.
    The CPU per request is the server's (process `pid`); the clients' is printed apart."""
    local = threading.local()
    host, _, port = base.removeprefix("http://").partition(":")
    headers = {"Authorization": f"Bearer {token}"}
    paths = [f"/api/v1/search?{urlencode({'q': q, **options}, doseq=True)}" for q, options in qs]

    def call(i: int) -> None:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection(host, int(port), timeout=60)
        local.conn.request("GET", paths[i % len(paths)], headers=headers)
        response = local.conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"search failed: {response.status} {body[:200]!r}")

    server_cpu, own_cpu = cpu_seconds(pid), time.process_time()
    rps, latencies = run_clients(clients, n, call)
    requests = clients * n
    client_ms = (time.process_time() - own_cpu) / requests * 1e3
    print(f"  HTTP clients' own CPU: {client_ms:.2f} ms/request")
    return rps, p95(latencies), (cpu_seconds(pid) - server_cpu) / requests


def inproc_round(
    index: SearchIndex, qs: list[Query], clients: int, n: int, bound: int | None = None
) -> Round:
    """The same searches from `clients` threads; with `bound`, at most that many search at
    once (as the server's NAVOLG_SEARCH_THREADS does), the others waiting for a turn."""
    prepared = [to_query(text, options) for text, options in qs]
    turns = threading.BoundedSemaphore(bound or clients)

    def call(i: int) -> None:
        with turns:
            search(index, prepared[i % len(prepared)], None)

    cpu = time.process_time()
    rps, latencies = run_clients(clients, n, call)
    return rps, p95(latencies), (time.process_time() - cpu) / (clients * n)


def audit_append_seconds(store: Store, count: int) -> list[float]:
    """The log's write path alone: one search.performed event as the route writes it."""
    times = []
    details = {"q": "topgevel", "format": "json", "filters": {}}
    for _ in range(count):
        start = time.perf_counter()
        store.audit.append("bench", "search.performed", "search", details)
        times.append(time.perf_counter() - start)
    return times


def audit_concurrent_rate(store: Store, clients: int, each: int) -> float:
    """Events/s the log takes with `clients` threads appending at once, as the server's
    request threads do: concurrent appends share a batch (group commit), so the log's cost
    per request is 1 / this rate, not one lone append's time."""
    details = {"q": "topgevel", "format": "json", "filters": {}}

    def call(_i: int) -> None:
        store.audit.append("bench", "search.performed", "search", details)

    rate, _latencies = run_clients(clients, each, call)
    return rate


def table(rows: list[tuple[str, float, float, str, str]]) -> None:
    print(f"\n{'figure':40s} {'value':>10s} {'baseline':>10s} {'ratio':>7s}  target")
    for name, value, base, ratio, target in rows:
        print(f"{name:40s} {value:10.2f} {base:10.2f} {ratio:>7s}  {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40, help="per client per round")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--index", choices=["embedded", "opensearch", "both"], default="both")
    parser.add_argument("--opensearch", default="http://127.0.0.1:9200")
    parser.add_argument("--workers", type=int, default=1, help="navolg serve --workers")
    args = parser.parse_args()
    kinds = ["embedded", "opensearch"] if args.index == "both" else [args.index]
    for kind in kinds:
        print(f"\n== {kind} index ==")
        with tempfile.TemporaryDirectory(prefix="navolg-bench-api-") as tmp:
            setting = (
                f"opensearch+{args.opensearch}?prefix=navolg-bench-api-{uuid.uuid4().hex[:8]}"
                if kind == "opensearch"
                else "embedded"
            )
            data = Path(tmp) / "store"
            index = open_index(setting, data)
            try:
                bench_one(args, data, index, setting)
            finally:
                if isinstance(index, OpenSearchIndex):
                    index.drop()


def bench_one(args: argparse.Namespace, data: Path, index: SearchIndex, setting: str) -> None:
    qs = queries()
    store, token = prepare(data, args.dossiers, args.seed, index)
    http: list[Round] = []
    local: list[Round] = []
    bounded: list[Round] = []
    bound = Settings().search_threads
    with server(data, args.port, setting, args.workers) as (base, pid):
        http_round(base, token, qs, args.clients, 5, pid)  # warm both sides up
        inproc_round(index, qs, args.clients, 5)
        for r in range(args.rounds):
            http.append(http_round(base, token, qs, args.clients, args.requests, pid))
            local.append(inproc_round(index, qs, args.clients, args.requests))
            bounded.append(inproc_round(index, qs, args.clients, args.requests, bound))
            print(
                f"round {r + 1}: HTTP {http[-1][0]:.0f} req/s p95 {http[-1][1] * 1e3:.1f} ms"
                f" server CPU {http[-1][2] * 1e3:.2f} ms/req"
                f" | in-process {local[-1][0]:.0f}/s p95 {local[-1][1] * 1e3:.1f} ms"
                f" CPU {local[-1][2] * 1e3:.2f} ms/search"
                f" | in-process, {bound} at once: p95 {bounded[-1][1] * 1e3:.1f} ms"
            )
    appends = audit_append_seconds(store, 300)
    rates = [audit_concurrent_rate(store, args.clients, 20) for _ in range(3)]
    report(http, local, appends, statistics.median(rates), args.clients, (bound, bounded))


def report(
    http: list[Round],
    local: list[Round],
    appends: list[float],
    audit_rate: float,
    clients: int,
    bounded: tuple[int, list[Round]],
) -> None:
    rps = statistics.median(h[0] for h in http)
    rps_local = statistics.median(h[0] for h in local)
    p95_http = statistics.median(h[1] for h in http) * 1e3
    p95_local = statistics.median(h[1] for h in local) * 1e3
    p95_bounded = statistics.median(h[1] for h in bounded[1]) * 1e3
    cpu_http = statistics.median(h[2] for h in http) * 1e3
    cpu_local = statistics.median(h[2] for h in local) * 1e3
    append_ms = statistics.mean(appends) * 1e3
    per_request_ms = 1e3 * clients / rps  # mean time a request takes at this concurrency
    batched_ms = 1e3 / audit_rate  # the log's time per event, appends arriving together
    busy = rps / audit_rate  # share of the time the log is writing at the HTTP request rate
    of_request = append_ms / per_request_ms
    table(
        [
            ("search req/s, 16 clients", rps, rps_local, f"{rps / rps_local:.2f}", "(info)"),
            (
                "search p95 ms, 16 clients",
                p95_http,
                p95_local,
                f"{p95_http / p95_local:.2f}",
                "<= 1.5",
            ),
            (
                f"  same, in-process {bounded[0]} at once",
                p95_http,
                p95_bounded,
                f"{p95_http / p95_bounded:.2f}",
                "(info)",
            ),
            (
                "CPU ms per search: server / in-process",
                cpu_http,
                cpu_local,
                f"{cpu_http / cpu_local:.2f}",
                "(info)",
            ),
            (
                "audit append ms (alone) / request ms",
                append_ms,
                per_request_ms,
                f"{of_request:.3f}",
                "<= 0.20",
            ),
            (
                f"audit ms per event, {clients} at once",
                batched_ms,
                append_ms,
                f"{batched_ms / append_ms:.3f}",
                "(info)",
            ),
            ("audit log busy % at HTTP req/s", busy * 100, 100.0, f"{busy:.3f}", "<= 0.20"),
        ]
    )


if __name__ == "__main__":
    main()
