"""The embedded index: tantivy in a folder, for one machine with no servers.

tantivy allows one writer per index: a writer is taken only while adding, retried while another
process holds it, and released right after, so several ingest processes can share the folder.
The files live in a subfolder named after the schema version: an index written by an older
navolg is left alone and a fresh one fills up again (`navolg reindex`, or the catch-up of the
next ingest), instead of failing to open.
"""

import datetime as dt
import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import tantivy

from search.analysis import ThreadAnalyzers, tantivy_analyzer
from search.backend import Allowed, end_of_day, page_of, start_of_day
from search.documents import FOREVER, PAGE_BREAK, IndexDoc
from search.errors import IndexUnavailable
from search.models import FACETS, Hit, SearchQuery, SearchResults, Snippet
from search.query import ParsedQuery, Term

KEYWORDS = ("id", "dossier_id", "doc_type", "verdict", "firm", "postcode", "year")
MULTI = ("components", "materials")
DATES = ("doc_date", "ingested_at", "valid_from", "valid_to")
WRITER_HEAP = 64_000_000  # per indexing thread (tantivy needs ≥ 15 MB each)
REBUILD_THREADS = max(1, min(4, os.cpu_count() or 1))
LOCK_WAIT_S = 60.0
SCHEMA_VERSION = 2  # raise when the schema changes: a new subfolder is used


