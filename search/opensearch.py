"""The OpenSearch backend (opensearch-py): bulk indexing, an alias over versioned indices so a
rebuild swaps in without downtime, retries with backoff, optional basic auth, TLS and SigV4.

    opensearch+http://HOST:9200                  plain (local, tests)
    opensearch+https://USER:PASS@HOST:9200       basic auth over TLS (?verify=false to skip checks)
    opensearch+aws://HOST?region=eu-west-1        managed OpenSearch, SigV4 with the AWS credentials
    any of these with ?prefix=NAME                alias name (default 'navolg')
                 and ?shards=N&replicas=N         of each new index (default 1 and 0)
"""

import base64
import concurrent.futures
import contextlib
import functools
import json
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

from opensearchpy import OpenSearch, RequestsHttpConnection, helpers
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import ConnectionTimeout, NotFoundError, TransportError

from search.analysis import CachedAnalysis, ThreadAnalyzers, opensearch_settings
from search.backend import Allowed, end_of_day, page_of, start_of_day
from search.documents import FOREVER, IndexDoc
from search.errors import IndexOutdated, IndexUnavailable, SearchError
from search.models import FACETS, Hit, SearchQuery, SearchResults, Snippet
from search.query import ParsedQuery, Term

T = TypeVar("T")
RETRIES = 4
MAPPING_VERSION = 3  # raise when MAPPING changes; an index with another version needs a rebuild
CHUNK_DOCS = 500  # documents per bulk request
CHUNK_BYTES = 8 * 1024 * 1024  # and at most this many bytes (OpenSearch advises 5-15 MB)
# bulk requests at the cluster at once during a rebuild; 2 was not faster at 100k on this
# shared 2-core machine (0.66x and 0.62x of a plain bulk load, against 0.92x with 1)
REBUILD_SENDERS = 1
BULK_FIELDS = "errors,items.*.status,items.*.error"  # all we read of a bulk response
SEP = (",", ":")  # compact JSON
TOKEN_FIELDS = ["stems", "exact", "parts"]  # indexed for matching, never read back
KEYWORD = {"type": "keyword"}
DATE = {"type": "date"}
MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "_meta": {"navolg_mapping": MAPPING_VERSION},
    # The source is kept whole, token fields too: leaving them out of it ('excludes') made
    # OpenSearch parse and rewrite every source it indexed, a fifth of its indexing time, for
    # less disk. Searches leave them out of what they fetch (TOKEN_FIELDS).
    "properties": {
        **{
            k: KEYWORD
            for k in (
                "id",
                "dossier_id",
                "doc_id",
                "doc_type",
                "verdict",
                "firm",
                "postcode",
                "year",
                "components",
                "materials",
                "address",
            )
        },
        "version": {"type": "integer"},
        **{k: DATE for k in ("doc_date", "ingested_at", "valid_from", "valid_to")},
        # stems/exact/parts hold the tokens of search/analysis.py (the analysis the embedded
        # backend uses), so both backends match exactly the same words; OpenSearch's own Dutch
        # stemmer is an older Snowball variant. Phrases and prefixes run on 'exact' (positions);
        # 'stems' and 'parts' answer single terms, so they skip positions. 'pages' (one value
        # per page) is only highlighted, never searched, so it is not indexed: the highlighter
        # analyses the page text with nl_stem when it makes a snippet, and analysing it at index
        # time as well was half of OpenSearch's indexing work. Its highlight query is written on
        # 'hl', a field with the same analyzer that no document fills (so it costs nothing),
        # with require_field_match off so that those terms mark the pages.
        "pages": {"type": "text", "analyzer": "nl_stem", "index": False},
        "hl": {"type": "text", "analyzer": "nl_stem", "index_options": "docs", "norms": False},
        "stems": {"type": "text", "analyzer": "whitespace", "index_options": "freqs"},
        "exact": {"type": "text", "analyzer": "whitespace"},
        "parts": {"type": "text", "analyzer": "whitespace", "index_options": "freqs"},
        "filename": {"type": "keyword", "index": False},
    },
}


