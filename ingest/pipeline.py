"""The ingest pipeline: the only part of ingest that stores, indexes and logs.

For every file: store the original first (so nothing is ever lost), skip it if its bytes are
already the latest version, reuse a cached parse or parse it in a worker process with a time
limit, analyse, record the version, write the ledger, index, and queue its attachments and
archive entries as child documents. Bad input is recorded with its reason; the run goes on.
"""

import json
import os
import socket
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO, Literal, Protocol

from pydantic import BaseModel, Field

from ingest.addresses import DossierAddresses
from ingest.analysis import Hints
from ingest.formats import PARSER_VERSION, Child, Limits, Parsed
from ingest.inputs import InputFile, Manifest, scan
from ingest.jobs import ParseJob, ParseOutcome, analyse_pages, run_job, warm_up
from ingest.ledger import IndexState, Ledger, LedgerEntry
from ingest.names import child_doc_id, safe_doc_id, safe_dossier_id
from ingest.prefetch import Prefetcher
from ingest.workers import IdlePools, JobFailed, ParsePool
from store.errors import NotFound, StoreError, StoreUnavailable
from store.fields import DocumentFields
from store.models import BlobRef, DocRef, DocumentVersion, VersionMeta
from store.parsed import ChildRef, ParseResult
from store.reconcile import reconcile
from store.records import Store, version_tuple

ItemStatus = Literal["new", "new_version", "unchanged", "failed", "reread"]
MiB = 1 << 20
REREADABLE = ("failed", "needs_ocr")


class IngestOptions(BaseModel):
    """How an ingest run behaves; every limit has a safe default."""

    actor: str = "cli"
    workers: int = Field(default=1, ge=1, le=64)
    max_file_bytes: int = Field(default=256 * MiB, description="larger files: stored, not parsed")
    file_timeout_s: float = Field(default=120.0, gt=0, description="per-file parse time limit")
    limits: Limits = Field(default_factory=Limits)


class Item(BaseModel):
    dossier_id: str | None
    doc_id: str | None
    version: int | None
    status: ItemStatus
    doc_type: str | None = None
    parse: str | None = None
    pages: int = 0
    reason: str | None = None
    source: str = ""


class FailedItem(BaseModel):
    dossier_id: str | None
    doc_id: str | None
    reason: str
    stored: bool
    source: str


class IngestReport(BaseModel):
    files: int = Field(default=0, description="files found in the input (attachments not counted)")
    documents_new: int = 0
    versions_new: int = 0
    unchanged: int = 0
    failed: list[FailedItem] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    pages: int = 0
    parsed: int = Field(default=0, description="files actually parsed in this run (not cached)")
    not_stored: int = 0
    not_indexed: int = 0
    notes: list[str] = Field(default_factory=list)
    seconds: float = 0.0


class DocumentIndexer(Protocol):
    """What ingest needs of search/: queue a document, write the queue, catch up later."""

    def index_document(self, dossier_id: str, doc_id: str) -> None: ...

    def flush(self) -> int: ...

    def catch_up(self) -> int: ...


INDEX_PENDING = "index-pending/"  # one marker per run, named by its start time (UTC)
CATCH_UP_DAYS = 2  # a run that died longer ago is left to `navolg reindex --missing`


ProgressFn = Callable[[IngestReport, int], None]  # (report so far, files known so far)


@dataclass
class Work:
    """One file on its way through the pipeline (an input file or a child of one)."""

    dossier_id: str
    doc_id: str
    source: str
    original_filename: str
    size: int
    opener: Callable[[], BinaryIO] | None = None
    data: bytes | None = None
    parent: DocRef | None = None
    depth: int = 0
    hints: Hints = field(default_factory=Hints)
    registered_date: date | None = None
    blob: BlobRef | None = None
    top_level: bool = True
    reread: DocumentVersion | None = None  # set when an existing version is read again
    why: str = "ingest"


