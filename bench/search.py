"""Search benchmark at 100,000 indexed documents: navolg beside plain use of the same engines.

    .venv/bin/python bench/search.py [--docs N] [--words W] [--rounds R] [--opensearch URL]

Generates N Dutch-like documents (assessment vocabulary, compounds, a Zipf long tail; one in
ten documents has a second version) as store records with page texts, without parsing, then
measures in one run:
  indexing  navolg (record → index document → backend, compound parts, validity, OpenSearch
            pre-analysis) beside a plain bulk load of the same texts and fields (OpenSearch
            with its built-in 'dutch' analyzer; tantivy with one stemmed text field); target >= 0.8x
  queries   p50/p95 of navolg's search (parse, query, filters, facets, snippets with pages,
            result models) for a fixed mix, beside the same queries sent straight to OpenSearch
            with opensearch-py; target navolg <= 1.2x direct. Embedded p95 target <= 50 ms.

The target's baseline ("direct, same body") sends navolg's own request body, built once before
timing, to navolg's index with the same opensearch-py client, and keeps the raw answer: the
ratio is what navolg itself adds per search (parsing the text, building the body, the retry
wrapper, reading the answer, page numbers of snippets, result models). The two other direct
rows answer a different question and are printed for it, not for the target: "plain index"
is a simpler search (simple_query_string on OpenSearch's 'dutch' analyzer: no compound parts,
no exact sub-field, no page numbers, so "gevel" matches far fewer documents), and "parity
index" is a hand-written OpenSearch equivalent of the features (decompounder, exact
sub-field); their ratios show what navolg's query and index design costs inside OpenSearch,
which the same-body ratio deliberately leaves out. Earlier versions held the target against
the plain index, which mixed that design cost into the overhead figure.
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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path = [p for p in sys.path if Path(p).resolve() != Path(__file__).resolve().parent]

import numpy as np  # noqa: E402
import tantivy  # noqa: E402
from opensearchpy import OpenSearch, helpers  # noqa: E402

from search import compounds  # noqa: E402
from search.documents import FOREVER, IndexDoc, to_index_doc  # noqa: E402
from search.embedded import REBUILD_THREADS, WRITER_HEAP, EmbeddedIndex  # noqa: E402
from search.models import FACETS, Filters, SearchQuery  # noqa: E402
from search.opensearch import OpenSearchIndex  # noqa: E402
from search.query import parse  # noqa: E402
from search.service import search  # noqa: E402
from store.fields import DocumentFields, Found  # noqa: E402
from store.models import Address, DocumentVersion, Dossier  # noqa: E402

DOC_TYPES = ["opname", "beoordeling", "berekening", "besluit", "correspondentie", "bezwaar"]
COMPONENTS = ["topgevel", "schoorsteen", "borstwering", "spouwmuur", "aanbouw", "dakkapel"]
MATERIALS = ["kalkzandsteen", "baksteen", "beton", "hout"]
FIRMS = ["Arcadis", "Antea Group", "ABT", "Pieters Bouwtechniek", "Wijnia Constructieadvies"]
_DOMAIN_TEXT = """
woning gevel topgevel kopgevel gevelbreedte schoorsteen borstwering spouwmuur spouwanker
aanbouw dakkapel fundering vloer kalkzandsteen baksteen beton hout metselwerk berekening
berekeningen beoordeling veiligheidsoordeel veiligheidsnorm norm npr bezwaar zienswijze
opname rapport rapporten conclusie conclusies besluit besluiten versterking
versterkingsadvies ingenieursbureau bewoner bewoners gemeente aardbeving aardbevingen
belasting constructie draagkracht scheur scheuren muur muren dak dakconstructie hoogte
breedte dikte lengte meter centimeter nlth nlpo pushover analyse model uitgangspunt
uitgangspunten aanname bijlage kenmerk datum adres postcode huisnummer voldoet
"""
DOMAIN = _DOMAIN_TEXT.split()
_FUNCTION_WORDS_TEXT = """
de het een van en in op met voor is zijn wordt worden door bij naar dat die deze als ook
om tot uit over niet wel aan
"""
FUNCTION_WORDS = _FUNCTION_WORDS_TEXT.split()
_SYLLABLES_TEXT = """
ba be bo de di do ge ka ke ko la le lo me mo na ne ro re sa se te to va ve wa zo
"""
SYLLABLES = _SYLLABLES_TEXT.split()
WORD_TYPES = 20_000
MS = 1000.0


# --- documents ---------------------------------------------------------------------------------


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Function words most frequent, domain words spread over ranks 30..3000 (in a few percent
    up to most documents), pseudo-words for the long tail; Zipf weights."""
    tail = sorted(
        {
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5)))
            for _ in range(WORD_TYPES * 2)
        }
        - set(DOMAIN)
    )
    rng.shuffle(tail)
    words = FUNCTION_WORDS + tail[: WORD_TYPES - len(FUNCTION_WORDS) - len(DOMAIN)]
    for rank, word in enumerate(DOMAIN):
        words.insert(30 + 30 * rank, word)
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


