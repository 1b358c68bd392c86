"""Search benchmark at 100,000 indexed documents: navolg beside plain use of the same engines.

    .venv/bin/python bench/search.py [--docs N] [--words W] [--rounds R] [--opensearch URL]

Generates N Dutch-like documents (assessment vocabulary, compounds, a Zipf long tail; one in
ten documents has a second version) as store records with page texts, without parsing, then
measures in one run:
  indexing  navolg (record → index document → backend, compound parts, validity, OpenSearch
            pre-analysis) beside a plain bulk load of the same texts and fields (OpenSearch
            with its built-in 'dutch' analyzer; tantivy with one stemmed text field); target ≥ 0.8×
  queries   p50/p95 of navolg's search (parse, query, filters, facets, snippets with pages,
            result models) for a fixed mix, beside the same queries sent straight to OpenSearch
            with opensearch-py (simple_query_string, the same filters, facets and highlight)
            on the plain index; target navolg ≤ 1.2× direct. Embedded p95 target ≤ 50 ms.
Needs OpenSearch (scripts/services.sh start); its indices are removed at the end.
"""

import argparse
import datetime as dt
import itertools
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path = [p for p in sys.path if Path(p).resolve() != Path(__file__).resolve().parent]

import tantivy  # noqa: E402
from opensearchpy import OpenSearch, helpers  # noqa: E402

from search.backend import SearchIndex  # noqa: E402
from search.documents import FOREVER, IndexDoc, to_index_doc  # noqa: E402
from search.embedded import EmbeddedIndex  # noqa: E402
from search.models import FACETS, Filters, SearchQuery  # noqa: E402
from search.opensearch import OpenSearchIndex  # noqa: E402
from search.service import search  # noqa: E402
from store.fields import DocumentFields, Found  # noqa: E402
from store.models import Address, DocumentVersion, Dossier  # noqa: E402

DOC_TYPES = ["opname", "beoordeling", "berekening", "besluit", "correspondentie", "bezwaar"]
COMPONENTS = ["topgevel", "schoorsteen", "borstwering", "spouwmuur", "aanbouw", "dakkapel"]
MATERIALS = ["kalkzandsteen", "baksteen", "beton", "hout"]
FIRMS = ["Arcadis", "Antea Group", "ABT", "Pieters Bouwtechniek", "Wijnia Constructieadvies"]
DOMAIN = (
    "woning gevel topgevel kopgevel gevelbreedte schoorsteen borstwering spouwmuur spouwanker "
    "aanbouw dakkapel fundering vloer kalkzandsteen baksteen beton hout metselwerk berekening "
    "berekeningen beoordeling veiligheidsoordeel veiligheidsnorm norm npr bezwaar zienswijze "
    "opname rapport rapporten conclusie conclusies besluit besluiten versterking versterkingsadvies "
    "ingenieursbureau bewoner bewoners gemeente aardbeving aardbevingen belasting constructie "
    "draagkracht scheur scheuren muur muren dak dakconstructie hoogte breedte dikte lengte "
    "meter centimeter nlth nlpo pushover analyse model uitgangspunt uitgangspunten aanname "
    "bijlage kenmerk datum adres postcode huisnummer voldoet niet wel aan de het een van en in "
    "op met voor is zijn wordt worden door bij naar dat die deze als ook om tot uit over"
).split()
SYLLABLES = (
    "ba be bo de di do ge ka ke ko la le lo me mo na ne ro re sa se te to va ve wa zo".split()
)
WORD_TYPES = 20_000
MS = 1000.0


