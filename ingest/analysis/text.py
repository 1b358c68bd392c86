"""Searching a document's pages and quoting where a value was found."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from store.fields import QUOTE_MAX, Source
from store.parsed import Page

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=[A-Z\u2022\u2013-])")


@dataclass(frozen=True)
class Hit:
    match: re.Match[str]
    page: int

    def source(self) -> Source:
        return Source(
            page=self.page, quote=quote(self.match.string, self.match.start(), self.match.end())
        )


def quote(text: str, start: int, end: int) -> str:
    """The sentence around [start, end), whitespace folded, at most QUOTE_MAX characters."""
    while start < end and text[start].isspace():
        start += 1
    left, right = sentence_bounds(text, start, end)
    snippet = " ".join(text[left:right].split())
    if len(snippet) <= QUOTE_MAX:
        return snippet
    centre = " ".join(text[max(start - 120, 0) : end + 120].split())
    return centre[: QUOTE_MAX - 1] + "…"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the sentence (or line-led block) that holds [start, end)."""
    window = max(0, start - 400)
    left = max(
        (m.end() for m in _SENTENCE_END.finditer(text, window) if m.end() <= start), default=window
    )
    right_match = _SENTENCE_END.search(text, end)
    return left, right_match.start() if right_match else len(text)


def sentence_at(text: str, start: int, end: int) -> str:
    left, right = sentence_bounds(text, start, end)
    return text[left:right]


class Document:
    """A document's pages with search helpers; page numbers are kept on every hit."""

    def __init__(self, pages: list[Page], filename: str) -> None:
        self.pages = [p for p in pages if p.text.strip()]
        self.filename = filename

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[Hit]:
        for page in self.pages:
            for match in pattern.finditer(page.text):
                yield Hit(match, page.number)

    def first(self, pattern: re.Pattern[str]) -> Hit | None:
        return next(self.finditer(pattern), None)

    @property
    def head(self) -> str:
        """The top of the first page: where titles, dates and addresses of letters stand."""
        return self.pages[0].text[:800] if self.pages else ""

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.pages)
