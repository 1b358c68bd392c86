"""The Dutch analysis both backends share: tokens, stop words, stemmer, word lengths.

Tokens are runs of letters and digits; then lowercase, accent folding, removal of words longer
than 40 characters, Dutch stop words (one list for both, data/stopwords_nl.txt) and the
Snowball Dutch stemmer. The 'exact' analysis stops before stop words and stemming: it keeps
phrases and exact terms precise.
"""

import threading
from functools import cache
from pathlib import Path
from typing import Any

MAX_TOKEN = 40


@cache
def stopwords() -> list[str]:
    text = (Path(__file__).parent / "data" / "stopwords_nl.txt").read_text(encoding="utf-8")
    return sorted(
        {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}
    )


def tantivy_analyzer(stem: bool) -> Any:
    import tantivy  # noqa: PLC0415

    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN + 1))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    if stem:
        builder = builder.filter(tantivy.Filter.custom_stopword(stopwords()))
        builder = builder.filter(tantivy.Filter.stemmer("dutch"))
    return builder.build()


def opensearch_settings() -> dict[str, Any]:
    """Index settings with the same analysis for OpenSearch (analysis-common module)."""
    return {
        "analysis": {
            "tokenizer": {"nl_tokens": {"type": "pattern", "pattern": "[^\\p{L}\\p{N}]+"}},
            "filter": {
                "nl_length": {"type": "length", "max": MAX_TOKEN},
                "nl_stop": {"type": "stop", "stopwords": stopwords()},
                "nl_stem": {"type": "stemmer", "language": "dutch"},
            },
            "analyzer": {
                "nl_stem": {
                    "type": "custom",
                    "tokenizer": "nl_tokens",
                    "filter": ["nl_length", "lowercase", "asciifolding", "nl_stop", "nl_stem"],
                },
                "nl_exact": {
                    "type": "custom",
                    "tokenizer": "nl_tokens",
                    "filter": ["nl_length", "lowercase", "asciifolding"],
                },
            },
        }
    }


class ThreadAnalyzers(threading.local):
    """The exact and the stem analyzer, one pair per thread.

    tantivy's TextAnalyzer.analyze borrows the analyzer mutably (PyO3 `&mut self`); a second
    thread reaching the same analyzer meanwhile is refused with 'RuntimeError: Already
    borrowed'. The API serves searches from a thread pool, so no analyzer is shared.
    """

    def __init__(self) -> None:
        self.exact = tantivy_analyzer(stem=False)
        self.stem = tantivy_analyzer(stem=True)


STEM_CACHE = 1 << 19  # distinct tokens remembered; Zipf: a corpus repeats most of its words
_UNSAFE = None  # a token whose stem cannot be taken on its own (see CachedAnalysis._learn)


class CachedAnalysis(threading.local):
    """The exact tokens of a text and its stems, with the stems looked up per distinct token.

    The stem analysis is the exact analysis followed by per-token filters (stop words, then the
    stemmer), so the stems of a text are the stems of its exact tokens, in order. Taking them
    from the exact tokens saves a second pass of tokenising and stemming over every text, and
    most tokens repeat. A token is looked up on its own only where re-analysing it is known to
    give the same result (ASCII letters and digits, within the length limit); a text with any
    other token gets the full stem analysis, so the result is always the stem analyzer's own.
    Each thread has its own analyzers and cache (see ThreadAnalyzers).
    """

    def __init__(self) -> None:
        self.exact = tantivy_analyzer(stem=False)
        self.stem = tantivy_analyzer(stem=True)
        self._stems: dict[str, str | None] = {}

    def analyze(self, text: str) -> tuple[list[str], list[str]]:
        """(exact tokens, stem tokens) of `text`, equal to the two analyzers' own output."""
        exact: list[str] = self.exact.analyze(text)
        cache = self._stems
        try:
            stems = list(map(cache.__getitem__, exact))
        except KeyError:
            if len(cache) > STEM_CACHE:
                cache.clear()
            for token in set(exact).difference(cache):
                cache[token] = self._learn(token)
            stems = [cache[t] for t in exact]
        if _UNSAFE in stems:
            return exact, self.stem.analyze(text)
        return exact, list(filter(None, stems))  # '' is a stop word

    def stems(self, text: str) -> list[str]:
        return self.analyze(text)[1]

    def _learn(self, token: str) -> str | None:
        """'' for a stop word, the stem, or _UNSAFE when the token might tokenise or fold
        differently on its own (non-ASCII, over-long) or does not give exactly one stem."""
        if not (token.isascii() and token.isalnum() and len(token) <= MAX_TOKEN):
            return _UNSAFE
        found: list[str] = self.stem.analyze(token)
        if not found:
            return ""
        return found[0] if len(found) == 1 and found[0] else _UNSAFE
