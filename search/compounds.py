"""Compound splitting for Dutch, done once at index time and the same for both backends.

tantivy has no dictionary decompounder and OpenSearch's would make the two backends differ, so
the parts of each long word are computed here from a word list kept as data
(data/compounds_nl.txt, source noted there) and indexed in a field of their own.
"""

import re
from functools import cache, lru_cache
from itertools import chain
from pathlib import Path

_WORD = re.compile(r"[a-zà-ÿ]{7,}")
_LINKS = ("", "s", "e", "en")
MIN_PART = 4
SPLIT_CACHE = 1 << 18  # distinct long words remembered; a corpus repeats its vocabulary


@cache
def _words() -> frozenset[str]:
    text = (Path(__file__).parent / "data" / "compounds_nl.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def split(word: str) -> list[str]:
    """Known words at the start or end of `word` (not the word itself), e.g.
    'veiligheidsoordeel' → ['veiligheid', 'oordeel'], 'gevelbreedte' → ['gevel', 'breedte']."""
    return list(_split(word))


@lru_cache(maxsize=SPLIT_CACHE)
def _split(word: str) -> tuple[str, ...]:
    """Cached: trying every cut of every long word was most of the indexing time."""
    return _cuts(word)


def _cuts(word: str) -> tuple[str, ...]:
    words = _words()
    found: list[str] = []
    for cut in range(2, len(word) - MIN_PART + 1):  # known word at the end: top|gevel
        if word[cut:] in words and word[cut:] not in found:
            found.append(word[cut:])
    for cut in range(MIN_PART, len(word) - 1):  # known word at the start: gevel|breedte
        head, tail = word[:cut], word[cut:]
        if (
            head in words
            and head not in found
            and any(tail.startswith(link) and len(tail) - len(link) >= 2 for link in _LINKS)
        ):
            found.append(head)
    return tuple(w for w in found if w != word)


class _Known:
    """Long words seen so far: those with parts (and their parts) and those without. Most long
    words have no parts, so a text's parts come from one set intersection instead of a lookup
    per word. Replaced, never cleared in place, so a concurrent caller keeps a whole view."""

    def __init__(self) -> None:
        self.parts: dict[str, tuple[str, ...]] = {}
        self.none: set[str] = set()


_known = _Known()


def parts_text(text: str) -> str:
    """All compound parts of a text, space-separated, for the 'parts' field."""
    global _known  # noqa: PLW0603 - swapped whole when full (see _Known)
    words = set(_WORD.findall(text.lower()))
    known = _known
    parts, none = known.parts, known.none
    # set operations run in C (a Python loop over the words was a third of indexing time);
    # each one goes over the text's few words, never over the big sets (see CPython setobject)
    new = words.difference(none).difference(parts)
    if new:
        if len(known.parts) + len(known.none) + len(new) > SPLIT_CACHE:
            known = _known = _Known()
            parts, none, new = known.parts, known.none, words
        for word in new:
            found = _cuts(word)
            if found:
                parts[word] = found
            else:
                none.add(word)
    hits = map(parts.__getitem__, parts.keys() & words)
    return " ".join(sorted(set(chain.from_iterable(hits))))