class Ingestor:
    def __init__(
        self,
        store: Store,
        options: IngestOptions,
        indexer: DocumentIndexer | None = None,
        progress: ProgressFn | None = None,
        job_fn: Callable[[ParseJob], ParseOutcome] = run_job,
        pools: IdlePools | None = None,
    ) -> None:
        """`pools`: started parse workers to borrow (a server's uploads), whose own job
        function, worker count and time limit then apply; without, each run starts its own."""
        self.store = store
        self.job_fn = job_fn
        self.pools = pools
        self.options = options
        self.indexer = indexer
        self.progress = progress
        self.ledger = Ledger(store.backend)
        self.run_id = uuid.uuid4().hex[:12]
        self._marker = f"{INDEX_PENDING}{_stamp(store.clock())}-{self.run_id}.json"
        self.report = IngestReport()
        self._queue: deque[Work] = deque()
        self._inflight: dict[int, Work] = {}
        self._next_id = 0
        self._known = 0
        self._manifest = Manifest()
        self._addresses = DossierAddresses(store, options.actor, Manifest(), self._requeue)
        self._index_error: str | None = None
        self._queued = 0
        self._prefetch: Prefetcher | None = None

    # --- entry points ----------------------------------------------------------------------

    def ingest_path(self, path: Path) -> IngestReport:
        files, manifest = scan(path)
        self._manifest = manifest
        self._addresses = DossierAddresses(self.store, self.options.actor, manifest, self._requeue)
        self.report.notes.extend(manifest.problems)
        self.report.files = len(files)
        for input_file in files:
            self._add_input(input_file)
        return self._run(f"ingest:{path}")

    def ingest_file(
        self, dossier_id: str, doc_id: str, path: Path, original_filename: str, source: str
    ) -> IngestReport:
        """One file into a dossier (an upload): the same rules as a folder ingest."""
        self.report.files = 1
        self._add_input(
            InputFile(
                dossier_id=safe_dossier_id(dossier_id),
                doc_id=safe_doc_id(doc_id.split("/")),
                rel_path=f"{dossier_id}/{doc_id}",
                source=source,
                original_filename=original_filename,
                size=path.stat().st_size,
                opener=lambda: path.open("rb"),
            )
        )
        return self._run(f"upload:{dossier_id}/{doc_id}")

    def reread(self, records: Iterable[DocumentVersion], why: str) -> IngestReport:
        """Read stored versions again (retry-failed, reparse): new readings, same records."""
        for record in records:
            self._queue.append(self._reread_work(record, why))
            self.report.files += 1
        return self._run(f"ingest:{why}")

    def _reread_work(self, record: DocumentVersion, why: str) -> Work:
        sha = record.sha256
        return Work(
            dossier_id=record.dossier_id,
            doc_id=record.doc_id,
            source=record.source or f"store:{sha}",
            original_filename=record.original_filename or record.doc_id.rsplit("/", 1)[-1],
            size=record.size,
            opener=lambda: self.store.open_blob(sha),
            parent=record.parent,
            hints=Hints(),
            registered_date=record.registered_date,
            reread=record,
            why=why,
        )

    # --- the run ---------------------------------------------------------------------------

    def _run(self, target: str) -> IngestReport:
        with self.store.group_commit():  # on disk before the report says "stored"
            return self._run_grouped(target)

    def _run_grouped(self, target: str) -> IngestReport:
        started = time.monotonic()
        self._known = len(self._queue) + self.report.not_stored
        self.store.audit.append(self.options.actor, "ingest.started", target, {"run": self.run_id})
        self._catch_up()
        if self.indexer is not None:  # open until this run's versions are in the index
            self.store.backend.create(self._marker, _run_owner())
        prefetch = Prefetcher(self.store.put_blob_bytes, self.options.max_file_bytes)
        with self._parse_pool() as pool, prefetch:
            self._prefetch = prefetch
            for job_id, outcome in pool.run(self._next_job):
                work = self._inflight.pop(job_id)
                self.report.parsed += 1
                self._on_parsed(work, outcome)
        self._prefetch = None
        self._addresses.settle()
        self._flush_index()
        self.report.seconds = round(time.monotonic() - started, 3)
        if self.indexer is not None:  # ended: indexed, or not (the next run catches up)
            end = ".failed" if self._index_error else ".done"
            self.store.backend.create(self._marker + end, (self._index_error or "").encode())
        if self._index_error:
            self.report.notes.append(
                f"{self.report.not_indexed} version(s) could not be indexed ({self._index_error}); "
                "they are stored and will be indexed by `navolg reindex --missing`"
            )
        self.store.audit.append(self.options.actor, "ingest.finished", target, self._summary())
        return self.report

    def _parse_pool(self) -> AbstractContextManager[ParsePool]:
        if self.pools is not None:
            return self.pools.borrow()
        warm = warm_up if self.job_fn is run_job else None
        return ParsePool(self.job_fn, self.options.workers, self.options.file_timeout_s, warm)

    def _summary(self) -> dict[str, object]:
        r = self.report
        return {
            "run": self.run_id,
            "files": r.files,
            "documents_new": r.documents_new,
            "versions_new": r.versions_new,
            "unchanged": r.unchanged,
            "failed": len(r.failed),
            "not_stored": r.not_stored,
        }

    def _next_job(self) -> tuple[int, ParseJob] | None:
        """Prepare queued files until one needs parsing; the rest finish right here."""
        while self._queue:
            work = self._queue.popleft()
            if self._prefetch is not None:  # the next originals, stored while this one is
                self._prefetch.ahead(self._queue)
                self._prefetch.take(work)
            job = self._prepare(work)
            if job is not None:
                self._next_id += 1
                self._inflight[self._next_id] = work
                return self._next_id, job
        return None

    # --- stages ----------------------------------------------------------------------------

    def _add_input(self, input_file: InputFile) -> None:
        if input_file.problem or input_file.dossier_id is None or input_file.doc_id is None:
            self._not_stored(None, None, input_file.source, input_file.problem or "no place")
            return
        row = self._manifest.lookup(input_file.rel_path, input_file.dossier_id, input_file.doc_id)
        dossier_id = (row.dossier_id if row and row.dossier_id else None) or input_file.dossier_id
        doc_id = (row.doc_id if row and row.doc_id else None) or input_file.doc_id
        self._queue.append(
            Work(
                dossier_id=dossier_id,
                doc_id=doc_id,
                source=input_file.source,
                original_filename=input_file.original_filename,
                size=input_file.size,
                opener=input_file.opener,
                hints=Hints(doc_type=row.doc_type if row else None),
                registered_date=row.date if row else None,
            )
        )

    def _prepare(self, work: Work) -> ParseJob | None:
        """Store the original and decide; returns a job when the file must be parsed."""
        if not self._store_original(work):
            return None
        assert work.blob is not None
        latest = None if work.reread else self._latest(work)
        if latest is not None and latest.sha256 == work.blob.sha256:
            self._unchanged(work, latest)
            return None
        reason = self._refusal(work)
        if reason is not None:
            self._finish(work, None, DocumentFields(), "not_parsed", reason)
            return None
        cached = self.store.get_parse(work.blob.sha256, PARSER_VERSION)
        if cached is not None and not (work.why == "retry-failed" and cached.status != "parsed"):
            fields = analyse_pages(
                cached.pages, work.original_filename, work.hints, cached.media_type
            )
            self._finish(work, cached, fields, cached.status, cached.reason)
            self._queue_children(work, cached.children, fields)
            return None
        assert work.data is not None
        return ParseJob(
            data=work.data,
            filename=work.original_filename,
            limits=self.options.limits,
            hints=work.hints,
        )

    def _store_original(self, work: Work) -> bool:
        try:
            if work.data is None and work.opener is not None:
                with work.opener() as stream:
                    if work.size <= self.options.max_file_bytes:
                        work.data = stream.read()
                    else:
                        work.blob = self.store.put_blob(stream)
            if work.blob is None and work.data is not None:
                work.blob = self.store.put_blob_bytes(work.data)
            self._addresses.open(work.dossier_id)
        except StoreUnavailable:
            raise  # the store is down, not this file: stop the run (the next one completes it)
        except (OSError, StoreError, ValueError) as exc:
            self._not_stored(work.dossier_id, work.doc_id, work.source, f"could not store: {exc}")
            return False
        return work.blob is not None

    def _refusal(self, work: Work) -> str | None:
        assert work.blob is not None
        if work.data is None:
            limit = self.options.max_file_bytes
            shown = f"{limit / MiB:g} MiB" if limit >= MiB else f"{limit} byte"
            return f"file is larger than the {shown} parse limit; stored, not parsed"
        if work.depth > self.options.limits.max_depth:
            return (
                f"nested more than {self.options.limits.max_depth} levels deep in attachments or "
                "archives; stored, not expanded"
            )
        return None

    def _latest(self, work: Work) -> DocumentVersion | None:
        try:
            return self.store.get_version(work.dossier_id, work.doc_id)
        except NotFound:
            return None

    def _on_parsed(self, work: Work, outcome: object) -> None:
        assert work.blob is not None
        if isinstance(outcome, JobFailed):
            status = "failed"
            self._finish(work, None, DocumentFields(), status, outcome.reason)
            return
        assert isinstance(outcome, ParseOutcome)
        parsed = outcome.parsed
        refs = self._store_children(work, parsed)
        result = parsed.to_result(work.blob.sha256, refs)
        self.store.put_parse(result)
        self._finish(work, result, outcome.fields, result.status, result.reason)
        self._queue_children(work, refs, outcome.fields, parsed.children)

    def _store_children(self, work: Work, parsed: Parsed) -> list[ChildRef]:
        refs = []
        for child in parsed.children:
            blob = self.store.put_blob_bytes(child.data)
            refs.append(
                ChildRef(
                    name=child.name, sha256=blob.sha256, size=blob.size, raw_name=child.raw_name
                )
            )
        return refs

    def _queue_children(
        self,
        work: Work,
        refs: list[ChildRef],
        fields: DocumentFields,
        children: list[Child] | None = None,
    ) -> None:
        parent_type = fields.doc_type.value if fields.doc_type else None
        data_by_sha = {c_ref.sha256: c.data for c_ref, c in zip(refs, children or [], strict=False)}
        for ref in refs:
            self._queue.append(
                self._child_work(work, ref, parent_type, data_by_sha.get(ref.sha256))
            )
            self._known += 1

    def _child_work(
        self, work: Work, ref: ChildRef, parent_type: str | None, data: bytes | None
    ) -> Work:
        sha = ref.sha256
        return Work(
            dossier_id=work.dossier_id,
            doc_id=child_doc_id(work.doc_id, ref.name),
            source=f"{work.source} » {ref.raw_name or ref.name}",
            original_filename=(ref.raw_name or ref.name).rsplit("/", 1)[-1],
            size=ref.size,
            data=data,
            opener=None if data is not None else (lambda: self.store.open_blob(sha)),
            parent=DocRef(dossier_id=work.dossier_id, doc_id=work.doc_id),
            depth=work.depth + 1,
            hints=Hints(parent_doc_type=parent_type),
            registered_date=work.registered_date,
            top_level=False,
        )

    def _unchanged(self, work: Work, latest: DocumentVersion) -> None:
        """Same bytes as the latest version: nothing new, but make sure children exist."""
        self.report.unchanged += 1
        self._item(work, latest.version, "unchanged", latest.doc_type, latest.parse_status, 0)
        cached = self.store.get_parse(latest.sha256)
        if cached is not None and cached.children:
            self._queue_children(work, cached.children, latest.fields)

    def _finish(
        self,
        work: Work,
        result: ParseResult | None,
        fields: DocumentFields,
        status: str,
        reason: str | None,
    ) -> None:
        """Record the version, the ledger entry and the index entry of one parsed file."""
        assert work.blob is not None
        meta = VersionMeta(
            media_type=result.media_type if result else "application/octet-stream",
            original_filename=work.original_filename,
            source=work.source,
            parent=work.parent,
            doc_type=fields.doc_type.value if fields.doc_type else None,
            document_date=fields.document_date.value if fields.document_date else None,
            registered_date=work.registered_date,
            parse_status=status,
            parse_error=reason,
            parser_version=PARSER_VERSION,
            fields=fields,
        )
        if work.reread is not None:
            self.store.add_reading(work.reread, meta, self.options.actor, work.why)
            self._recorded(work, work.reread, "reread", meta, result, status, reason)
            return
        added = self.store.add_version(
            work.dossier_id, work.doc_id, work.blob, meta, self.options.actor
        )
        record = added.record
        if not added.created:
            self.report.unchanged += 1
            self._item(work, record.version, "unchanged", record.doc_type, record.parse_status, 0)
            return
        if record.version == 1:
            self.report.documents_new += 1
        else:
            self.report.versions_new += 1
        status_new: ItemStatus = "new" if record.version == 1 else "new_version"
        self._recorded(work, record, status_new, meta, result, status, reason)

    def _recorded(
        self,
        work: Work,
        record: DocumentVersion,
        item_status: ItemStatus,
        meta: VersionMeta,
        result: ParseResult | None,
        status: str,
        reason: str | None,
    ) -> None:
        """Report, index and ledger a version that was just recorded (or read again)."""
        pages = len(result.pages) if result else 0
        self.report.pages += pages
        if status != "parsed":
            item_status = "failed"
            self.report.failed.append(
                FailedItem(
                    dossier_id=work.dossier_id,
                    doc_id=work.doc_id,
                    reason=reason or status,
                    stored=True,
                    source=work.source,
                )
            )
        self._item(work, record.version, item_status, meta.doc_type, status, pages, reason)
        self._addresses.before_index(work.dossier_id, work.doc_id, meta.fields)
        index_state, index_error = self._index(record)
        self.ledger.append(
            LedgerEntry(
                dossier_id=work.dossier_id,
                doc_id=work.doc_id,
                version=record.version,
                sha256=record.sha256,
                source=work.source,
                stored=True,
                parse=status,
                reason=reason,
                parser=result.parser if result else None,
                parser_version=PARSER_VERSION,
                ocr=result.ocr if result else None,
                pages=pages,
                index=index_state,
                index_error=index_error,
                at=self.store.clock(),
                actor=self.options.actor,
                run_id=self.run_id,
            )
        )

    def _index(self, record: DocumentVersion) -> tuple[IndexState, str | None]:
        """Queue the document for the index; a failure never stops storing."""
        if self.indexer is None:
            return "off", None
        if self._index_error is None:
            try:
                self.indexer.index_document(record.dossier_id, record.doc_id)
                self._queued += 1
                return "queued", None
            except Exception as exc:  # any index failure: stored anyway, caught up later
                self._index_failed(exc)
        self.report.not_indexed += 1
        return "pending", self._index_error

    def _index_failed(self, exc: Exception) -> None:
        self._index_error = f"{type(exc).__name__}: {exc}"
        self.report.not_indexed += self._queued
        self._queued = 0

    def _flush_index(self) -> None:
        if self.indexer is None or self._index_error is not None:
            return
        try:
            self.indexer.flush()
            self._queued = 0
        except Exception as exc:  # stored anyway; the next run or reindex --missing catches up
            self._index_failed(exc)

    def _catch_up(self) -> None:
        """Repair and index what earlier runs left undone, before anything new (the user is
        told): a run that died (its marker never ended) may have stored a record whose audit
        event it could not write (the store went away between the two), so the log is
        reconciled once after it; then the versions no run could index are indexed."""
        # Only recent markers: every run leaves one, and the store deletes nothing.
        since = f"{INDEX_PENDING}{_stamp(self.store.clock() - timedelta(days=CATCH_UP_DAYS))}"
        keys = set(self.store.backend.list(INDEX_PENDING, start_after=since))
        ends = (".done", ".failed", ".reconciled")
        unindexed = [k for k in keys if not k.endswith(ends) and k + ".done" not in keys]
        ended = {k for k in unindexed if k + ".failed" in keys}  # ended, the index was down
        running = {k for k in unindexed if k not in ended and self._still_running(k)}
        open_markers = sorted(set(unindexed) - running)
        died = [k for k in open_markers if k not in ended]
        # Not while another run goes on: its newest record may be waiting for its own event.
        if not running and any(k + ".reconciled" not in keys for k in died):
            self._reconcile_after(died)
        if self.indexer is None or not open_markers:
            return
        try:
            caught = self.indexer.catch_up()
        except Exception as exc:  # still down: this run's versions join the queue for later
            self.report.notes.append(
                f"the index is still unavailable ({exc}); earlier versions wait"
            )
            return
        for key in open_markers:
            self.store.backend.create(key + ".done", b"")
        self.report.notes.append(f"caught up {caught} version(s) that earlier runs could not index")

    def _reconcile_after(self, died: list[str]) -> None:
        logged = reconcile(self.store, self.options.actor)
        for key in died:
            self.store.backend.create(key + ".reconciled", b"")
        if logged:
            self.report.notes.append(
                f"logged {len(logged)} record(s) that an interrupted run had stored "
                "without their audit event"
            )

    def _still_running(self, key: str) -> bool:
        """Whether the run that opened this marker and has not ended may still be going: a
        run on this machine whose process is alive, or a run elsewhere (which ends its own
        marker; `navolg reindex --missing` covers one that died there)."""
        try:
            owner = json.loads(self.store.backend.read(key) or b"{}")
        except (ValueError, NotFound):
            return False
        if not isinstance(owner, dict) or "pid" not in owner:
            return False  # a marker of an older navolg: written when indexing had failed
        if owner.get("host") != socket.gethostname():
            return True
        try:
            os.kill(int(owner["pid"]), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def _item(
        self,
        work: Work,
        version: int | None,
        status: ItemStatus,
        doc_type: str | None,
        parse: str | None,
        pages: int,
        reason: str | None = None,
    ) -> None:
        self.report.items.append(
            Item(
                dossier_id=work.dossier_id,
                doc_id=work.doc_id,
                version=version,
                status=status,
                doc_type=doc_type,
                parse=parse,
                pages=pages,
                reason=reason,
                source=work.source,
            )
        )
        if self.progress is not None:
            self.progress(self.report, self._known)

    def _not_stored(
        self, dossier_id: str | None, doc_id: str | None, source: str, reason: str
    ) -> None:
        self.report.not_stored += 1
        self.report.failed.append(
            FailedItem(
                dossier_id=dossier_id, doc_id=doc_id, reason=reason, stored=False, source=source
            )
        )
        self.report.items.append(
            Item(
                dossier_id=dossier_id,
                doc_id=doc_id,
                version=None,
                status="failed",
                reason=reason,
                source=source,
            )
        )

    def _requeue(self, dossier_id: str, doc_ids: Iterable[str] | None) -> None:
        """Every index document carries its dossier's address: after a new one, index these
        documents again (None: all of the dossier's, also those another run indexed)."""
        if self.indexer is None or self._index_error is not None:
            return
        try:
            for doc_id in self.store.list_documents(dossier_id) if doc_ids is None else doc_ids:
                self.indexer.index_document(dossier_id, doc_id)
        except Exception as exc:  # stored anyway; the next run or reindex --missing catches up
            self._index_failed(exc)


def _stamp(moment: datetime) -> str:
    """Sorts as the time does, so a listing can start at a moment."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%S")


def _run_owner() -> bytes:
    """Who holds a run's index marker: a later run catches up after it only once it is gone."""
    return json.dumps({"host": socket.gethostname(), "pid": os.getpid()}).encode()


def failed_versions(store: Store) -> Iterator[DocumentVersion]:
    """Stored versions whose newest ledger entry says they could not be read."""
    for entry in Ledger(store.backend).current_states():
        if entry.stored and entry.version is not None and entry.parse in REREADABLE:
            yield store.get_version(entry.dossier_id, entry.doc_id, entry.version)


def versions_read_before(store: Store, parser_version: str) -> Iterator[DocumentVersion]:
    """Every version last read by a parser older than `parser_version`."""
    limit = version_tuple(parser_version)
    for dossier_id in store.list_dossiers():
        for doc_id in store.list_documents(dossier_id):
            for record in store.list_versions(dossier_id, doc_id):
                current = store.effective(record)
                if version_tuple(current.parser_version or "0") < limit:
                    yield record
