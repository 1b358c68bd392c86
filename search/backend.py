"""The interface both index backends implement, and what they share."""

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from typing import Protocol

from search.documents import PAGE_BREAK, IndexDoc
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
    """Which page (1-based) a highlighted fragment came from. Fragments are HTML-escaped with
    <mark> tags and are a stretch of one page's text, so the plain fragment is looked up as it
    stands first, then with whitespace evened out and the words cut in half dropped."""
    segments = fragment.split(PAGE_BREAK)
    segment = next((seg for seg in segments if "<mark>" in seg), segments[0])
    plain = html.unescape(segment.replace("<mark>", "").replace("</mark>", "")).strip()
    if not plain:
        return None
    for number, page in enumerate(pages, start=1):
        if plain in page:
            return number
    words = plain.split()
    probe = " ".join(words[1:-1] if len(words) > 3 else words)
    for number, page in enumerate(pages, start=1):
        if probe in " ".join(page.split()):
            return number
    return None
