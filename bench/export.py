"""Export benchmark: export + verify of a 200-document dossier beside a plain zip of the bytes.

    .venv/bin/python bench/export.py [--documents N] [--runs R]

The dossier is built from real sample-corpus files (PDF, DOCX, ODT, scans, mail, …) stored as
versions of one dossier in a local store, each with a parse result, so the bytes are realistic
without paying for parsing. After one untimed warm-up round, R rounds run in the same
process, the order of figure and baseline alternating, and print medians:
  figure    navolg export (read the store, log, checkpoint, proofs, BagIt bag written into
            the zip) + verify-export (read the zip, BagIt checksums, signature, proofs,
            content map, records)
  baseline  the same bytes (originals, records, parse results, texts) read from the store,
            written to a plain zip with the same compression, then read back (CRC-checked)
  ratio     median of the rounds' figure / baseline (target <= 2x)
"""

import argparse
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path = [p for p in sys.path if Path(p).resolve() != Path(__file__).resolve().parent]

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from export.build import EXPORT_ACTION, export_dossier  # noqa: E402
from export.verify import verify_export  # noqa: E402
from ingest.sample import generate, write  # noqa: E402
from store.factory import open_store  # noqa: E402
from store.keys import numbered, parsed_key, versions_prefix  # noqa: E402
from store.models import VersionMeta  # noqa: E402
from store.parsed import Page, ParseResult  # noqa: E402
from store.records import Store  # noqa: E402

DOSSIER = "GRN-BENCH-0001"


def build(root: Path, documents: int) -> Store:
    corpus = root / "corpus"
    write(generate(seed=3, dossiers=max(2, documents // 6 + 2)), corpus)
    files = sorted(p for p in (corpus / "dossiers").rglob("*") if p.is_file())[:documents]
    if len(files) < documents:
        raise SystemExit(f"the sample corpus has only {len(files)} files")
    store = open_store(str(root / "store"))
    for i, path in enumerate(files):
        data = path.read_bytes()
        blob = store.put_blob_bytes(data)
        text = data[:4000].decode("utf-8", "replace")
        store.put_parse(
            ParseResult(
                sha256=blob.sha256,
                parser_version="1.0.0",
                parser="bench",
                media_type="application/octet-stream",
                status="parsed",
                pages=[Page(number=1, text=text)],
            )
        )
        meta = VersionMeta(original_filename=path.name, parser_version="1.0.0")
        store.add_version(DOSSIER, f"{i:03d}/{path.name}", blob, meta, "bench")
    return store


def plain_zip(store: Store, out: Path) -> int:
    nbytes = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for doc_id in store.list_documents(DOSSIER):
            for record in store.list_versions(DOSSIER, doc_id):
                with store.open_blob(record.sha256) as blob:
                    original = blob.read()
                raw = store.backend.read(numbered(versions_prefix(DOSSIER, doc_id), 1))
                parsed = store.backend.read(parsed_key(record.sha256, "1.0.0"))
                parse = store.get_parse(record.sha256)
                text = "\f".join(p.text for p in parse.pages).encode() if parse else b""
                for name, data in (("o", original), ("r", raw), ("p", parsed), ("t", text)):
                    zf.writestr(f"{doc_id}/{name}", data)
                    nbytes += len(data)
    with zipfile.ZipFile(out) as zf:
        for info in zf.infolist():
            zf.read(info)
    return nbytes


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def payload_bytes(zip_path: Path) -> int:
    """Bytes under data/ in an export (what the manifests cover)."""
    with zipfile.ZipFile(zip_path) as zf:
        return sum(i.file_size for i in zf.infolist() if "/data/" in i.filename)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    key = Ed25519PrivateKey.generate()
    with tempfile.TemporaryDirectory(prefix="navolg-bench-export-") as tmp:
        root = Path(tmp)
        store = build(root, args.documents)
        exports, verifies, baselines = [], [], []
        nbytes = 0

        def do_export(out: Path) -> None:
            export_dossier(
                store,
                DOSSIER,
                out,
                key,
                lambda d: store.audit.append("bench", EXPORT_ACTION, f"dossier:{DOSSIER}", d),
                "bench",
            )

        def do_verify(out: Path) -> None:
            report = verify_export(out, key.public_key())
            assert report.ok, report.problems

        def do_figure(out: Path) -> None:
            exports.append(timed(lambda: do_export(out)))
            verifies.append(timed(lambda: do_verify(out)))

        def do_baseline(out: Path) -> None:
            nonlocal nbytes
            start = time.perf_counter()
            nbytes = plain_zip(store, out)
            baselines.append(time.perf_counter() - start)

        do_export(root / "warm.zip")  # templates, imports, the store's first reads
        do_verify(root / "warm.zip")
        plain_zip(store, root / "warm-plain.zip")
        for run in range(args.runs):
            steps = [(do_figure, "export"), (do_baseline, "plain")]
            for step, name in steps if run % 2 == 0 else steps[::-1]:
                step(root / f"{name}-{run}.zip")
        figures = [e + v for e, v in zip(exports, verifies, strict=True)]
        ratios = [f / b for f, b in zip(figures, baselines, strict=True)]
        size = (root / "export-0.zip").stat().st_size
        payload = payload_bytes(root / "export-0.zip")
        plain_size = (root / "plain-0.zip").stat().st_size
    med = statistics.median
    print(f"\n== export of {args.documents} documents, median of {args.runs} runs")
    print(f"export                 {med(exports):>7.2f} s")
    print(f"verify-export          {med(verifies):>7.2f} s")
    print(
        f"figure                 {med(figures):>7.2f} s   export + verify, "
        f"{payload / 1e6:.1f} MB in the bag, {size / 1e6:.1f} MB zip"
    )
    print(
        f"baseline               {med(baselines):>7.2f} s   plain zip + unzip of the same "
        "document bytes, "
        f"{nbytes / 1e6:.1f} MB, {plain_size / 1e6:.1f} MB zip"
    )
    print(
        f"ratio                  {med(ratios):>7.2f} x  (runs: "
        f"{', '.join(f'{r:.2f}' for r in ratios)})"
    )
    print("target                    2.00 x  (ratio <= target)")


if __name__ == "__main__":
    main()