def _retry(action: Callable[[], T]) -> T:
    """Retry what failed for reasons that pass (connection, 429, 503) with backoff."""
    for attempt in range(RETRIES):
        try:
            return action()
        except (OSConnectionError, ConnectionTimeout) as exc:
            if attempt == RETRIES - 1:
                raise IndexUnavailable(f"OpenSearch cannot be reached: {exc}") from exc
        except TransportError as exc:
            if exc.status_code not in (429, 502, 503, 504) or attempt == RETRIES - 1:
                if exc.status_code in (429, 502, 503, 504):
                    raise IndexUnavailable(f"OpenSearch is not available: {exc}") from exc
                raise SearchError(f"OpenSearch refused the request: {exc}") from exc
        time.sleep(0.2 * 2**attempt)
    raise AssertionError("unreachable")


POOL_SIZE = 40


class OpenSearchIndex:
    name = "opensearch"

    def __init__(
        self, client: Any, alias: str = "navolg", shards: int = 1, replicas: int = 0
    ) -> None:
        self.client = client
        self.alias = alias
        self.shards = shards
        self.replicas = replicas
        self.analyzers = ThreadAnalyzers()  # query-time analysis, one pair per thread
        self._ready = False

    @classmethod
    def from_url(cls, url: str) -> "OpenSearchIndex":
        parts = urlsplit(url.removeprefix("opensearch+"))
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        scheme = "https" if parts.scheme in ("https", "aws") else "http"
        port = parts.port or (443 if scheme == "https" else 9200)
        kwargs: dict[str, Any] = {
            "hosts": [{"host": parts.hostname, "port": port}],
            "use_ssl": scheme == "https",
            "verify_certs": query.get("verify", "true") != "false",
            "timeout": 30,
            "max_retries": 2,
            "retry_on_timeout": True,
            # Connections kept open: as many as the server has request threads (anyio's 40),
            # else every search beyond urllib3's default 10 at once opens and closes its own
            # TCP connection (a tenth of the API server's CPU under 16 clients in bench/api.py).
            "pool_maxsize": int(query.get("pool", str(POOL_SIZE))),
        }
        if parts.username:
            kwargs["http_auth"] = (unquote(parts.username), unquote(parts.password or ""))
        if parts.scheme == "aws":
            kwargs.update(_sigv4(query.get("region", "eu-west-1")))
        return cls(
            OpenSearch(**kwargs),
            alias=query.get("prefix", "navolg"),
            shards=int(query.get("shards", "1")),
            replicas=int(query.get("replicas", "0")),
        )

    # --- index lifecycle -------------------------------------------------------------------

    def ping(self) -> None:
        try:
            self.client.cluster.health(request_timeout=5)
        except (OSConnectionError, ConnectionTimeout, TransportError) as exc:
            raise IndexUnavailable(f"OpenSearch cannot be reached: {exc}") from exc

    def _new_index(self, bulk_load: bool = False, name: str | None = None) -> str:
        """A bulk load (rebuild) runs without refreshes, replicas or a translog sync per
        request (OpenSearch's advice for indexing speed); `_loaded` restores them."""
        name = name or (
            f"{self.alias}-v{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 10**6:06d}"
        )
        settings: dict[str, Any] = {
            **opensearch_settings(),
            "number_of_shards": self.shards,
            "number_of_replicas": 0 if bulk_load else self.replicas,
        }
        if bulk_load:
            settings |= {"refresh_interval": "-1", "translog.durability": "async"}
        body = {"settings": settings, "mappings": MAPPING}
        _retry(lambda: self.client.indices.create(index=name, body=body))
        return name

    def _loaded(self, name: str) -> None:
        body = {
            "index": {
                "number_of_replicas": self.replicas,
                "refresh_interval": None,
                "translog.durability": "request",
            }
        }
        _retry(lambda: self.client.indices.put_settings(index=name, body=body))
        _retry(lambda: self.client.indices.refresh(index=name))

    def _ensure(self) -> None:
        if self._ready:
            return
        if not _retry(lambda: self.client.indices.exists_alias(name=self.alias)):
            self._first_index()
        self._check_mapping()
        self._ready = True

    def _first_index(self) -> None:
        """The alias's first index, made once however many processes start at once. Its name
        is fixed, so creating it is the lock: a second creator is told it exists and uses it.
        (Each making its own index and putting the alias on it left, when two met, an alias
        over two indices, which refuses every write: putting an alias never fails.)"""
        name = f"{self.alias}-v{MAPPING_VERSION}-first"
        try:
            self._new_index(name=name)
        except SearchError as exc:
            if "resource_already_exists_exception" not in str(exc):
                raise
        _retry(lambda: self.client.indices.put_alias(index=name, name=self.alias))

    def _check_mapping(self) -> None:
        """An index built by another navolg version cannot answer this one's queries."""
        mappings = _retry(lambda: self.client.indices.get_mapping(index=self.alias))
        for name, found in mappings.items():
            version = found.get("mappings", {}).get("_meta", {}).get("navolg_mapping")
            if version != MAPPING_VERSION:
                raise IndexOutdated(
                    f"index {name} was built with mapping version {version}, this navolg needs "
                    f"{MAPPING_VERSION}: run `navolg reindex` to rebuild it from the store"
                )

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        if not docs:
            return
        self._ensure()
        self._bulk(self.alias, docs)
        _retry(lambda: self.client.indices.refresh(index=self.alias))

    def _bulk(self, index: str, docs: Iterable[IndexDoc], senders: int = 1) -> int:
        """Bulk requests are made (documents read, analysed, serialised) in a thread while the
        previous request is at the cluster, so the cluster never waits for Python between two
        requests; documents the cluster turns away for load (429) are sent again with backoff.
        With `senders` > 1 that many requests are at the cluster at once: one bulk request to
        one shard is indexed by one write thread, so a single sender leaves the cluster's other
        cores idle. Only for documents with distinct ids (a rebuild): the order in which
        concurrent requests land is not the order of `docs`."""
        chunks = _prefetch(_chunks(index, docs), depth=senders + 1)
        if senders == 1:
            return sum(self._send(chunk) for chunk in chunks)
        count = 0
        with concurrent.futures.ThreadPoolExecutor(senders, "navolg-bulk") as pool:
            running: set[concurrent.futures.Future[int]] = set()
            try:
                for chunk in chunks:
                    if len(running) >= senders:
                        done, running = concurrent.futures.wait(
                            running, return_when=concurrent.futures.FIRST_COMPLETED
                        )
                        count += sum(f.result() for f in done)
                    running.add(pool.submit(self._send, chunk))
                count += sum(f.result() for f in concurrent.futures.as_completed(running))
            except BaseException:
                for future in running:
                    future.cancel()
                raise
        return count

    def _send(self, chunk: list[bytes]) -> int:
        """One bulk request of action/source line pairs; 429s again after a pause."""
        pending = chunk
        for attempt in range(RETRIES + 1):
            body = b"".join(pending)
            send = functools.partial(self.client.bulk, body=body, filter_path=BULK_FIELDS)
            raw = _retry(send)
            again: list[bytes] = []
            refused: list[Any] = []
            items = raw.get("items", [])
            if len(items) != len(pending) // 2:
                raise SearchError(
                    f"OpenSearch answered {len(items)} of {len(pending) // 2} bulk items"
                )
            for number, item in enumerate(items):
                result = next(iter(item.values()))
                status = int(result.get("status", 500))
                if status == 429:
                    again += pending[2 * number : 2 * number + 2]
                elif status >= 300:
                    refused.append(result)
            if refused:
                raise SearchError(
                    f"{len(refused)} documents were refused by OpenSearch: {refused[:1]}"
                )
            if not again:
                return len(chunk) // 2
            pending = again
            time.sleep(min(0.5 * 2**attempt, 30.0))
        raise IndexUnavailable(
            f"OpenSearch kept refusing {len(pending) // 2} documents for load (429)"
        )

    def rebuild(self, docs: Iterable[IndexDoc]) -> int:
        """Fill a new index, then move the alias in one atomic step and drop the old one."""
        new = self._new_index(bulk_load=True)
        try:
            count = self._bulk(new, docs, senders=REBUILD_SENDERS)
            self._loaded(new)
        except BaseException:  # a failed rebuild leaves the alias and its index as they were
            with contextlib.suppress(SearchError):
                self._delete_index(new)
            raise
        try:
            old = list(_retry(lambda: self.client.indices.get_alias(name=self.alias)))
        except SearchError:
            old = []
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
        actions.append({"add": {"index": new, "alias": self.alias}})
        _retry(lambda: self.client.indices.update_aliases(body={"actions": actions}))
        for name in old:
            self._delete_index(name)
        self._ready = True
        return count

    def _delete_index(self, name: str) -> None:
        _retry(lambda: self.client.indices.delete(index=name))

    def ids(self) -> set[str]:
        self._ensure()
        found: set[str] = set()
        for doc in helpers.scan(
            self.client, index=self.alias, _source=False, query={"query": {"match_all": {}}}
        ):
            found.add(doc["_id"])
        return found

    def drop(self) -> None:
        """Remove the alias and its indices (tests)."""
        try:
            for name in self.client.indices.get_alias(name=self.alias):
                self.client.indices.delete(index=name)
        except NotFoundError:
            pass

    # --- searching -------------------------------------------------------------------------

    def search(self, query: SearchQuery, parsed: ParsedQuery, allowed: Allowed) -> SearchResults:
        self._ensure()
        body = self.body(query, parsed, allowed)
        raw = _retry(lambda: self.client.search(index=self.alias, body=body))
        hits = [self._hit(h) for h in raw["hits"]["hits"]]
        total = int(raw["hits"]["total"]["value"])
        facets = (
            {
                name: {
                    str(b["key"]): int(b["doc_count"]) for b in raw["aggregations"][name]["buckets"]
                }
                for name in FACETS
            }
            if query.facets
            else {}
        )
        more = len(hits) == query.limit and raw["hits"]["hits"]
        cursor = _cursor(raw["hits"]["hits"][-1]["sort"]) if more else None
        return SearchResults(total=total, hits=hits, facets=facets, next=cursor)

    def body(self, query: SearchQuery, parsed: ParsedQuery, allowed: Allowed) -> dict[str, Any]:
        """The request body (pure: unit-tested without a cluster)."""
        must = [q for group in parsed.must if (q := _or([self._term(t) for t in group]))]
        must_not = [q for t in parsed.must_not if (q := self._term(t))]
        sort: list[Any] = (
            ["_score"]
            if query.sort == "relevance"
            else [{"doc_date": {"order": "desc", "missing": "_last"}}]
        ) + [{"id": "asc"}]
        body: dict[str, Any] = {
            "query": {
                "bool": {
                    "must": must or [{"match_all": {}}],
                    "must_not": must_not,
                    "filter": self._filters(query, allowed),
                }
            },
            "size": query.limit,
            "sort": sort,
            "track_total_hits": True,
            "_source": {"excludes": TOKEN_FIELDS},
            "highlight": {
                "encoder": "html",  # page text is escaped, as in the embedded backend
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "fields": {
                    "pages": {
                        "fragment_size": 200,
                        "number_of_fragments": 1,
                        "no_match_size": 0,
                        "require_field_match": False,
                        "highlight_query": self._highlight_query(parsed),
                    },
                },
            },
        }
        if query.after:
            body["search_after"] = json.loads(base64.urlsafe_b64decode(query.after.encode()))
        if query.facets:
            body["aggs"] = {name: {"terms": {"field": name, "size": 100}} for name in FACETS}
        return body

    def _highlight_query(self, parsed: ParsedQuery) -> dict[str, Any]:
        words = [w for group in parsed.must for t in group if not t.prefix for w in t.words]
        if not words:
            return {"match_none": {}}
        return {"match": {"hl": " ".join(words)}}

    def _term(self, term: Term) -> dict[str, Any] | None:
        """The same decisions as the embedded backend, made on the same Python analysis."""
        if term.prefix:
            tokens = self.analyzers.exact.analyze(term.words[0])
            return {"prefix": {"exact": tokens[0]}} if tokens else None
        if term.is_phrase or term.exact:
            tokens = self.analyzers.exact.analyze(" ".join(term.words))
            return {"match_phrase": {"exact": " ".join(tokens)}} if tokens else None
        stems = self.analyzers.stem.analyze(term.words[0])
        exact = self.analyzers.exact.analyze(term.words[0])
        if len(stems) != 1:
            return {"match_phrase": {"exact": " ".join(exact)}} if exact else None
        return {
            "bool": {
                "should": [{"term": {"stems": stems[0]}}, {"term": {"parts": stems[0]}}],
                "minimum_should_match": 1,
            }
        }

    def _filters(self, query: SearchQuery, allowed: Allowed) -> list[dict[str, Any]]:
        f = query.filters
        out: list[dict[str, Any]] = []
        if allowed is not None:
            out.append({"terms": {"dossier_id": sorted(allowed)}})
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
                out.append({"terms": {field: values}})
        if f.date_from or f.date_to:
            out.append(
                {
                    "range": {
                        "doc_date": _between(
                            f.date_from and start_of_day(f.date_from),
                            f.date_to and start_of_day(f.date_to),
                        )
                    }
                }
            )
        if f.ingested_from or f.ingested_to:
            out.append({"range": {"ingested_at": _between(f.ingested_from, f.ingested_to)}})
        if query.as_of is not None:
            moment = end_of_day(query.as_of).isoformat()
            out.append({"range": {"valid_from": {"lte": moment}}})
            out.append({"range": {"valid_to": {"gt": moment}}})
        elif not query.all_versions:
            out.append({"range": {"valid_to": {"gte": FOREVER.isoformat()}}})
        return out

    def _hit(self, raw: dict[str, Any]) -> Hit:
        src = raw["_source"]
        found = raw.get("highlight", {})
        fragments = found.get("pages") or []
        snippets = [
            Snippet(page=page_of(src.get("pages", []), f), html=" ".join(f.split()))
            for f in fragments
        ]
        return Hit(
            id=src["id"],
            dossier_id=src["dossier_id"],
            doc_id=src["doc_id"],
            version=src["version"],
            doc_type=src.get("doc_type"),
            doc_date=(src.get("doc_date") or "")[:10] or None,
            score=float(raw.get("_score") or 0.0),
            verdict=src.get("verdict"),
            address=src.get("address"),
            current=src["valid_to"] >= FOREVER.isoformat(),
            snippets=snippets,
        )


