"""Search quality over the sample corpus: judged queries of each kind, recall@10, precision@10
and nDCG@10, on both backends, printed as a table. Precision shows what over-stemming costs
(the Snowball stemmer makes "gemeente" and "menen" one stem: FACTS.md).

    .venv/bin/python bench/search_quality.py [--dossiers N] [--seed S]

Relevance is judged from the generator's own texts and truth (which words each file holds, which
terms were planted only on a scanned page or only in an attachment, which types and verdicts),
never from the index. Needs OpenSearch on 127.0.0.1:9200 (scripts/services.sh start).
"""

import argparse
import datetime as dt
import math
import re
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

sys.path = [p for p in sys.path if Path(p).resolve() != Path(__file__).resolve().parent]

from ingest.pipeline import IngestOptions, Ingestor  # noqa: E402
from ingest.sample import Corpus, SampleDoc, generate, write  # noqa: E402
from search.backend import SearchIndex  # noqa: E402
from search.embedded import EmbeddedIndex  # noqa: E402
from search.indexer import Indexer  # noqa: E402
from search.models import Filters, SearchQuery  # noqa: E402
from search.opensearch import OpenSearchIndex  # noqa: E402
from search.service import all_hits, by_dossier, search  # noqa: E402
from store.factory import open_store  # noqa: E402

KINDS = [
    "exact",
    "stemming",
    "compound",
    "phrase",
    "ocr_only",
    "attachment_only",
    "filters",
    "as_of_versions",
    "cohort",
    "nothing",
]


class Judged(BaseModel):
    kind: str
    query: SearchQuery
    relevant: set[str] = Field(
        description="doc keys 'dossier/doc@version' (dossier ids for cohorts)"
    )
    allowed: frozenset[str] | None = None


def _key(doc: SampleDoc) -> str:
    return f"{doc.truth.dossier_id}/{doc.truth.doc_id}@{doc.truth.version}"


def _current(corpus: Corpus) -> list[SampleDoc]:
    """The newest version of every document (updates replace first deliveries)."""
    newest: dict[tuple[str, str], SampleDoc] = {}
    for doc in corpus.all_files():
        key = (doc.truth.dossier_id, doc.truth.doc_id)
        if key not in newest or doc.truth.version > newest[key].truth.version:
            newest[key] = doc
    return list(newest.values())


def _with_text(docs: list[SampleDoc], pattern: str) -> set[str]:
    """Files whose words match: their pages, e-mail subject and file name (all three are
    indexed and searched: a file named 'advies versterking.doc' is about versterking)."""
    rx = re.compile(pattern, re.IGNORECASE)
    return {
        _key(d) for d in docs if rx.search("\n".join([*d.pages, d.email_subject or "", d.filename]))
    }


