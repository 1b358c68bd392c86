"""Export benchmark: export + verify of a 200-document dossier beside a plain zip of the bytes.

    .venv/bin/python bench/export.py [--documents N] [--runs R]

The dossier is built from real sample-corpus files (PDF, DOCX, ODT, scans, mail, …) stored as
versions of one dossier in a local store, each with a parse result, so the bytes are realistic
without paying for parsing. Printed, as medians of R runs in the same process:
  figure    navolg export (stage, log, checkpoint, proofs, bagit, zip) + verify-export
            (unzip, bagit checksums, signature, proofs, content map, records)
  baseline  the same bytes (originals, records, parse results, texts) read from the store,
            written to a plain zip with the same compression, then read back (CRC-checked)
  ratio     figure / baseline (target <= 2x)
"""

import argparse
import statistics
import sys
import tempfile
import time
import zipfile
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


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    key = Ed25519PrivateKey.generate()
    with tempfile.TemporaryDirectory(prefix="navolg-bench-export-") as tmp:
        root = Path(tmp)
        store = build(root, args.documents)
        exports, verifies, baselines = [], [], []
        nbytes = 0
        for run in range(args.runs):
            out = root / f"export-{run}.zip"

            def do_export(out: Path = out) -> None:
                export_dossier(
                    store,
                    DOSSIER,
                    out,
                    key,
                    lambda d: store.audit.append("bench", EXPORT_ACTION, f"dossier:{DOSSIER}", d),
                    "bench",
                )

            exports.append(timed(do_export))
            report = None

            def do_verify(out: Path = out) -> None:
                nonlocal report
                report = verify_export(out, key.public_key())

            verifies.append(timed(do_verify))
            assert report is not None and report.ok, report
            start = time.perf_counter()
            nbytes = plain_zip(store, root / f"plain-{run}.zip")
            baselines.append(time.perf_counter() - start)
        export_s, verify_s = statistics.median(exports), statistics.median(verifies)
        figure = statistics.median(e + v for e, v in zip(exports, verifies, strict=True))
        baseline = statistics.median(baselines)
        size = (root / "export-0.zip").stat().st_size
    mb = nbytes / 1e6
    print(f"\n== export of {args.documents} documents, {mb:.1f} MB, median of {args.runs} runs")
    print(f"export                 {export_s:>7.2f} s")
    print(f"verify-export          {verify_s:>7.2f} s")
    print(f"export + verify        {figure:>7.2f} s   ({size / 1e6:.1f} MB zip)")
    print(f"plain zip + unzip      {baseline:>7.2f} s   (baseline, same bytes)")
    print(f"ratio                  {figure / baseline:>7.2f} x  (target <= 2x)")


if __name__ == "__main__":
    main()
