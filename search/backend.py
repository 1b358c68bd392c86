"""The interface both index backends implement, and what they share."""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol

from search.documents import IndexDoc
from search.models import SearchQuery, SearchResults
from search.query import ParsedQuery

Allowed = frozenset[str] | None  # None: every dossier (by role); a set: only these


class SearchIndex(Protocol):
    """A full-text index of document versions; derived, rebuildable from the store."""

    name: str

    def ping(self) -> None:
        """Raise IndexUnavailable if the index cannot be used now."""

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        """Add or replace these index documents (by id) and make them searchable."""

    def rebuild(self, docs: Iterable[IndexDoc]) -> int:
        """Replace the whole index by these documents; searches keep working meanwhile."""

    def ids(self) -> set[str]:
        """Ids of every indexed version (for `reindex --missing`)."""

    def search(self, query: SearchQuery, parsed: ParsedQuery, allowed: Allowed) -> SearchResults:
        """Run a query with the access filter inside it."""


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def page_of(pages: list[str], fragment: str) -> int | None:
    """Which page a highlighted fragment came from (1-based), by its plain text."""
    segments = fragment.split("\n\n")  # pages are joined with a blank line
    segment = next((seg for seg in segments if "<mark>" in seg), segments[0])
    words = segment.replace("<mark>", "").replace("</mark>", "").split()
    probe = " ".join(words[1:-1] if len(words) > 3 else words)  # drop words cut in half
    for number, page in enumerate(pages, start=1):
        if probe and probe in " ".join(page.split()):
            return number
    return None