def judged_queries(corpus: Corpus) -> list[Judged]:
    current = _current(corpus)
    every = corpus.all_files()
    out: list[Judged] = []

    def add(
        kind: str, relevant: set[str], allowed: frozenset[str] | None = None, **query: object
    ) -> None:
        out.append(
            Judged(
                kind=kind,
                query=SearchQuery.model_validate({"limit": 10, **query}),
                relevant=relevant,
                allowed=allowed,
            )
        )

    kenmerken = sorted(
        {d.truth.kenmerk for d in current if d.truth.doc_type == "beoordeling" and d.truth.kenmerk}
    )
    for kenmerk in kenmerken[:5]:
        add("exact", _with_text(current, re.escape(kenmerk)), text=kenmerk)
    # A single word finds its inflections and the compounds it is a part of
    # (search/compounds.py: 'versterking' finds 'versterkingsadvies'), so those are relevant.
    plural_singular = [
        ("berekeningen", r"\bberekening(en)?\b"),
        ("woningen", r"\bwoning(en)?\b"),
        ("rapporten", r"rapport(en)?\b"),
        ("conclusies", r"\bconclusie(s)?\b"),
        ("besluiten", r"\bbesluit(en)?\b"),
        # the stemmer also conflates 'versterkt' (verb): precision shows what that costs
        ("versterking", r"versterking(en|s)?"),
    ]
    for word, pattern in plural_singular:
        relevant = _with_text(current, pattern)
        if relevant:
            add("stemming", relevant, text=word, limit=10)
    for word in ["gevel", "oordeel", "bezwaar", "steen"]:
        add("compound", _with_text(current, rf"\w*{word}\w*"), text=word)
    for phrase in ["voldoet niet", "bijlage A", "met vriendelijke groet", "versterking"]:
        add("phrase", _with_text(current, rf"\b{re.escape(phrase)}\b"), text=f'"{phrase}"')
    for verdict in ("op_norm", "niet_op_norm"):
        relevant = {
            _key(d)
            for d in current
            if d.truth.doc_type == "beoordeling" and d.truth.verdict == verdict
        }
        add("filters", relevant, filters=Filters(doc_types=["beoordeling"], verdicts=[verdict]))
    out.extend(_planted(every))
    out.extend(_versions(every))
    topgevel = {
        d.truth.dossier_id
        for d in current
        if d.truth.doc_type == "beoordeling" and "topgevel" in d.truth.components
    }
    add("cohort", topgevel, text="topgevel", filters=Filters(doc_types=["beoordeling"]), limit=1000)
    add("nothing", set(), text="qzxjwv")
    add("nothing", set(), allowed=frozenset(), text="topgevel")
    secret = sorted({d.truth.dossier_id for d in current})[0]
    add("nothing", set(), allowed=frozenset({secret}), text='"' + "zilvermeeuwqq" + '"')
    return out


def _planted(every: list[SampleDoc]) -> list[Judged]:
    """Words that exist only on a scanned page, or only inside an attachment."""
    out = []
    for doc in every:
        kind = (
            "ocr_only" if doc.truth.scanned_pages else "attachment_only" if doc.truth.parent else ""
        )
        for term in doc.truth.terms if kind else []:
            query = SearchQuery(text=term, all_versions=True)
            out.append(Judged(kind=kind, query=query, relevant={_key(doc)}))
    return out


def _versions(every: list[SampleDoc]) -> list[Judged]:
    """Corrected reports: all versions find both; as of the first date finds only the first."""
    out = []
    for doc in [d for d in every if d.truth.version == 2][:5]:
        t = doc.truth
        first = next(
            d
            for d in every
            if (d.truth.dossier_id, d.truth.doc_id, d.truth.version) == (t.dossier_id, t.doc_id, 1)
        )
        only = Filters(dossier_ids=[t.dossier_id], doc_types=["beoordeling"])
        both = SearchQuery(text="gevelbreedte", all_versions=True, filters=only)
        out.append(Judged(kind="as_of_versions", query=both, relevant={_key(first), _key(doc)}))
        day = dt.date.fromisoformat(first.truth.document_date or "2000-01-01")
        then = SearchQuery(as_of=day, filters=only)
        out.append(Judged(kind="as_of_versions", query=then, relevant={_key(first)}))
    return out


def _run(index: SearchIndex, judged: Judged) -> list[str]:
    if judged.kind == "cohort":
        return [row.dossier_id for row in by_dossier(index, judged.query, judged.allowed)]
    if judged.kind == "filters":
        return [h.id for h in all_hits(index, judged.query, judged.allowed)]
    return [h.id for h in search(index, judged.query, judged.allowed).hits]


def recall_ndcg(found: list[str], relevant: set[str], k: int = 10) -> tuple[float, float]:
    if not relevant:
        return (1.0, 1.0) if not found else (0.0, 0.0)
    top = found if k <= 0 else found[:k]
    hits = [1.0 if f in relevant else 0.0 for f in top]
    ideal = min(len(relevant), len(top) if k <= 0 else k)
    recall = sum(hits) / ideal if ideal else 1.0
    dcg = sum(h / math.log2(i + 2) for i, h in enumerate(hits))
    idcg = sum(1 / math.log2(i + 2) for i in range(ideal))
    return recall, (dcg / idcg if idcg else 1.0)