class _Stream(random.Random):
    """random.Random(seed)'s numbers, drawn from Mersenne Twister words that numpy makes in
    blocks, so that the page texts (`choices` over 20,000 words, the generator's main cost)
    take a few vectorised calls instead of a Python loop per word. The same seed gives the
    same words in the same order: the state is Python's own after seeding, numpy's MT19937
    steps it the same way, and `random`/`getrandbits` below build their results from the
    words as CPython does (random(): 53 bits from two words; getrandbits: the top k bits,
    32 bits a word, lowest first). `random.Random` routes choice, randrange, sample, shuffle
    through these two."""

    BLOCK = 1 << 16

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        _version, state, _gauss = super().getstate()
        self._mt = np.random.MT19937()
        key = np.array(state[:-1], dtype=np.uint32)
        self._mt.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": state[-1]}}
        self._block = np.empty(0, dtype=np.uint64)
        self._list: list[int] = []
        self._at = 0

    def _words(self, m: int) -> np.ndarray:
        if self._at + m > len(self._list):
            fresh = self._mt.random_raw(max(self.BLOCK, m))  # 32-bit words in uint64
            self._block = np.concatenate([self._block[self._at :], fresh])
            self._list = self._block.tolist()
            self._at = 0
        self._at += m
        return self._block[self._at - m : self._at]

    def _word(self) -> int:
        if self._at >= len(self._list):
            self._words(1)
            return self._list[0]
        self._at += 1
        return self._list[self._at - 1]

    def random(self) -> float:
        a, b = self._word() >> 5, self._word() >> 6
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)

    def getrandbits(self, k: int) -> int:
        out, shift = 0, 0
        while k > 0:
            word = self._word()
            if k < 32:
                word >>= 32 - k
            out |= word << shift
            shift, k = shift + 32, k - 32
        return out

    def doubles(self, m: int) -> np.ndarray:
        """m times random(), at once."""
        w = self._words(2 * m).reshape(m, 2)
        return ((w[:, 0] >> 5) * 67108864.0 + (w[:, 1] >> 6)) * (1.0 / 9007199254740992.0)


class _Pages:
    """Page texts of k words each: what `rng.choices(words, cum_weights=cum, k=k)` draws,
    page after page (the same doubles, the same bisection into the cumulative weights)."""

    def __init__(self, rng: _Stream, words: list[str], cum: list[float]) -> None:
        self.rng = rng
        self.words = np.array(words, dtype=object)
        self.cum = np.array(cum[:-1], dtype=np.float64)  # choices bisects cum[0:n-1]
        self.total = cum[-1] + 0.0

    def __call__(self, pages: int, k: int) -> list[str]:
        drawn = self.rng.doubles(pages * k) * self.total
        picked = self.words[np.searchsorted(self.cum, drawn, side="right")]
        return [" ".join(picked[i * k : (i + 1) * k]) for i in range(pages)]


def documents(n: int, words_per_doc: int, seed: int) -> list[Generated]:
    """Store records with page texts and validity ends, as the indexer would read them."""
    return list(iter_documents(n, words_per_doc, seed))


