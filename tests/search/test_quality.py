"""Search quality on the sample corpus, both backends: recall@10 ≥ 0.95 for every kind of query."""

from pathlib import Path

from bench.search_quality import build, report
from search.opensearch import OpenSearchIndex
from tests.conftest import OPENSEARCH_URL


def test_recall_per_kind_on_both_backends(tmp_path: Path) -> None:
    corpus, indexes = build(dossiers=15, seed=21, root=tmp_path, opensearch_url=OPENSEARCH_URL)
    lines: list[str] = []
    try:
        scores = report(corpus, indexes, lines.append)
    finally:
        opensearch = indexes["opensearch"]
        assert isinstance(opensearch, OpenSearchIndex)
        opensearch.drop()
    print("\n" + "\n".join(lines))
    for backend, kinds in scores.items():
        assert len(kinds) == 10, sorted(kinds)
        for kind, score in kinds.items():
            assert score.recall >= 0.95, (backend, kind, score.misses)
    assert lines[-1].endswith(": 0"), lines[-1]  # same sets for filter-only and cohort queries
