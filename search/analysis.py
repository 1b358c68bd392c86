"""The Dutch analysis both backends share: tokens, stop words, stemmer, word lengths.

Tokens are runs of letters and digits; then lowercase, accent folding, removal of words longer
than 40 characters, Dutch stop words (one list for both, data/stopwords_nl.txt) and the
Snowball Dutch stemmer. The 'exact' analysis stops before stop words and stemming: it keeps
phrases and exact terms precise.
"""

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