# --- documents ---------------------------------------------------------------------------------


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Domain words first (frequent), then pseudo-words; Zipf weights."""
    tail = {
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5)))
        for _ in range(WORD_TYPES * 2)
    }
    words = list(dict.fromkeys(DOMAIN + sorted(tail)))[:WORD_TYPES]
    weights = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(words))))
    return words, weights


def _fields(rng: random.Random, doc_type: str, day: dt.date) -> DocumentFields:
    verdict = (
        rng.choice(["op_norm", "niet_op_norm"]) if doc_type in ("beoordeling", "besluit") else None
    )
    return DocumentFields(
        verdict=Found(value=verdict) if verdict else None,
        components=[Found(value=c) for c in rng.sample(COMPONENTS, rng.randint(0, 3))],
        materials=[Found(value=m) for m in rng.sample(MATERIALS, rng.randint(0, 2))],
        firm=Found(value=rng.choice(FIRMS)),
    )


Generated = tuple[DocumentVersion, list[str], Dossier, dt.datetime]


def documents(n: int, words_per_doc: int, seed: int) -> list[Generated]:
    """Store records with page texts and validity ends, as the indexer would read them."""
    rng = random.Random(seed)
    words, cum = vocabulary(rng)
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    out: list[Generated] = []
    while len(out) < n:
        number = len(out)
        dossier_id = f"D{number // 10:06d}"
        dossier = Dossier(
            dossier_id=dossier_id,
            address=Address(postcode=f"97{number // 10 % 100:02d} AB", huisnummer=str(number % 97)),
            recorded_at=now,
            recorded_by="bench",
        )
        doc_type = rng.choice(DOC_TYPES)
        day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(2500))
        versions = 2 if number % 10 == 9 and len(out) + 2 <= n else 1
        starts = [
            dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(days=300 * v)
            for v in range(versions)
        ]
        for v in range(versions):
            pages = [
                " ".join(rng.choices(words, cum_weights=cum, k=words_per_doc // 3))
                for _ in range(3)
            ]
            record = DocumentVersion(
                dossier_id=dossier_id,
                doc_id=f"stukken/{number:06d}.pdf",
                version=v + 1,
                sha256=f"{number:064x}",
                size=len(pages[0]) * 3,
                media_type="application/pdf",
                original_filename=f"{number:06d}.pdf",
                ingested_at=now,
                ingested_by="bench",
                doc_type=doc_type,
                document_date=starts[v].date(),
                effective_at=starts[v],
                fields=_fields(rng, doc_type, day),
            )
            valid_to = starts[v + 1] if v + 1 < versions else FOREVER
            out.append((record, pages, dossier, valid_to))
    return out


def navolg_docs(generated: list[Generated]) -> Iterator[IndexDoc]:
    for record, pages, dossier, valid_to in generated:
        yield to_index_doc(record, pages, dossier, valid_to)


def plain_source(item: Generated) -> dict[str, Any]:
    """The same document for a plain index: text once, the same keyword and date fields."""
    record, pages, dossier, valid_to = item
    f = record.fields
    day = record.document_date
    return {
        "dossier_id": record.dossier_id,
        "doc_id": record.doc_id,
        "version": record.version,
        "doc_type": record.doc_type,
        "doc_date": day.isoformat() if day else None,
        "year": str(day.year) if day else None,
        "verdict": f.verdict.value if f.verdict else None,
        "firm": f.firm.value if f.firm else None,
        "components": [c.value for c in f.components],
        "materials": [m.value for m in f.materials],
        "postcode": dossier.address.postcode if dossier.address else None,
        "valid_from": record.effective_at.isoformat(),
        "valid_to": valid_to.isoformat(),
        "text": "\n\n".join(pages),
    }


# --- indexing ----------------------------------------------------------------------------------

PLAIN_KEYWORDS = (
    "dossier_id",
    "doc_id",
    "doc_type",
    "year",
    "verdict",
    "firm",
    "components",
    "materials",
    "postcode",
)
PLAIN_MAPPING = {
    "properties": {
        **{k: {"type": "keyword"} for k in PLAIN_KEYWORDS},
        "version": {"type": "integer"},
        **{k: {"type": "date"} for k in ("doc_date", "valid_from", "valid_to")},
        "text": {"type": "text", "analyzer": "dutch"},
    }
}


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def plain_opensearch_load(client: Any, name: str, generated: list[Generated]) -> None:
    client.indices.create(
        index=name,
        body={
            "settings": {"number_of_shards": 1, "number_of_replicas": 0},
            "mappings": PLAIN_MAPPING,
        },
    )
    actions = (
        {
            "_index": name,
            "_id": f"{g[0].dossier_id}/{g[0].doc_id}@{g[0].version}",
            "_source": plain_source(g),
        }
        for g in generated
    )
    helpers.bulk(client, actions, chunk_size=500, max_retries=4, initial_backoff=0.5)
    client.indices.refresh(index=name)


def plain_tantivy_load(path: Path, generated: list[Generated]) -> None:
    sb = tantivy.SchemaBuilder()
    for name in PLAIN_KEYWORDS:
        sb.add_text_field(name, stored=True, tokenizer_name="raw", fast=True)
    sb.add_integer_field("version", stored=True, indexed=True, fast=True)
    for name in ("doc_date", "valid_from", "valid_to"):
        sb.add_date_field(name, stored=True, indexed=True, fast=True)
    sb.add_text_field("text", stored=True, tokenizer_name="nl")
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(sb.build(), path=str(path))
    index.register_tokenizer(
        "nl",
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("dutch"))
        .build(),
    )
    writer = index.writer(heap_size=64_000_000, num_threads=1)
    for item in generated:
        src = plain_source(item)
        doc = tantivy.Document(
            **{
                k: src[k]
                for k in ("dossier_id", "doc_id", "doc_type", "text", "version")
                if src[k] is not None
            },
            valid_from=item[0].effective_at,
            valid_to=item[3],
        )
        for k in ("components", "materials"):
            for value in src[k]:
                doc.add_text(k, value)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()


# --- queries -----------------------------------------------------------------------------------


def query_mix() -> list[SearchQuery]:
    """A fixed mix of what reviewers type: words, stems, compounds, phrases, syntax, filters."""
    q = SearchQuery.model_validate
    return [
        q({"text": "topgevel"}),
        q({"text": "berekeningen"}),
        q({"text": "gevel"}),
        q({"text": "oordeel"}),
        q({"text": '"voldoet niet"'}),
        q({"text": "kalkzandsteen topgevel"}),
        q({"text": "schoorsteen OR dakkapel"}),
        q({"text": "topgevel -aanbouw"}),
        q({"text": "bereken*"}),
        q({"text": "de woning voldoet aan de norm"}),
        q({"text": "", "filters": {"doc_types": ["beoordeling"], "verdicts": ["niet_op_norm"]}}),
        q({"text": "gevel", "filters": {"components": ["topgevel"], "firms": ["Arcadis"]}}),
        q({"text": "woning", "filters": {"date_from": "2020-01-01", "date_to": "2021-12-31"}}),
        q({"text": "veiligheidsoordeel", "as_of": "2020-06-30"}),
        q({"text": "", "sort": "date", "filters": {"postcodes": ["9712 AB"]}}),
        q({"text": "scheur", "all_versions": True}),
    ]


def _simple_query(text: str) -> dict[str, Any]:
    if not text:
        return {"match_all": {}}
    return {"simple_query_string": {"query": text, "fields": ["text"], "default_operator": "and"}}


def _direct_filters(query: SearchQuery) -> list[dict[str, Any]]:
    f: Filters = query.filters
    out: list[dict[str, Any]] = [
        {"terms": {field: values}}
        for field, values in (
            ("doc_type", f.doc_types),
            ("verdict", f.verdicts),
            ("components", f.components),
            ("firm", f.firms),
            ("postcode", f.postcodes),
        )
        if values
    ]
    if f.date_from or f.date_to:
        out.append({"range": {"doc_date": {"gte": str(f.date_from), "lte": str(f.date_to)}}})
    if query.as_of:
        moment = f"{query.as_of}T23:59:59Z"
        out += [{"range": {"valid_from": {"lte": moment}}}, {"range": {"valid_to": {"gt": moment}}}]
    elif not query.all_versions:
        out.append({"range": {"valid_to": {"gte": FOREVER.isoformat()}}})
    return out


def direct_body(query: SearchQuery) -> dict[str, Any]:
    """What one would send without navolg: the same filters, facets, highlight and size."""
    return {
        "query": {"bool": {"must": [_simple_query(query.text)], "filter": _direct_filters(query)}},
        "size": query.limit,
        "sort": ["_score"] if query.sort == "relevance" else [{"doc_date": "desc"}],
        "track_total_hits": True,
        "_source": {"excludes": ["text"]},
        "highlight": {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {"text": {"fragment_size": 200, "number_of_fragments": 1}},
        },
        "aggs": {name: {"terms": {"field": name, "size": 100}} for name in FACETS},
    }


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples) * MS, cuts[18] * MS


def latencies(
    runners: dict[str, Callable[[SearchQuery], object]], rounds: int
) -> dict[str, list[float]]:
    """Every query of the mix, interleaved across runners so they share the machine's noise."""
    mix = query_mix()
    for runner in runners.values():  # warm up caches and connections
        for query in mix:
            runner(query)
    samples: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(rounds):
        for query in mix:
            for name, runner in runners.items():
                samples[name].append(timed(lambda r=runner, q=query: r(q)))  # type: ignore[misc]
    return samples


