"""Trace benchmark: one dossier of 200 documents and 600 versions on the embedded (local) store.

    .venv/bin/python bench/trace.py [--documents N] [--versions-per-document V] [--runs R]

Prints, in the same run (medians of R runs, cold process caches aside):
  list    the time to merely list every version record of the dossier from the store
          (list_documents, then list_versions per document): the floor any trace must read
  trace   lineage.build_trace on the same dossier (reads the store, applies readings,
          builds timeline, chains, changes and discrepancies)
and the ratio. Target: trace under 1 s.
"""

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# standard library's `trace` module; drop that entry before importing.
sys.path = [p for p in sys.path if Path(p).resolve() != Path(__file__).resolve().parent]

from lineage import build_trace  # noqa: E402
from store.factory import open_store  # noqa: E402
from store.fields import DocumentFields, Found, Measurement, Reference, Source  # noqa: E402
from store.models import VersionMeta  # noqa: E402
from store.records import Store  # noqa: E402

DOSSIER = "GRN-BENCH-1"
TYPES = ["opname", "beoordeling", "besluit", "bezwaar", "hoorzitting", "advies_bezwaarcommissie",
         "beslissing_op_bezwaar", "gespreksverslag", "correspondentie", "foto"]  # fmt: skip


def _fields(doc_type: str, n: int, version: int) -> DocumentFields:
    """Fields like real ones: kenmerken, references, a verdict, measurements and materials."""
    src = Source(page=2, quote="De gevelbreedte bedraagt 6,40 m; binnenblad van kalkzandsteen.")
    width = Measurement(name="gevelbreedte", value=6.4 + 0.1 * version, unit="m", source=src)
    deciding = doc_type in ("besluit", "beslissing_op_bezwaar", "beoordeling")
    return DocumentFields(
        kenmerk=Found(value=f"K-{doc_type[:3].upper()}-{n:05d}"),
        verdict=Found(value="op_norm" if version % 2 else "niet_op_norm") if deciding else None,
        references=[Reference(kenmerk=f"K-BEO-{max(n - 1, 0):05d}", date=_day(n - 1))],
        measurements=[width],
        materials=[Found(value="kalkzandsteen", source=src)],
        components=[Found(value="topgevel", source=src), Found(value="schoorsteen", source=src)],
    )  # fmt: skip


def _day(n: int) -> dt.date:
    return dt.date(2018, 1, 1) + dt.timedelta(days=7 * n)


def build(store: Store, documents: int, versions: int) -> int:
    """A dossier of `documents` documents with `versions` versions each, dated a week apart."""
    written = 0
    for n in range(documents):
        doc_type = TYPES[n % len(TYPES)]
        for v in range(1, versions + 1):
            blob = store.put_blob_bytes(f"{DOSSIER} {n} {v}".encode())
            meta = VersionMeta(media_type="text/plain", doc_type=doc_type, parse_status="parsed",
                               document_date=_day(n) + dt.timedelta(days=200 * (v - 1)),
                               fields=_fields(doc_type, n, v))  # fmt: skip
            written += store.add_version(
                DOSSIER, f"docs/{doc_type}-{n:03d}.pdf", blob, meta, "bench"
            ).created
    return written


def list_all(store: Store) -> int:
    return sum(len(store.list_versions(DOSSIER, d)) for d in store.list_documents(DOSSIER))


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--versions-per-document", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="navolg-bench-trace-") as tmp:
        store = open_store(str(Path(tmp) / "store"))
        written = build(store, args.documents, args.versions_per_document)
        assert list_all(store) == written
        trace = build_trace(store, DOSSIER)
        listing = median_time(lambda: list_all(store), args.runs)
        tracing = median_time(lambda: build_trace(store, DOSSIER), args.runs)
    print(f"dossier: {args.documents} documents, {written} versions (embedded local store)")
    print(f"trace: {len(trace.timeline)} timeline entries, {len(trace.verdicts)} verdict chains, "
          f"{sum(len(c.changed_after) for c in trace.verdicts)} later changes, "
          f"{len(trace.discrepancies)} discrepancies")  # fmt: skip
    print(f"list versions (baseline): {listing * 1000:8.1f} ms")
    print(f"trace:                    {tracing * 1000:8.1f} ms  ({tracing / listing:.1f}x listing)")
    print(f"target: trace under 1 s: {'met' if tracing < 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
