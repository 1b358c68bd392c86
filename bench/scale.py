"""Scale: ingest throughput with 1, 2 and 4 processes, and search p95 as the index grows.

    .venv/bin/python bench/scale.py [--dossiers 8] [--sizes 10000,30000,100000] [--rounds 5]
                                    [--plot docs/scale.png] [--skip-ingest] [--skip-search]
                                    [--private-opensearch 2g] [--until HH:MM]

ingest  The sample corpus (`--dossiers`, first deliveries) split into P disjoint parts, one
        `navolg ingest` process per part, all at once (as on P machines), against a fresh
        SeaweedFS bucket and OpenSearch alias each time; files/s over the wall-clock time of
        the slowest process. Baseline: P = 1 in the same run.
search  Generated version-shaped documents (bench/search.py's generator, no parsing) put into
        one OpenSearch index through navolg's own bulk path, growing to each size in turn;
        at each size navolg's search (bench/search.py's query mix) is timed `--rounds` times
        per query: p50/p95. Baseline: the smallest size in the same run. The documents are
        generated as the bulk path reads them (its producer thread: generate, make the index
        document, serialise, while the previous request is at the cluster), never all held
        in memory; the step's docs/s is that pipeline's, and the seconds spent generating in
        it are printed beside. At each size: load average and the node's heap and GC.
        `--private-opensearch HEAP` runs the search part on an OpenSearch of its own (free
        ports, the cached distribution, tests/ops/services.py), removed at the end, so that
        1M documents do not land on the shared :9200 everyone's tests use.
        `--until HH:MM` (UTC) stops the indexing then and measures at the size reached.

The machine is shared (2 cores, other benchmarks at the same time): figures are as measured,
medians where there are several rounds. Needs SeaweedFS (:8333) and OpenSearch (:9200); the
buckets and indices are removed at the end.
"""

import argparse
import calendar
import functools
import itertools
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path = [p for p in sys.path if Path(p).resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))  # tests.ops.helpers: fresh targets and ingest processes

os.environ.setdefault("AWS_ACCESS_KEY_ID", "navolg-test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "navolg-test")

from opensearchpy import OpenSearch  # noqa: E402

from bench.search import Generated, iter_documents, navolg_docs, query_mix, timed  # noqa: E402
from search.opensearch import REBUILD_SENDERS, OpenSearchIndex  # noqa: E402
from search.service import search  # noqa: E402
from tests.ops.helpers import deliveries, fresh_target, run_ingests, sample_corpus  # noqa: E402
from tests.ops.services import PrivateOpenSearch  # noqa: E402

MS = 1000.0


def ingest_runs(dossiers: int, processes: list[int], rounds: int, tmp: Path) -> dict[int, float]:
    """Median files/s for each process count."""
    corpus = sample_corpus(tmp / "corpus", dossiers=dossiers) / "dossiers"
    files = sum(1 for p in corpus.rglob("*") if p.is_file() and p.name != "manifest.csv")
    print(f"ingest: {dossiers} dossiers, {files} files; {rounds} round(s) per process count")
    rates: dict[int, list[float]] = {p: [] for p in processes}
    for round_ in range(rounds):
        for p in processes:
            picks = [list(range(i, dossiers, p)) for i in range(p)]
            parts = deliveries(corpus, tmp / f"parts-{round_}-{p}", picks)
            with fresh_target() as target:
                started = time.perf_counter()
                reports = run_ingests(target, parts, tmp / f"logs-{round_}-{p}", timeout=1800)
                wall = time.perf_counter() - started
            for report in reports:
                if report["exit_code"] != 0 or report.get("not_stored"):
                    raise SystemExit(f"ingest failed: {report['stderr'][-2000:]}")
            rates[p].append(files / wall)
            print(
                f"  round {round_ + 1}, {p} process(es): {wall:.1f} s, {files / wall:.2f} files/s"
            )
    return {p: statistics.median(r) for p, r in rates.items()}


class Timed:
    """An iterator that adds up the seconds its source takes to produce each item, and ends
    early at `until` (time.time()), if given."""

    def __init__(self, source: Iterator[Generated], until: float | None = None) -> None:
        self.source = source
        self.until = until
        self.seconds = 0.0

    def __iter__(self) -> "Timed":
        return self

    def __next__(self) -> Generated:
        if self.until is not None and time.time() >= self.until:
            raise StopIteration
        started = time.perf_counter()
        try:
            return next(self.source)
        finally:
            self.seconds += time.perf_counter() - started


def node_state(client: OpenSearch) -> str:
    """Load average, and the node's heap and GC so far (is the heap the limit?)."""
    jvm = next(iter(client.nodes.stats(metric="jvm")["nodes"].values()))["jvm"]
    gc = jvm["gc"]["collectors"]
    spent = [
        f"{name} {c['collection_count']} in {c['collection_time_in_millis'] / MS:.1f} s"
        for name, c in gc.items()
    ]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"load {load}; heap {jvm['mem']['heap_used_percent']} % of "
        f"{jvm['mem']['heap_max_in_bytes'] / 2**30:.1f} GiB; GC {', '.join(spent)}"
    )