# --- report ------------------------------------------------------------------------------------


def run(args: argparse.Namespace, tmp: Path) -> None:
    t0 = time.perf_counter()
    generated = documents(args.docs, args.words, args.seed)
    print(
        f"generated {len(generated)} documents (~{args.words} words) in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    client = OpenSearch(args.opensearch, timeout=120)
    tag = uuid.uuid4().hex[:8]
    plain_name, alias = f"navolg-bench-plain-{tag}", f"navolg-bench-{tag}"
    navolg_os = OpenSearchIndex(client, alias=alias)
    embedded = EmbeddedIndex(tmp / "embedded")
    try:
        rates = {
            "opensearch plain bulk": timed(
                lambda: plain_opensearch_load(client, plain_name, generated)
            ),
            "opensearch navolg": timed(lambda: navolg_os.rebuild(navolg_docs(generated))),
            "tantivy plain": timed(lambda: plain_tantivy_load(tmp / "plain", generated)),
            "embedded navolg": timed(lambda: embedded.rebuild(navolg_docs(generated))),
        }
        report_indexing(rates, len(generated))
        runners: dict[str, Callable[[SearchQuery], object]] = {
            "navolg opensearch": lambda q: search(navolg_os, q, None),
            "direct opensearch-py": lambda q: client.search(index=plain_name, body=direct_body(q)),
            "navolg embedded": lambda q: search(embedded, q, None),
        }
        report_latency(latencies(runners, args.rounds), args.rounds)
    finally:
        navolg_os.drop()
        client.indices.delete(index=plain_name, ignore_unavailable=True)


def report_indexing(seconds: dict[str, float], n: int) -> None:
    docs_s = {name: n / s for name, s in seconds.items()}
    print(f"\nindexing {n} documents (to searchable)      docs/s   seconds")
    for name, rate in docs_s.items():
        print(f"  {name:38s} {rate:8.0f} {seconds[name]:8.1f}")
    for engine, plain in (("opensearch", "opensearch plain bulk"), ("embedded", "tantivy plain")):
        ratio = docs_s[f"{engine} navolg"] / docs_s[plain]
        print(f"  {engine}: navolg / plain = {ratio:.2f}× (target ≥ 0.8×)")


def report_latency(samples: dict[str, list[float]], rounds: int) -> None:
    count = len(next(iter(samples.values())))
    print(
        f"\nquery latency, {len(query_mix())} queries × {rounds} rounds = {count} each  "
        "p50 ms   p95 ms"
    )
    figures = {name: percentiles(values) for name, values in samples.items()}
    for name, (p50, p95) in figures.items():
        print(f"  {name:40s} {p50:7.1f} {p95:8.1f}")
    (n50, n95), (d50, d95) = figures["navolg opensearch"], figures["direct opensearch-py"]
    print(f"  navolg / direct: p50 {n50 / d50:.2f}×, p95 {n95 / d95:.2f}× (target ≤ 1.2×)")
    print(f"  embedded p95 {figures['navolg embedded'][1]:.1f} ms (target ≤ 50 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--opensearch", default="http://127.0.0.1:9200")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="navolg-bench-search-") as tmp:
        run(args, Path(tmp))


if __name__ == "__main__":
    main()
