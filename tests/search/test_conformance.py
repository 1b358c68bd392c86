"""One suite, both backends: every search behaviour is checked on tantivy and on OpenSearch."""

import concurrent.futures
import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from search.backend import SearchIndex
from search.embedded import EmbeddedIndex
from search.errors import IndexUnavailable
from search.indexer import Indexer
from search.models import Filters, SearchQuery
from search.opensearch import OpenSearchIndex
from search.service import all_hits, by_dossier, cohort_csv, search
from store.factory import open_store
from store.fields import DocumentFields, Found, FoundDate, Source
from store.models import Address, VersionMeta
from store.parsed import Page, ParseResult
from store.records import Store
from tests.conftest import OPENSEARCH_URL

DOCS = [
    # dossier, doc id, type, date, verdict, components, pages
    (
        "D1",
        "opname.pdf",
        "opname",
        dt.date(2021, 3, 1),
        None,
        ["topgevel"],
        [
            "Opnamerapport. Er is een topgevel van kalkzandsteen aangetroffen.",
            "De gevelbreedte bedraagt 6,40 m. Zie ook de aantekening kwelderzand.",
        ],
    ),
    (
        "D1",
        "beoordeling.pdf",
        "beoordeling",
        dt.date(2021, 5, 1),
        "niet_op_norm",
        ["topgevel"],
        [
            "Beoordeling volgens NPR 9998.",
            "Het veiligheidsoordeel: de woning voldoet niet aan de norm. "
            "De berekeningen zijn uitgevoerd met NLTH.",
        ],
    ),
    (
        "D2",
        "besluit.pdf",
        "besluit",
        dt.date(2021, 6, 1),
        "op_norm",
        ["schoorsteen"],
        [
            "Besluit van de gemeente Loppersum. De woning voldoet aan de veiligheidsnorm.",
            "Er is een schoorsteen.",
        ],
    ),
    (
        "D2",
        "brief.txt",
        "correspondentie",
        dt.date(2021, 7, 1),
        None,
        [],
        ['Wij menen dat een berekening nodig is. Onbalans "test" tekst.'],
    ),
    (
        "D3",
        "geheim.pdf",
        "beoordeling",
        dt.date(2021, 4, 1),
        "op_norm",
        ["topgevel", "dakkapel"],
        ["Een topgevel met dakkapel; geheimwoord zilvermeeuw. De woning voldoet aan de norm."],
    ),
]
V2 = (
    "D1",
    "beoordeling.pdf",
    "beoordeling",
    dt.date(2022, 1, 10),
    "op_norm",
    ["topgevel"],
    ["Herziene beoordeling.", "De woning voldoet aan de veiligheidsnorm na correctie."],
)


def _add(store: Store, row: tuple) -> None:  # type: ignore[type-arg]
    dossier, doc_id, doc_type, day, verdict, components, pages = row
    text = "\n".join(pages).encode() + doc_id.encode() + str(day).encode()
    blob = store.put_blob_bytes(text)
    store.put_parse(
        ParseResult(
            sha256=blob.sha256,
            parser_version="1.0.0",
            parser="test",
            media_type="text/plain",
            status="parsed",
            pages=[Page(number=i, text=t) for i, t in enumerate(pages, start=1)],
        )
    )
    fields = DocumentFields(
        doc_type=Found(value=doc_type),
        document_date=FoundDate(value=day) if day else None,
        verdict=Found(value=verdict, source=Source(page=1)) if verdict else None,
        components=[Found(value=c) for c in components],
        firm=Found(value="Wijnia Constructieadvies"),
    )
    meta = VersionMeta(
        doc_type=doc_type,
        document_date=day,
        fields=fields,
        parse_status="parsed",
        original_filename=doc_id,
        parser_version="1.0.0",
    )
    store.add_version(dossier, doc_id, blob, meta, "test")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = open_store(str(tmp_path_factory.mktemp("search-store")))
    for row in DOCS:
        _add(store, row)
    _add(store, V2)
    store.record_dossier("D1", "test", Address(postcode="9711 AB", huisnummer="12"))
    return store