def search_runs(
    url: str,
    sizes: list[int],
    rounds: int,
    words: int,
    until: float | None = None,
    loads: dict[int, float] | None = None,
) -> dict[int, tuple[float, float, float]]:
    """(p50 ms, p95 ms, indexing docs/s of the step) at each size, one growing index. At
    `until` the indexing stops and the last step is measured at the size it reached."""
    stream = iter_documents(max(sizes), words, seed=7)
    client = OpenSearch(url, timeout=300)
    index = OpenSearchIndex(client, alias=f"navolg-bench-scale-{os.getpid()}")
    mix = query_mix()
    out: dict[int, tuple[float, float, float]] = {}
    done = 0
    print(f"search: {node_state(client)}")
    try:
        for target in sorted(sizes):
            if until is not None and time.time() >= until:
                break
            step = Timed(itertools.islice(stream, target - done), until)
            if done == 0:
                seconds = timed(functools.partial(index.rebuild, navolg_docs(step)))
            else:  # navolg's bulk path onto the live index behind the alias
                add = functools.partial(
                    index._bulk, index.alias, navolg_docs(step), REBUILD_SENDERS
                )
                seconds = timed(add)
            started = time.perf_counter()
            client.indices.refresh(index=index.alias)
            client.indices.forcemerge(index=index.alias, max_num_segments=5)
            merged = time.perf_counter() - started
            stored = client.count(index=index.alias)["count"]
            if stored != target:
                print(f"  stopped at --until: {stored:,} of {target:,} documents indexed")
            size, count = stored, stored - done
            done = size
            started = time.perf_counter()
            for query in mix:  # warm caches at this size
                search(index, query, None)
            samples = [
                timed(functools.partial(search, index, q, None)) for _ in range(rounds) for q in mix
            ]
            cuts = statistics.quantiles(samples, n=20, method="inclusive")
            if loads is not None:
                loads[size] = os.getloadavg()[0]  # 1-minute load just after the searches
            out[size] = (statistics.median(samples) * MS, cuts[18] * MS, count / seconds)
            print(
                f"  {size:>9,} docs: indexed {count:,} in {seconds:.0f} s "
                f"({count / seconds:,.0f} docs/s, of which {step.seconds:.0f} s generating); "
                f"refresh+merge {merged:.0f} s; p50 {out[size][0]:.1f} ms, "
                f"p95 {out[size][1]:.1f} ms over {len(samples)} searches "
                f"in {time.perf_counter() - started:.0f} s; {time.strftime('%H:%M:%S')}"
            )
            print(f"             {node_state(client)}", flush=True)
    finally:
        index.drop()
    return out