def _schema() -> Any:
    sb = tantivy.SchemaBuilder()
    for name in (*KEYWORDS, *MULTI):
        sb.add_text_field(name, stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    sb.add_text_field("address", stored=True, tokenizer_name="raw")
    sb.add_integer_field("version", stored=True, indexed=True, fast=True)
    for name in DATES:
        sb.add_date_field(name, stored=True, indexed=True, fast=True)
    # Phrases and prefixes run on 'exact'; 'text' and 'parts' only answer single terms (and
    # 'text' gives the snippets), so they skip positions, which cost indexing time.
    sb.add_text_field("text", stored=True, tokenizer_name="nl_stem", index_option="freq")
    sb.add_text_field("exact", stored=False, tokenizer_name="nl_exact")
    sb.add_text_field("parts", stored=False, tokenizer_name="nl_stem", index_option="freq")
    return sb.build()


class EmbeddedIndex:
    name = "embedded"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.analyzers = ThreadAnalyzers()  # query-time analysis, one pair per thread
        self.schema = _schema()
        folder = path / f"schema-{SCHEMA_VERSION}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(self.schema, path=str(folder), reuse=True)
        except (OSError, ValueError) as exc:
            raise IndexUnavailable(f"embedded index at {path} cannot be opened: {exc}") from exc
        self.index.register_tokenizer("nl_stem", tantivy_analyzer(stem=True))
        self.index.register_tokenizer("nl_exact", tantivy_analyzer(stem=False))

    # --- writing ---------------------------------------------------------------------------

    def ping(self) -> None:
        if not self.path.is_dir():
            raise IndexUnavailable(f"embedded index folder {self.path} is gone")

    def _writer(self, threads: int = 1) -> Any:
        """One indexing thread for ingest's small batches, more for a rebuild."""
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                return self.index.writer(heap_size=WRITER_HEAP * threads, num_threads=threads)
            except ValueError as exc:  # another process holds the writer lock
                if time.monotonic() > deadline:
                    raise IndexUnavailable(
                        f"embedded index is locked by another writer: {exc}"
                    ) from exc
                time.sleep(0.05)

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        if not docs:
            return
        writer = self._writer()
        try:
            for doc in docs:
                writer.delete_documents_by_term("id", doc.id)
                writer.add_document(self._document(doc))
            writer.commit()
        finally:
            writer.wait_merging_threads()

    def rebuild(self, docs: Iterable[IndexDoc]) -> int:
        """Readers keep the old state until the single commit at the end."""
        writer = self._writer(threads=REBUILD_THREADS)
        count = 0
        try:
            writer.delete_all_documents()
            for doc in docs:
                writer.add_document(self._document(doc))
                count += 1
            writer.commit()
        finally:
            writer.wait_merging_threads()
        return count

    def _document(self, doc: IndexDoc) -> Any:
        fields: dict[str, Any] = {
            "id": doc.id,
            "dossier_id": doc.dossier_id,
            "doc_id": doc.doc_id,
            "version": doc.version,
            "text": doc.text,
            "exact": doc.text + "\n" + doc.filename,
            "parts": doc.parts,
            "ingested_at": doc.ingested_at,
            "valid_from": doc.valid_from,
            "valid_to": doc.valid_to,
        }
        for name in ("doc_type", "verdict", "firm", "postcode", "year", "address"):
            value = getattr(doc, name)
            if value:
                fields[name] = value
        if doc.doc_date:
            fields["doc_date"] = start_of_day(doc.doc_date)
        document = tantivy.Document(**fields)
        for name in MULTI:
            for value in getattr(doc, name):
                document.add_text(name, value)
        return document

    def ids(self) -> set[str]:
        self.index.reload()
        searcher = self.index.searcher()
        total = searcher.num_docs
        if not total:
            return set()
        result = searcher.search(tantivy.Query.all_query(), total)
        return {searcher.doc(address)["id"][0] for _score, address in result.hits}

    # --- searching -------------------------------------------------------------------------

    def search(self, query: SearchQuery, parsed: ParsedQuery, allowed: Allowed) -> SearchResults:
        self.index.reload()
        searcher = self.index.searcher()
        tq = self._query(query, parsed, allowed)
        offset = int(query.after) if query.after and query.after.isdigit() else 0
        if query.sort == "date":
            result = searcher.search(
                tq,
                query.limit,
                count=True,
                offset=offset,
                order_by_field="doc_date",
                order=tantivy.Order.Desc,
            )
        else:
            result = searcher.search(tq, query.limit, count=True, offset=offset)
        highlighter = self._highlighter(searcher, parsed)
        by_date = query.sort == "date"  # then tantivy's 'score' is the date (None if undated)
        hits = [
            self._hit(searcher, 0.0 if by_date else score, address, highlighter)
            for score, address in result.hits
        ]
        total = int(getattr(result, "count", 0) or 0)  # set because count=True
        facets = self._facets(searcher, tq) if query.facets else {}
        more = offset + len(hits) < total
        return SearchResults(
            total=total, hits=hits, facets=facets, next=str(offset + len(hits)) if more else None
        )

    def _query(self, query: SearchQuery, parsed: ParsedQuery, allowed: Allowed) -> Any:
        clauses: list[tuple[Any, Any]] = []
        for group in parsed.must:
            alternatives = [q for q in (self._term(t) for t in group) if q is not None]
            if alternatives:
                clauses.append((tantivy.Occur.Must, _or(alternatives)))
        for term in parsed.must_not:
            q = self._term(term)
            if q is not None:
                clauses.append((tantivy.Occur.MustNot, q))
        clauses.extend((tantivy.Occur.Must, f) for f in self._filters(query, allowed))
        if not any(occur == tantivy.Occur.Must for occur, _ in clauses):
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)

    def _term(self, term: Term) -> Any | None:
        schema = self.schema
        if term.prefix:
            tokens = self.analyzers.exact.analyze(term.words[0])
            if not tokens:
                return None
            return tantivy.Query.regex_query(schema, "exact", _regex_escape(tokens[0]) + ".*")
        if term.is_phrase or term.exact:
            tokens = self.analyzers.exact.analyze(" ".join(term.words))
            return _phrase(schema, "exact", tokens)
        stems = self.analyzers.stem.analyze(term.words[0])
        if not stems:
            exact = self.analyzers.exact.analyze(term.words[0])
            return _phrase(schema, "exact", exact) if exact else None
        if len(stems) > 1:
            return _phrase(schema, "exact", self.analyzers.exact.analyze(term.words[0]))
        return _or(
            [
                tantivy.Query.term_query(schema, "text", stems[0]),
                tantivy.Query.term_query(schema, "parts", stems[0]),
            ]
        )

    def _filters(self, query: SearchQuery, allowed: Allowed) -> list[Any]:
        schema, f = self.schema, query.filters
        out: list[Any] = []
        if allowed is not None:
            out.append(
                tantivy.Query.term_set_query(schema, "dossier_id", sorted(allowed))
                if allowed
                else tantivy.Query.empty_query()
            )
        for field, values in (
            ("dossier_id", f.dossier_ids),
            ("doc_type", f.doc_types),
            ("verdict", f.verdicts),
            ("components", f.components),
            ("materials", f.materials),
            ("firm", f.firms),
            ("postcode", f.postcodes),
        ):
            if values:
                out.append(tantivy.Query.term_set_query(schema, field, values))
        if f.date_from or f.date_to:
            low = start_of_day(f.date_from) if f.date_from else tantivy.MIN_DATETIME
            high = start_of_day(f.date_to) if f.date_to else tantivy.MAX_DATETIME
            out.append(_range(schema, "doc_date", low, high))
        if f.ingested_from or f.ingested_to:
            out.append(
                _range(
                    schema,
                    "ingested_at",
                    f.ingested_from or tantivy.MIN_DATETIME,
                    f.ingested_to or tantivy.MAX_DATETIME,
                )
            )
        if query.as_of is not None:
            moment = end_of_day(query.as_of)
            out.append(_range(schema, "valid_from", tantivy.MIN_DATETIME, moment))
            out.append(
                _range(schema, "valid_to", moment, tantivy.MAX_DATETIME, include_lower=False)
            )
        elif not query.all_versions:
            out.append(_range(schema, "valid_to", FOREVER, tantivy.MAX_DATETIME))
        return out

    def _highlighter(self, searcher: Any, parsed: ParsedQuery) -> Any | None:
        words = [w for group in parsed.must for t in group if not t.prefix for w in t.words]
        stems = [s for w in words for s in self.analyzers.stem.analyze(w)]
        if not stems:
            return None
        q = _or([tantivy.Query.term_query(self.schema, "text", s) for s in stems])
        generator = tantivy.SnippetGenerator.create(searcher, q, self.schema, "text")
        generator.set_max_num_chars(200)
        return generator

    def _hit(self, searcher: Any, score: float, address: Any, highlighter: Any | None) -> Hit:
        doc = searcher.doc(address)
        first = _first
        snippets = []
        pages = (first(doc, "text") or "").split(PAGE_BREAK)
        if highlighter is not None:
            snippet = highlighter.snippet_from_doc(doc)
            html = snippet.to_html().replace("<b>", "<mark>").replace("</b>", "</mark>")
            if snippet.highlighted():
                snippets.append(Snippet(page=page_of(pages, html), html=" ".join(html.split())))
        doc_date = first(doc, "doc_date")
        valid_to = first(doc, "valid_to")
        return Hit(
            id=first(doc, "id"),
            dossier_id=first(doc, "dossier_id"),
            doc_id=first(doc, "doc_id"),
            version=int(first(doc, "version")),
            doc_type=first(doc, "doc_type"),
            doc_date=doc_date.date() if doc_date else None,
            score=float(score),
            verdict=first(doc, "verdict"),
            address=first(doc, "address"),
            current=valid_to is not None and valid_to.replace(tzinfo=dt.UTC) >= FOREVER,
            snippets=snippets,
        )

    def _facets(self, searcher: Any, tq: Any) -> dict[str, dict[str, int]]:
        aggs = {name: {"terms": {"field": name, "size": 100}} for name in FACETS}
        raw = searcher.aggregate(tq, aggs)
        return {
            name: {str(b["key"]): int(b["doc_count"]) for b in raw.get(name, {}).get("buckets", [])}
            for name in FACETS
        }


def _first(doc: Any, name: str) -> Any:
    values = doc.get_all(name) if hasattr(doc, "get_all") else doc[name]
    return values[0] if values else None


def _or(queries: list[Any]) -> Any:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def _phrase(schema: Any, field: str, tokens: list[str]) -> Any:
    if len(tokens) == 1:
        return tantivy.Query.term_query(schema, field, tokens[0])
    words: list[str | tuple[int, str]] = list(tokens)
    return tantivy.Query.phrase_query(schema, field, words)


def _range(schema: Any, field: str, low: Any, high: Any, include_lower: bool = True) -> Any:
    return tantivy.Query.range_query(
        schema,
        field,
        tantivy.FieldType.Date,
        low,
        high,
        include_lower=include_lower,
        include_upper=True,
    )


def _regex_escape(token: str) -> str:
    return "".join(c if c.isalnum() else f"\\{c}" for c in token)
