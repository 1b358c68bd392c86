"""Giving a generated document its place: doc id, format, batch, parent, registration date."""

import datetime as dt
import random

from ingest.sample.context import Context
from ingest.sample.model import SampleDoc


def place(
    doc: SampleDoc, doc_id: str, fmt: str, batch: str = "dossiers", version: int = 1
) -> SampleDoc:
    """A top-level file at DIR/<batch>/<dossier>/<doc_id>."""
    fmt, _, encoding = fmt.partition(":")
    truth = doc.truth.model_copy(update={
        "doc_id": doc_id, "format": fmt, "encoding": encoding or None, "batch": batch, "version": version,
        "path": f"{batch}/{doc.truth.dossier_id}/{doc_id}",
    })  # fmt: skip
    placed = doc.model_copy(update={"truth": truth, "filename": doc_id.rsplit("/", 1)[-1]})
    placed.attachments = [rebase(c, placed) for c in doc.attachments]
    return placed


def attach(doc: SampleDoc, parent: SampleDoc, name: str, fmt: str) -> SampleDoc:
    """A child of an e-mail or zip: doc id '<parent id>/<name>', no path of its own."""
    parent_id = parent.truth.doc_id
    fmt, _, encoding = fmt.partition(":")
    truth = doc.truth.model_copy(update={
        "doc_id": f"{parent_id}/{name}", "format": fmt, "parent": parent_id, "path": None,
        "encoding": encoding or doc.truth.encoding or ("utf-8" if fmt == "txt" else None),
        "batch": parent.truth.batch, "version": parent.truth.version,
    })  # fmt: skip
    child = doc.model_copy(update={"truth": truth, "filename": name})
    # grandchildren were attached before their parent had its final id: rebase them
    child.attachments = [rebase(c, child) for c in doc.attachments]
    return child


def rebase(child: SampleDoc, parent: SampleDoc) -> SampleDoc:
    return attach(child, parent, child.filename, child.truth.format)


def register(doc: SampleDoc, rng: random.Random, ctx: Context) -> None:
    """The agency's registration date, as a manifest gives it: always for an undated first
    delivery, for about one in ten other first deliveries, never for later deliveries."""
    own = doc.truth.document_date
    chosen = doc.truth.batch == "dossiers" and (own is None or rng.random() < 0.1)
    if not chosen:
        return
    if own:
        day = dt.date.fromisoformat(own) + dt.timedelta(days=rng.randrange(0, 9))
    else:
        day = ctx.dates["opname"] + dt.timedelta(days=rng.randrange(20, 300))
    doc.truth.registered_date = day.isoformat()


def plant(doc: SampleDoc, ctx: Context) -> SampleDoc:
    """Add a line with a corpus-unique word to the last page (for OCR-only search tests)."""
    word = ctx.term()
    pages = [*doc.pages[:-1], doc.pages[-1] + f"\n\nkenwoord {word}"]
    truth = doc.truth.model_copy(update={"terms": [*doc.truth.terms, word]})
    return doc.model_copy(update={"pages": pages, "truth": truth})
