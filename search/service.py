"""Searching as callers use it: parse once, run on a backend, group by dossier, cohorts."""

import csv
import io
from collections.abc import Iterator

from pydantic import BaseModel, Field

from search.backend import Allowed, SearchIndex
from search.models import Hit, SearchQuery, SearchResults
from search.query import parse

PAGE = 500


def search(index: SearchIndex, query: SearchQuery, allowed: Allowed) -> SearchResults:
    return index.search(query, parse(query.text), allowed)


def all_hits(index: SearchIndex, query: SearchQuery, allowed: Allowed) -> Iterator[Hit]:
    """Every hit, page by page (cursor-based, never deep from/size)."""
    parsed = parse(query.text)
    page = query.model_copy(update={"limit": PAGE, "facets": False, "after": None})
    while True:
        results = index.search(page, parsed, allowed)
        yield from results.hits
        if results.next is None or not results.hits:
            return
        page = page.model_copy(update={"after": results.next})


class DossierRow(BaseModel):
    dossier_id: str
    address: str | None
    verdict: str | None = Field(description="verdict of the newest deciding document among hits")
    matches: int
    best: list[Hit]


def by_dossier(
    index: SearchIndex, query: SearchQuery, allowed: Allowed, best: int = 3
) -> list[DossierRow]:
    """One row per dossier with its best matches, best dossier first."""
    groups: dict[str, list[Hit]] = {}
    for hit in all_hits(index, query, allowed):
        groups.setdefault(hit.dossier_id, []).append(hit)
    rows = []
    for dossier_id, hits in groups.items():
        ranked = sorted(hits, key=lambda h: -h.score)
        deciding = sorted(
            (h for h in hits if h.verdict and h.doc_type in ("besluit", "beslissing_op_bezwaar")),
            key=lambda h: (h.doc_date is None, h.doc_date),
        )
        verdict = (
            deciding[-1].verdict
            if deciding
            else next((h.verdict for h in ranked if h.verdict), None)
        )
        rows.append(
            DossierRow(
                dossier_id=dossier_id,
                address=hits[0].address,
                verdict=verdict,
                matches=len(hits),
                best=ranked[:best],
            )
        )
    rows.sort(key=lambda r: (-max(h.score for h in r.best), r.dossier_id))
    return rows


def cohort_csv(rows: list[DossierRow]) -> str:
    """The re-check list: one row per dossier."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["dossier_id", "address", "verdict", "matching_documents", "first_snippet"])
    for row in rows:
        snippet = next((s.html for h in row.best for s in h.snippets), "")
        plain = snippet.replace("<mark>", "").replace("</mark>", "")
        documents = ";".join(f"{h.doc_id}@v{h.version}" for h in row.best)
        writer.writerow(
            [
                row.dossier_id,
                row.address or "",
                row.verdict or "",
                f"{row.matches}: {documents}",
                plain,
            ]
        )
    return out.getvalue()