def _source(doc: IndexDoc) -> dict[str, Any]:
    """The document as OpenSearch gets it: its fields and pages, and the token fields.
    'exact' is the exact analysis of text and file name (tokens never span the line break
    that joined them, so analysing the two apart gives the same tokens)."""
    analysis = _analysis()
    exact, stems = analysis.analyze(doc.text)
    data = doc.model_dump(mode="json")
    data["stems"] = " ".join(stems)
    data["exact"] = " ".join(exact + analysis.exact.analyze(doc.filename))
    data["parts"] = " ".join(analysis.stems(doc.parts))
    if doc.doc_date:
        data["doc_date"] = start_of_day(doc.doc_date).isoformat()
    return data


@functools.cache
def _analysis() -> CachedAnalysis:
    return CachedAnalysis()  # its analyzers and cache are per thread


def _chunks(index: str, docs: Iterable[IndexDoc]) -> Iterator[list[bytes]]:
    """Bulk bodies as action/source line pairs, at most CHUNK_DOCS documents or CHUNK_BYTES;
    serialised once, straight to UTF-8 (no escaping of every accent)."""
    chunk: list[bytes] = []
    size = 0
    for doc in docs:
        action = json.dumps({"index": {"_index": index, "_id": doc.id}}, separators=SEP)
        source = json.dumps(_source(doc), ensure_ascii=False, separators=SEP)
        action_line, source_line = action.encode() + b"\n", source.encode() + b"\n"
        if chunk and (len(chunk) // 2 >= CHUNK_DOCS or size + len(source_line) > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk += (action_line, source_line)
        size += len(action_line) + len(source_line)
    if chunk:
        yield chunk


def _prefetch(items: Iterator[T], depth: int = 1000) -> Iterator[T]:
    """Make the next items (read the store, analyse) in a thread while a bulk request waits on
    the network; without it the two take turns and indexing is slower by their sum."""
    ahead: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                ahead.put((True, item))
            ahead.put((False, None))
        except BaseException as exc:  # handed to the consumer, raised there
            ahead.put((False, exc))

    threading.Thread(target=produce, daemon=True, name="navolg-index-prefetch").start()
    try:
        while True:
            more, item = ahead.get()
            if not more:
                if item is not None:
                    raise item
                return
            yield item
    finally:
        stop.set()
        while not ahead.empty():  # unblock a producer waiting on a full queue
            ahead.get_nowait()


def _or(queries: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    present = [q for q in queries if q]
    if len(present) <= 1:
        return present[0] if present else None
    return {"bool": {"should": present, "minimum_should_match": 1}}


def _between(low: Any, high: Any) -> dict[str, str]:
    out = {}
    if low:
        out["gte"] = low.isoformat()
    if high:
        out["lte"] = high.isoformat()
    return out


def _cursor(sort_values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(sort_values).encode()).decode()


def _sigv4(region: str) -> dict[str, Any]:
    import boto3  # noqa: PLC0415
    from opensearchpy import AWSV4SignerAuth  # noqa: PLC0415

    credentials = boto3.Session().get_credentials()
    return {
        "http_auth": AWSV4SignerAuth(credentials, region, "es"),
        "connection_class": RequestsHttpConnection,
    }


def scan_all(client: Any, index: str) -> Iterator[dict[str, Any]]:
    """Every document of an index (benchmarks, checks)."""
    yield from helpers.scan(client, index=index, query={"query": {"match_all": {}}})