@pytest.fixture(scope="module", params=["embedded", "opensearch"])
def index(
    request: pytest.FixtureRequest, store: Store, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    if request.param == "embedded":
        backend: SearchIndex = EmbeddedIndex(tmp_path_factory.mktemp("index"))
    else:
        backend = OpenSearchIndex.from_url(
            f"opensearch+{OPENSEARCH_URL}?prefix=navolg-test-{uuid.uuid4().hex[:10]}"
        )
        try:
            backend.ping()
        except IndexUnavailable as exc:
            pytest.fail(
                f"OpenSearch is not running ({exc}); start it with scripts/services.sh start"
            )
    Indexer(store, backend).reindex()
    yield backend
    if isinstance(backend, OpenSearchIndex):
        backend.drop()


def _ids(
    index: SearchIndex, text: str = "", allowed: frozenset[str] | None = None, **kw: object
) -> set[str]:
    query = SearchQuery.model_validate({"text": text, "limit": 100, **kw})
    return {f"{h.dossier_id}/{h.doc_id}@{h.version}" for h in search(index, query, allowed).hits}


def test_dutch_words_compounds_and_stems(index: SearchIndex) -> None:
    assert _ids(index, "gevel") == {"D1/opname.pdf@1", "D3/geheim.pdf@1"}  # topgevel, gevelbreedte
    assert "D1/opname.pdf@1" in _ids(index, "gevelbreedte")
    assert "D1/beoordeling.pdf@1" not in _ids(index, "oordeel")  # not current
    assert "D1/beoordeling.pdf@1" in _ids(index, "oordeel", all_versions=True)  # veiligheidsoordeel
    assert "D2/brief.txt@1" in _ids(index, "berekeningen")  # berekening
    assert _ids(index, "KALKZANDSTEEN") == {"D1/opname.pdf@1"}


def test_syntax_phrases_exclusion_or_prefix(index: SearchIndex) -> None:
    assert _ids(index, '"voldoet niet"', all_versions=True) == {"D1/beoordeling.pdf@1"}
    assert _ids(index, "topgevel -dakkapel") == {"D1/opname.pdf@1"}
    assert _ids(index, "kwelderzand OR zilvermeeuw") == {"D1/opname.pdf@1", "D3/geheim.pdf@1"}
    assert _ids(index, "zilvermeeu*") == {"D3/geheim.pdf@1"}
    assert _ids(index, "kalkzandsteen topgevel schoorsteen") == set()  # all words must match


def test_forgiving_parser_never_errors(index: SearchIndex) -> None:
    for text in ['onbalans "test', "((( ***", '"', "-", "OR OR", "a:b [x] {y} \\ / ~ ^", "é" * 300]:
        search(index, SearchQuery(text=text), None)  # must not raise
    assert "D2/brief.txt@1" in _ids(index, 'onbalans "test')


def test_precision_with_quotes_despite_over_stemming(index: SearchIndex) -> None:
    stemmed = _ids(index, "gemeente")
    assert "D2/besluit.pdf@1" in stemmed
    assert _ids(index, '"gemeente"') == {"D2/besluit.pdf@1"}  # exact sub-field: no 'menen'


def test_current_all_versions_and_as_of(index: SearchIndex) -> None:
    assert _ids(index, "correctie") == {"D1/beoordeling.pdf@2"}
    assert _ids(index, "", filters={"doc_types": ["beoordeling"], "dossier_ids": ["D1"]}) == {
        "D1/beoordeling.pdf@2"
    }
    assert _ids(
        index, "", all_versions=True, filters={"dossier_ids": ["D1"], "doc_types": ["beoordeling"]}
    ) == {"D1/beoordeling.pdf@1", "D1/beoordeling.pdf@2"}
    assert _ids(index, "", as_of=dt.date(2021, 12, 31), filters={"dossier_ids": ["D1"]}) == {
        "D1/opname.pdf@1",
        "D1/beoordeling.pdf@1",
    }
    assert _ids(index, "", as_of=dt.date(2021, 3, 15), filters={"dossier_ids": ["D1"]}) == {
        "D1/opname.pdf@1"
    }
    assert _ids(index, "", as_of=dt.date(2020, 1, 1)) == set()


def test_filters(index: SearchIndex) -> None:
    assert _ids(index, "", filters={"verdicts": ["op_norm"]}) == {
        "D1/beoordeling.pdf@2",
        "D2/besluit.pdf@1",
        "D3/geheim.pdf@1",
    }
    assert _ids(index, "", filters={"components": ["schoorsteen"]}) == {"D2/besluit.pdf@1"}
    assert _ids(index, "", filters={"firms": ["Wijnia Constructieadvies"]}) == _ids(index, "")
    window = {"date_from": "2021-05-15", "date_to": "2021-06-30"}
    assert _ids(index, "", filters=window) == {"D2/besluit.pdf@1"}
    assert _ids(index, "", filters={"postcodes": ["9711 AB"]}) == {
        "D1/opname.pdf@1",
        "D1/beoordeling.pdf@2",
    }


def test_access_is_enforced_inside_the_query(index: SearchIndex) -> None:
    allowed = frozenset({"D1", "D2"})
    results = search(index, SearchQuery(text="topgevel"), allowed)
    assert {h.dossier_id for h in results.hits} == {"D1"}
    assert results.total == 1
    assert "dakkapel" not in results.facets["components"]  # only D3 has it
    assert search(index, SearchQuery(text="zilvermeeuw"), allowed).total == 0
    assert search(index, SearchQuery(text=""), frozenset()).total == 0
    assert search(index, SearchQuery(text="zilvermeeuw"), None).total == 1


def test_snippets_name_their_page_and_facets_count(index: SearchIndex) -> None:
    hit = search(index, SearchQuery(text="gevelbreedte"), None).hits[0]
    assert hit.snippets and hit.snippets[0].page == 2 and "<mark>" in hit.snippets[0].html
    facets = search(index, SearchQuery(text=""), None).facets
    assert facets["doc_type"] == {"opname": 1, "beoordeling": 2, "besluit": 1, "correspondentie": 1}
    assert facets["year"] == {"2021": 4, "2022": 1}


def test_paging_with_cursors_and_date_sort(index: SearchIndex) -> None:
    seen = [h.id for h in all_hits(index, SearchQuery(text="", limit=1), None)]
    assert len(seen) == len(set(seen)) == 5
    page = search(index, SearchQuery(text="", sort="date", limit=5), None)
    dates = [h.doc_date for h in page.hits]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]