def iter_documents(n: int, words_per_doc: int, seed: int) -> Iterator[Generated]:
    """`documents` one at a time, for sizes that do not fit in memory (the same documents)."""
    rng = _Stream(seed)
    words, cum = vocabulary(rng)
    draw = _Pages(rng, words, cum)
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    made = 0
    while made < n:
        number = made
        dossier_id = f"D{number // 10:06d}"
        dossier = Dossier(
            dossier_id=dossier_id,
            address=Address(postcode=f"97{number // 10 % 100:02d} AB", huisnummer=str(number % 97)),
            recorded_at=now,
            recorded_by="bench",
        )
        doc_type = rng.choice(DOC_TYPES)
        day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(2500))
        versions = 2 if number % 10 == 9 and made + 2 <= n else 1
        starts = [
            dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(days=300 * v)
            for v in range(versions)
        ]
        for v in range(versions):
            pages = draw(3, words_per_doc // 3)
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
            made += 1
            yield record, pages, dossier, valid_to


def navolg_docs(generated: Iterable[Generated]) -> Iterator[IndexDoc]:
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
PLAIN_FIELDS: dict[str, Any] = {
    **{k: {"type": "keyword"} for k in PLAIN_KEYWORDS},
    "version": {"type": "integer"},
    **{k: {"type": "date"} for k in ("doc_date", "valid_from", "valid_to")},
}
PLAIN_MAPPING = {"properties": {**PLAIN_FIELDS, "text": {"type": "text", "analyzer": "dutch"}}}
# What one would build in OpenSearch alone for the same features: a stemmed field, an exact
# sub-field, and compound parts by OpenSearch's own dictionary decompounder (same word list).
PARITY_MAPPING = {
    "properties": {
        **PLAIN_FIELDS,
        "text": {
            "type": "text",
            "analyzer": "dutch",
            "fields": {
                "exact": {"type": "text", "analyzer": "exact"},
                "parts": {"type": "text", "analyzer": "parts"},
            },
        },
    }
}


def parity_settings() -> dict[str, Any]:
    source = Path(compounds.__file__).parent / "data" / "compounds_nl.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    words = [w.strip() for w in lines if w.strip() and not w.startswith("#")]
    return {
        "analysis": {
            "filter": {"split": {"type": "dictionary_decompounder", "word_list": words}},
            "analyzer": {
                "exact": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
                "parts": {"tokenizer": "standard", "filter": ["lowercase", "split"]},
            },
        }
    }


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def plain_opensearch_load(
    client: Any, name: str, generated: list[Generated], parity: bool = False
) -> None:
    settings = {"number_of_shards": 1, "number_of_replicas": 0}
    client.indices.create(
        index=name,
        body={
            "settings": {**settings, **(parity_settings() if parity else {})},
            "mappings": PARITY_MAPPING if parity else PLAIN_MAPPING,
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


def plain_tantivy_load(path: Path, generated: list[Generated], parity: bool = False) -> None:
    """tantivy alone: one stemmed field, or (parity) also an exact one; navolg's writer setup."""
    sb = tantivy.SchemaBuilder()
    for name in PLAIN_KEYWORDS:
        sb.add_text_field(name, stored=True, tokenizer_name="raw", fast=True)
    sb.add_integer_field("version", stored=True, indexed=True, fast=True)
    for name in ("doc_date", "valid_from", "valid_to"):
        sb.add_date_field(name, stored=True, indexed=True, fast=True)
    sb.add_text_field("text", stored=True, tokenizer_name="nl")
    if parity:
        sb.add_text_field("exact", stored=False, tokenizer_name="nl_exact")
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(sb.build(), path=str(path))
    index.register_tokenizer("nl", _plain_analyzer(tantivy.Filter.stemmer("dutch")))
    index.register_tokenizer("nl_exact", _plain_analyzer(tantivy.Filter.ascii_fold()))
    writer = index.writer(heap_size=WRITER_HEAP * REBUILD_THREADS, num_threads=REBUILD_THREADS)
    for item in generated:
        writer.add_document(_plain_tantivy_doc(item, parity))
    writer.commit()
    writer.wait_merging_threads()


def _plain_analyzer(last: Any) -> Any:
    simple = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    return simple.filter(tantivy.Filter.lowercase()).filter(last).build()


def _plain_tantivy_doc(item: Generated, parity: bool) -> Any:
    src = plain_source(item)
    keys = ("dossier_id", "doc_id", "doc_type", "text", "version")
    fields = {k: src[k] for k in keys if src[k] is not None}
    if parity:
        fields["exact"] = src["text"]
    doc = tantivy.Document(**fields, valid_from=item[0].effective_at, valid_to=item[3])
    for k in ("components", "materials"):
        for value in src[k]:
            doc.add_text(k, value)
    return doc


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


def _simple_query(text: str, parity: bool) -> dict[str, Any]:
    """Parity: words also match compound parts, quoted phrases go to the exact sub-field."""
    if not text:
        return {"match_all": {}}
    text = text.replace(" OR ", " | ")  # simple_query_string's spelling of OR
    query: dict[str, Any] = {"query": text, "fields": ["text"], "default_operator": "and"}
    if parity:
        query |= {"fields": ["text", "text.parts"], "quote_field_suffix": ".exact"}
    return {"simple_query_string": query}


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


def direct_body(query: SearchQuery, parity: bool = False) -> dict[str, Any]:
    """What one would send without navolg: the same filters, facets, highlight and size."""
    must = [_simple_query(query.text, parity)]
    return {
        "query": {"bool": {"must": must, "filter": _direct_filters(query)}},
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
    runners: dict[str, Callable[[SearchQuery], object]], mix: list[SearchQuery], rounds: int
) -> dict[str, list[float]]:
    """Every query of the mix, interleaved across runners so they share the machine's noise."""
    for runner in runners.values():  # warm up caches and connections
        for query in mix:
            runner(query)
    samples: dict[str, list[float]] = {name: [] for name in runners}
    names = list(runners)
    for number in range(rounds):
        for query in mix:
            # whoever goes first after another query pays for the caches that query disturbed
            # (navolg went first every time and was ~2x slower on the cheap filter-only queries
            # at 100k), so the order of the runners turns with every round
            start = number % len(names)
            for name in names[start:] + names[:start]:
                runner = runners[name]
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
    parity_name = f"navolg-bench-parity-{tag}"
    try:
        rates = {
            "opensearch plain": timed(lambda: plain_opensearch_load(client, plain_name, generated)),
            "opensearch navolg": timed(lambda: navolg_os.rebuild(navolg_docs(generated))),
            "opensearch parity": timed(
                lambda: plain_opensearch_load(client, parity_name, generated, parity=True)
            ),
            "tantivy plain": timed(lambda: plain_tantivy_load(tmp / "plain", generated)),
            "embedded navolg": timed(lambda: embedded.rebuild(navolg_docs(generated))),
            "tantivy parity": timed(
                lambda: plain_tantivy_load(tmp / "parity", generated, parity=True)
            ),
        }
        report_indexing(rates, len(generated))
        report_sizes(client, {"plain": plain_name, "navolg": alias, "parity": parity_name})
        mix = query_mix()
        # navolg's own request bodies, built before timing (by id: the mix's objects are used)
        same = {id(q): navolg_os.body(q, parse(q.text), None) for q in mix}
        runners: dict[str, Callable[[SearchQuery], object]] = {
            "navolg opensearch": lambda q: search(navolg_os, q, None),
            "direct, same body": lambda q: client.search(index=alias, body=same[id(q)]),
            "direct, plain index": lambda q: client.search(index=plain_name, body=direct_body(q)),
            "direct, parity index": lambda q: client.search(
                index=parity_name, body=direct_body(q, parity=True)
            ),
            "navolg embedded": lambda q: search(embedded, q, None),
        }
        report_latency(latencies(runners, mix, args.rounds), args.rounds)
    finally:
        navolg_os.drop()
        for name in (plain_name, parity_name):
            client.indices.delete(index=name, ignore_unavailable=True)


def report_indexing(seconds: dict[str, float], n: int) -> None:
    docs_s = {name: n / s for name, s in seconds.items()}
    print(f"\nindexing {n} documents (to searchable)      docs/s   seconds")
    for name, rate in docs_s.items():
        print(f"  {name:38s} {rate:8.0f} {seconds[name]:8.1f}")
    for engine, base in (("opensearch", "opensearch"), ("embedded", "tantivy")):
        navolg = docs_s[f"{engine} navolg"]
        print(
            f"  {engine}: navolg / plain = {navolg / docs_s[base + ' plain']:.2f}x, "
            f"navolg / parity = {navolg / docs_s[base + ' parity']:.2f}x (target >= 0.8x)"
        )


def report_sizes(client: Any, indices: dict[str, str]) -> None:
    """On-disk size of each OpenSearch index (navolg keeps its token fields in the source)."""
    sizes = []
    for label, name in indices.items():
        stats = client.indices.stats(index=name, metric="store")["_all"]["primaries"]
        sizes.append(f"{label} {stats['store']['size_in_bytes'] / 1e6:.0f} MB")
    print("  opensearch index size: " + ", ".join(sizes))


def report_latency(samples: dict[str, list[float]], rounds: int) -> None:
    count = len(next(iter(samples.values())))
    print(
        f"\nquery latency, {len(query_mix())} queries x {rounds} rounds = {count} each  "
        "p50 ms   p95 ms"
    )
    figures = {name: percentiles(values) for name, values in samples.items()}
    for name, (p50, p95) in figures.items():
        print(f"  {name:40s} {p50:7.1f} {p95:8.1f}")
    n50, n95 = figures["navolg opensearch"]
    for direct, note in (
        ("direct, same body", "target <= 1.2x: navolg's own overhead"),
        ("direct, plain index", "a simpler search, for comparison"),
        ("direct, parity index", "hand-written equivalent, for comparison"),
    ):
        d50, d95 = figures[direct]
        print(f"  navolg / {direct}: p50 {n50 / d50:.2f}x, p95 {n95 / d95:.2f}x ({note})")
    print(f"  embedded p95 {figures['navolg embedded'][1]:.1f} ms (target <= 50 ms)")
    report_per_query(samples)


def report_per_query(samples: dict[str, list[float]]) -> None:
    """Median per query of the mix (samples run round by round, query by query)."""
    mix = query_mix()
    print("\nmedian ms per query      " + " ".join(f"{name[:20]:>20s}" for name in samples))
    for number, query in enumerate(mix):
        label = (query.text or "(filters only)")[:24]
        cells = " ".join(
            f"{statistics.median(values[number :: len(mix)]) * MS:20.1f}"
            for values in samples.values()
        )
        print(f"  {label:24s}{cells}")


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
