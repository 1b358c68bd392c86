"""Rendering a corpus into the ingest layout, with truth.json and a manifest."""

import csv
import io
import json
import multiprocessing
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ingest.sample.dossier import build_dossier
from ingest.sample.generate import GENERATOR_VERSION
from ingest.sample.model import Corpus, DossierFiles, SampleDoc, walk
from ingest.sample.render import render

MANIFEST_COLUMNS = ["dossier_id", "doc_id", "doc_type", "date", "postcode", "huisnummer"]


class Written(BaseModel):
    """What writing one dossier leaves for truth.json and the manifest."""

    dossier: dict[str, Any]
    files: list[dict[str, Any]]
    rows: list[list[str]]
    top_level: int


def _manifest_row(doc: SampleDoc) -> list[str] | None:
    """A row for every first delivery that has a registration date."""
    t = doc.truth
    if t.batch != "dossiers" or not t.registered_date:
        return None
    return [
        t.dossier_id,
        t.doc_id,
        t.doc_type,
        t.registered_date,
        t.postcode or "",
        t.huisnummer or "",
    ]


def write_dossier(part: DossierFiles, out: Path) -> Written:
    """Render and write one dossier's files."""
    rows: list[list[str]] = []
    files: list[dict[str, Any]] = []
    for doc in part.documents:
        assert doc.truth.path is not None, doc.truth.doc_id
        path = out / doc.truth.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(doc))
        row = _manifest_row(doc)
        if row:
            rows.append(row)
        files.extend(d.truth.model_dump(mode="json") for d in walk(doc))
    return Written(dossier=part.truth.model_dump(mode="json"), files=files, rows=rows,
                   top_level=len(part.documents))  # fmt: skip


def _build_and_write(index: int, seed: int, out: Path) -> Written:
    return write_dossier(build_dossier(seed, index), out)


def finish(written: Iterable[Written], out: Path, seed: int) -> tuple[int, int]:
    """Collect per-dossier results into manifest.csv and truth.json; (files, documents)."""
    rows: list[list[str]] = []
    files: list[dict[str, Any]] = []
    dossiers: list[dict[str, Any]] = []
    top = 0
    for w in written:
        rows.extend(w.rows)
        files.extend(w.files)
        dossiers.append(w.dossier)
        top += w.top_level
    (out / "dossiers").mkdir(parents=True, exist_ok=True)
    manifest = io.StringIO()
    writer = csv.writer(manifest, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    writer.writerows(rows)
    (out / "dossiers" / "manifest.csv").write_text(manifest.getvalue(), encoding="utf-8")
    truth = {
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        "dossiers": dossiers,
        "files": files,
    }
    (out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return top, len(files)


def write(corpus: Corpus, out: Path) -> None:
    """Write every file of the corpus under out: dossiers/, updates/, truth.json."""
    by_dossier: dict[str, list[SampleDoc]] = {}
    for doc in corpus.documents:
        by_dossier.setdefault(doc.truth.dossier_id, []).append(doc)
    out.mkdir(parents=True, exist_ok=True)
    parts = (
        DossierFiles(truth=t, documents=by_dossier.get(t.dossier_id, [])) for t in corpus.dossiers
    )
    finish((write_dossier(p, out) for p in parts), out, corpus.seed)


def write_sample(seed: int, dossiers: int, out: Path, workers: int = 1) -> tuple[int, int]:
    """Generate and write dossier by dossier (constant memory), in `workers` processes.

    Every dossier depends only on (seed, index), so the bytes do not depend on `workers`.
    """
    out.mkdir(parents=True, exist_ok=True)
    job = partial(_build_and_write, seed=seed, out=out)
    if workers <= 1:
        return finish(map(job, range(dossiers)), out, seed)
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        return finish(pool.imap(job, range(dossiers), chunksize=8), out, seed)