def test_grouping_and_cohort_csv(index: SearchIndex) -> None:
    rows = by_dossier(index, SearchQuery(text="voldoet"), None)
    assert [r.dossier_id for r in rows] == sorted(r.dossier_id for r in rows) or len(rows) == 3
    assert {r.dossier_id for r in rows} == {"D1", "D2", "D3"}
    d1 = next(r for r in rows if r.dossier_id == "D1")
    assert d1.address and "9711 AB" in d1.address
    csv_text = cohort_csv(rows)
    assert csv_text.splitlines()[0] == "dossier_id,address,verdict,matching_documents,first_snippet"
    assert len(csv_text.splitlines()) == 4


def test_missing_versions_are_caught_up(index: SearchIndex, tmp_path: Path) -> None:
    fresh = open_store(str(tmp_path / "store"))
    _add(fresh, DOCS[0])
    other = _new_backend(index, tmp_path)
    try:
        indexer = Indexer(fresh, other)
        assert indexer.reindex(missing_only=True).missing_before == 1
        _add(
            fresh,
            (
                "D2",
                "later.txt",
                "correspondentie",
                dt.date(2021, 8, 1),
                None,
                [],
                ["nagekomen stuk"],
            ),
        )
        assert indexer.reindex(missing_only=True).missing_before == 1
        assert _ids(other, "nagekomen") == {"D2/later.txt@1"}
        assert indexer.reindex(missing_only=True).missing_before == 0
        before = other.ids()
        assert indexer.reindex().versions_indexed == 2  # a rebuild swaps in the same content
        assert other.ids() == before
    finally:
        if isinstance(other, OpenSearchIndex):
            other.drop()


