"""A forgiving parser for the usual search syntax; pure, so it is tested without a cluster.

    gevel kalkzandsteen        all words must match
    "voldoet niet"             a phrase
    -schoorsteen  -"op norm"   exclude
    topgevel OR kopgevel       either
    bereken*                   prefix

Nothing a user types is an error: an unbalanced quote is ignored and its words are searched,
stray symbols are dropped, an empty query matches everything (the filters decide).
"""

import re

from pydantic import BaseModel, Field

_TOKEN = re.compile(r'-?"[^"]*"|\S+')
_WORD_CHARS = re.compile(r"[^\w*]+", re.UNICODE)


class Term(BaseModel):
    """One word, a phrase (several words in order) or a prefix."""

    words: list[str]
    prefix: bool = False
    exact: bool = Field(default=False, description="quoted: no stemming, no compound parts")

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


class ParsedQuery(BaseModel):
    must: list[list[Term]] = Field(default_factory=list, description="AND of OR-groups")
    must_not: list[Term] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.must


def _words(text: str) -> list[str]:
    return [w for w in _WORD_CHARS.sub(" ", text.replace("_", " ")).split() if w.strip("*")]


def _term(raw: str) -> Term | None:
    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        words = [w.strip("*") for w in _words(raw[1:-1])]
        words = [w for w in words if w]
        return Term(words=words, exact=True) if words else None
    words = _words(raw)
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        prefix = word.endswith("*") and len(word.strip("*")) >= 2
        return Term(words=[word.strip("*")], prefix=prefix)
    return Term(words=[w.strip("*") for w in words if w.strip("*")])


def parse(text: str) -> ParsedQuery:
    if text.count('"') % 2:
        text = text.replace('"', " ")
    query = ParsedQuery()
    pending_or = False
    for raw in _TOKEN.findall(text):
        if raw == "OR":
            pending_or = bool(query.must)
            continue
        negative = raw.startswith("-") and len(raw) > 1
        term = _term(raw[1:] if negative else raw)
        if term is None:
            continue
        if negative:
            query.must_not.append(term)
        elif pending_or:
            query.must[-1].append(term)
        else:
            query.must.append([term])
        pending_or = False
    return query