def precision(found: list[str], relevant: set[str], k: int = 10) -> float:
    """Share of the returned top k that is relevant (nothing returned: 1.0)."""
    top = found if k <= 0 else found[:k]
    return sum(1 for f in top if f in relevant) / len(top) if top else 1.0


class KindScore(BaseModel):
    kind: str
    queries: int
    recall: float
    precision: float
    ndcg: float
    misses: list[str] = Field(default_factory=list)


def evaluate(
    index: SearchIndex, judged: list[Judged]
) -> tuple[dict[str, KindScore], dict[int, list[str]]]:
    by_kind: dict[str, list[tuple[float, float, float]]] = {}
    misses: dict[str, list[str]] = {}
    results: dict[int, list[str]] = {}
    for number, j in enumerate(judged):
        found = _run(index, j)
        results[number] = found
        k = 0 if j.kind in ("cohort", "filters") else 10
        recall, ndcg = recall_ndcg(found, j.relevant, k)
        by_kind.setdefault(j.kind, []).append((recall, ndcg, precision(found, j.relevant, k)))
        if recall < 1.0:
            misses.setdefault(j.kind, []).append(f"{j.query.text!r}: recall {recall:.2f}")
    scores = {
        kind: KindScore(
            kind=kind,
            queries=len(v),
            recall=sum(r for r, _, _ in v) / len(v),
            precision=sum(p for _, _, p in v) / len(v),
            ndcg=sum(n for _, n, _ in v) / len(v),
            misses=misses.get(kind, []),
        )
        for kind, v in by_kind.items()
    }
    return scores, results


def build(
    dossiers: int, seed: int, root: Path, opensearch_url: str
) -> tuple[Corpus, dict[str, SearchIndex]]:
    corpus = generate(seed=seed, dossiers=dossiers)
    write(corpus, root / "corpus")
    store = open_store(str(root / "store"))
    for batch in ("dossiers", "updates"):
        Ingestor(store, IngestOptions(actor="eval", workers=2)).ingest_path(root / "corpus" / batch)
    indexes: dict[str, SearchIndex] = {
        "embedded": EmbeddedIndex(root / "index"),
        "opensearch": OpenSearchIndex.from_url(
            f"opensearch+{opensearch_url}?prefix=navolg-eval-{uuid.uuid4().hex[:8]}"
        ),
    }
    for index in indexes.values():
        Indexer(store, index).reindex()
    return corpus, indexes


def report(
    corpus: Corpus, indexes: dict[str, SearchIndex], echo: Callable[[str], None] = print
) -> dict[str, dict[str, KindScore]]:
    judged = judged_queries(corpus)
    scores: dict[str, dict[str, KindScore]] = {}
    results: dict[str, dict[int, list[str]]] = {}
    for name, index in indexes.items():
        scores[name], results[name] = evaluate(index, judged)
    echo(
        f"{'kind':18s} {'queries':>7s} "
        + " ".join(f"{n[:10] + ' ' + m:>15s}" for n in indexes for m in ("R@10", "P@10", "nDCG"))
    )
    for kind in KINDS:
        if kind not in scores["embedded"]:
            continue
        row = " ".join(
            f"{s.recall:15.3f} {s.precision:15.3f} {s.ndcg:15.3f}"
            for s in (scores[n][kind] for n in indexes)
        )
        echo(f"{kind:18s} {scores['embedded'][kind].queries:7d} {row}")
    same = [
        i
        for i, j in enumerate(judged)
        if j.kind in ("filters", "cohort")
        and set(results["embedded"][i]) != set(results["opensearch"][i])
    ]
    echo(f"filter-only and cohort queries with different result sets between backends: {len(same)}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--opensearch", default="http://127.0.0.1:9200")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="navolg-quality-") as tmp:
        corpus, indexes = build(args.dossiers, args.seed, Path(tmp), args.opensearch)
        try:
            report(corpus, indexes)
        finally:
            opensearch = indexes["opensearch"]
            if isinstance(opensearch, OpenSearchIndex):
                opensearch.drop()


if __name__ == "__main__":
    main()