def _new_backend(like: SearchIndex, tmp_path: Path) -> SearchIndex:
    if isinstance(like, EmbeddedIndex):
        return EmbeddedIndex(tmp_path / "index")
    return OpenSearchIndex.from_url(
        f"opensearch+{OPENSEARCH_URL}?prefix=navolg-test-{uuid.uuid4().hex[:10]}"
    )


def test_unreachable_opensearch_is_index_unavailable(tmp_path: Path) -> None:
    down = OpenSearchIndex.from_url("opensearch+http://127.0.0.1:1?prefix=navolg-down")
    with pytest.raises(IndexUnavailable):
        down.ping()
    with pytest.raises(IndexUnavailable):
        search(down, SearchQuery(text="x"), None)
    assert Filters().model_dump()  # the models stay usable without a cluster


def test_snippets_are_escaped_html_and_name_their_page(index: SearchIndex, tmp_path: Path) -> None:
    fresh = open_store(str(tmp_path / "store"))
    pages = [
        "Eerste pagina zonder het woord.",
        "Kosten & baten <script>alert(1)</script> van de\nfundering, zie de tekening.",
    ]
    _add(fresh, ("D9", "brief.txt", "correspondentie", dt.date(2021, 9, 1), None, [], pages))
    other = _new_backend(index, tmp_path)
    try:
        Indexer(fresh, other).reindex()
        snippet = search(other, SearchQuery(text="baten"), None).hits[0].snippets[0]
        assert snippet.page == 2
        assert "<mark>baten</mark>" in snippet.html
        assert "<script>" not in snippet.html and "&lt;script&gt;" in snippet.html
    finally:
        if isinstance(other, OpenSearchIndex):
            other.drop()


def test_date_sort_puts_undated_documents_last(index: SearchIndex, tmp_path: Path) -> None:
    """A text query sorted by date over documents with and without a date (found by the API
    bench: the embedded backend answered 500 when an undated document matched)."""
    fresh = open_store(str(tmp_path / "store"))
    _add(fresh, ("D8", "oud.txt", "correspondentie", dt.date(2020, 2, 1), None, [], ["scheur"]))
    _add(fresh, ("D8", "los.txt", "correspondentie", None, None, [], ["scheur in de muur"]))
    _add(fresh, ("D8", "nieuw.txt", "correspondentie", dt.date(2023, 5, 1), None, [], ["scheur"]))
    other = _new_backend(index, tmp_path)
    try:
        Indexer(fresh, other).reindex()
        hits = search(other, SearchQuery(text="scheur", sort="date"), None).hits
        assert [h.doc_id for h in hits] == ["nieuw.txt", "oud.txt", "los.txt"]
        assert all(h.score == 0.0 for h in hits)  # no relevance when sorted by date
    finally:
        if isinstance(other, OpenSearchIndex):
            other.drop()


def test_searches_from_many_threads_at_once(index: SearchIndex) -> None:
    """The API answers from a thread pool: one backend object serves many threads at once
    (a shared tantivy analyzer once answered 'Already borrowed' under such load)."""
    queries = ["gevel", '"voldoet niet"', "zilvermeeu*", "berekeningen -test", "gemeente"]
    expected = {q: _ids(index, q, all_versions=True) for q in queries}

    def run(n: int) -> list[tuple[str, set[str]]]:
        return [(q, _ids(index, q, all_versions=True)) for q in queries * 8][n % 5 :]

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        answers = [a for batch in pool.map(run, range(32)) for a in batch]
    assert len(answers) > 1000
    assert all(found == expected[q] for q, found in answers)
