"""Mark the search terms in a page of text, with the index's own Dutch analysis, so that the
words marked are the words that matched (stems and compound parts included)."""

import html
import re
from functools import cache

from markupsafe import Markup

from search.analysis import ThreadAnalyzers
from search.compounds import split
from search.query import parse

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MARK = re.compile(r"(</?mark>)")


_ANALYZERS = ThreadAnalyzers()  # pages are marked in the API's thread pool


@cache
def _stems(word: str) -> frozenset[str]:
    """The stems of a word and of its compound parts ('topgevel' also gives 'gevel')."""
    out = set(_ANALYZERS.stem.analyze(word))
    for part in split(word.lower()):
        out.update(_ANALYZERS.stem.analyze(part))
    return frozenset(out)


def query_terms(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The stems to mark, and the prefixes (for `bereken*`); excluded words are not marked."""
    parsed = parse(text)
    stems: set[str] = set()
    prefixes: list[str] = []
    for group in parsed.must:
        for term in group:
            if term.prefix:
                prefixes.append(term.words[0].lower())
                continue
            for word in term.words:
                stems.update(_ANALYZERS.stem.analyze(word))
    return frozenset(stems), tuple(prefixes)


def _hit(word: str, stems: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    lower = word.lower()
    return bool(stems & _stems(word)) or any(lower.startswith(p) for p in prefixes)


def mark(text: str, query: str) -> tuple[Markup, int]:
    """Escaped text with <mark> around matching words, and how many were marked."""
    stems, prefixes = query_terms(query) if query.strip() else (frozenset(), ())
    if not stems and not prefixes:
        return Markup(html.escape(text)), 0
    out: list[str] = []
    last, count = 0, 0
    for match in _WORD.finditer(text):
        if not _hit(match.group(), stems, prefixes):
            continue
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        last, count = match.end(), count + 1
    out.append(html.escape(text[last:]))
    return Markup("".join(out)), count


def snippet(fragment: str) -> Markup:
    """A search snippet as safe HTML: only <mark> survives, everything else is text."""
    parts = _MARK.split(fragment)
    return Markup(
        "".join(p if p in ("<mark>", "</mark>") else html.escape(html.unescape(p)) for p in parts)
    )