def report(ingest: dict[int, float], searched: dict[int, tuple[float, float, float]]) -> str:
    lines = []
    if ingest:
        base = ingest[min(ingest)]
        lines += ["| ingest processes | files/s (median) | vs 1 process |", "|---|---|---|"]
        lines += [f"| {p} | {r:.2f} | {r / base:.2f}x |" for p, r in sorted(ingest.items())]
    if searched:
        smallest = min(searched)
        p95_base = searched[smallest][1]
        lines += [
            "",
            "| indexed documents | search p50 ms | search p95 ms | p95 vs smallest "
            "| index docs/s |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {n:,} | {p50:.1f} | {p95:.1f} | {p95 / p95_base:.2f}x | {rate:,.0f} |"
            for n, (p50, p95, rate) in sorted(searched.items())
        ]
    return "\n".join(lines)


def plot(
    path: Path,
    ingest: dict[int, float],
    searched: dict[int, tuple[float, float, float]],
    loads: dict[int, float] | None = None,
) -> None:
    import matplotlib  # noqa: PLC0415  (bench-only: the `bench` extra)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    panels = int(bool(ingest)) + int(bool(searched))
    fig, axes = plt.subplots(1, panels, figsize=(5 * panels, 4), squeeze=False)
    left, right = axes[0][0], axes[0][-1]  # one panel when one part was measured
    if ingest:
        ps = sorted(ingest)
        left.plot(ps, [ingest[p] for p in ps], "o-", label="measured")
        left.plot(ps, [ingest[ps[0]] * p / ps[0] for p in ps], "--", color="grey", label="linear")
        left.set(xlabel="navolg ingest processes", ylabel="files/s", xticks=ps)
        left.set_title("Ingest throughput (SeaweedFS + OpenSearch)")
        left.legend()
    if searched:
        ns = sorted(searched)
        right.plot(ns, [searched[n][1] for n in ns], "o-", label="p95")
        right.plot(ns, [searched[n][0] for n in ns], "s-", label="p50")
        for n, load in (loads or {}).items():  # the shared machine's load beside each point
            right.annotate(
                f"load {load:.1f}",
                (n, searched[n][1]),
                fontsize=7,
                xytext=(4, 4),
                textcoords="offset points",
            )
        right.set(xscale="log", xlabel="indexed documents", ylabel="ms")
        right.set_title("navolg search on OpenSearch")
        right.legend()
    note = "2 cores; the 1-minute load average beside each search point; figures as measured"
    fig.text(0.01, 0.01, note, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"plot: {path}")


def main() -> None:
    # a stop (kill PID) runs the clean-up below: the private OpenSearch and its data go too
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=8)
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--ingest-rounds", type=int, default=1)
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--rounds", type=int, default=5, help="timed runs of each query per size")
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--opensearch", default="http://127.0.0.1:9200")
    parser.add_argument(
        "--private-opensearch",
        metavar="HEAP",
        help="search part on an OpenSearch of its own with this heap (e.g. 2g), removed after",
    )
    parser.add_argument(
        "--until",
        metavar="HH:MM",
        help="stop indexing at this UTC time today and measure at the size reached",
    )
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "scale.png")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    args = parser.parse_args()
    ingest: dict[int, float] = {}
    searched: dict[int, tuple[float, float, float]] = {}
    loads: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_ingest:
            processes = [int(p) for p in args.processes.split(",")]
            ingest = ingest_runs(args.dossiers, processes, args.ingest_rounds, Path(tmp))
    if not args.skip_search:
        sizes = [int(s) for s in args.sizes.split(",")]
        until = None
        if args.until:
            hours, minutes = (int(x) for x in args.until.split(":"))
            until = calendar.timegm((*time.gmtime()[:3], hours, minutes, 0))
        if args.private_opensearch:
            folder = Path(tempfile.mkdtemp(prefix="navolg-scale-os-"))
            private = PrivateOpenSearch(folder, heap=args.private_opensearch)
            try:
                print(f"private OpenSearch ({args.private_opensearch} heap) on {private.url}")
                private.start(timeout=300)
                searched = search_runs(private.url, sizes, args.rounds, args.words, until, loads)
            finally:
                private.stop()
                shutil.rmtree(folder, ignore_errors=True)
        else:
            searched = search_runs(args.opensearch, sizes, args.rounds, args.words, until, loads)
    print(report(ingest, searched))
    plot(args.plot, ingest, searched, loads)


if __name__ == "__main__":
    main()
