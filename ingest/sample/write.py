"""Rendering a corpus into the ingest layout, with truth.json and a manifest."""

import csv
import io
import json
from pathlib import Path

from ingest.sample.model import Corpus
from ingest.sample.render import render


def write(corpus: Corpus, out: Path) -> int:
    """Write every file; returns how many top-level files were written."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = io.StringIO()
    rows = csv.writer(manifest, lineterminator="\n")
    rows.writerow(["dossier_id", "doc_id", "doc_type", "date", "postcode", "huisnummer"])
    for doc in corpus.documents:
        truth = doc.truth
        assert truth.path is not None
        path = out / truth.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(doc))
        if truth.registered_date and truth.batch == "dossiers":
            rows.writerow([truth.dossier_id, truth.doc_id, "", truth.registered_date, "", ""])
    (out / "dossiers").mkdir(exist_ok=True)
    (out / "dossiers" / "manifest.csv").write_text(manifest.getvalue(), encoding="utf-8")
    files = [doc.truth.model_dump(mode="json") for doc in corpus.all_files()]
    truth_json = {
        "seed": corpus.seed,
        "generator_version": corpus.generator_version,
        "dossiers": [d.model_dump(mode="json") for d in corpus.dossiers],
        "files": files,
    }
    (out / "truth.json").write_text(
        json.dumps(truth_json, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return len(corpus.documents)
