"""Keeping the index in step with the store: per document after ingest, or all of it again.

Ingest calls `index_document` after recording a version; documents are buffered and written in
batches (`flush`), because a commit per document would dominate ingest time.
"""

from collections.abc import Callable, Iterator

from pydantic import BaseModel

from search.backend import SearchIndex
from search.documents import IndexDoc, document_versions, load_dossier
from store.models import Dossier
from store.records import Store

BATCH = 200
Progress = Callable[[int, int], None]


class ReindexReport(BaseModel):
    documents: int = 0
    versions_indexed: int = 0
    missing_before: int | None = None


class Indexer:
    def __init__(self, store: Store, index: SearchIndex, batch: int = BATCH) -> None:
        self.store = store
        self.index = index
        self.batch = batch
        self._pending: dict[tuple[str, str], None] = {}

    def index_document(self, dossier_id: str, doc_id: str) -> None:
        """Queue every version of the document; written at the next flush (or full batch)."""
        self._pending[(dossier_id, doc_id)] = None
        if len(self._pending) >= self.batch:
            self.flush()

    def flush(self) -> int:
        """Write what is queued; raises IndexUnavailable (queue kept) if the index is down."""
        if not self._pending:
            return 0
        dossiers: dict[str, Dossier | None] = {}
        docs = [d for key in self._pending for d in self._versions(key, dossiers)]
        self.index.upsert(docs)
        self._pending.clear()
        return len(docs)

    def catch_up(self) -> int:
        """Index the versions missing from the index (after an outage); returns how many."""
        return self.reindex(missing_only=True).missing_before or 0

    def all_documents(self) -> Iterator[tuple[str, str]]:
        for dossier_id in self.store.list_dossiers():
            for doc_id in self.store.list_documents(dossier_id):
                yield dossier_id, doc_id

    def reindex(
        self, missing_only: bool = False, progress: Progress | None = None
    ) -> ReindexReport:
        """Index what the store holds: everything (a rebuild), or only versions not yet in."""
        keys = list(self.all_documents())
        report = ReindexReport(documents=len(keys))
        if not missing_only:
            report.versions_indexed = self.index.rebuild(self._docs(keys, progress))
            return report
        present = self.index.ids()
        todo: list[IndexDoc] = []
        dossiers: dict[str, Dossier | None] = {}
        for done, key in enumerate(keys, start=1):
            docs = self._versions(key, dossiers)
            if any(d.id not in present for d in docs):
                todo.extend(docs)  # all versions: validity of the older ones changes too
            if progress:
                progress(done, len(keys))
        report.missing_before = sum(1 for d in todo if d.id not in present)
        for start in range(0, len(todo), self.batch):
            self.index.upsert(todo[start : start + self.batch])
        report.versions_indexed = len(todo)
        return report

    def _versions(
        self, key: tuple[str, str], dossiers: dict[str, Dossier | None]
    ) -> list[IndexDoc]:
        """One document's versions; `dossiers` remembers dossier records within one pass."""
        dossier_id, doc_id = key
        if dossier_id not in dossiers:
            dossiers[dossier_id] = load_dossier(self.store, dossier_id)
        return document_versions(self.store, dossier_id, doc_id, dossiers[dossier_id])

    def _docs(self, keys: list[tuple[str, str]], progress: Progress | None) -> Iterator[IndexDoc]:
        dossiers: dict[str, Dossier | None] = {}
        for done, key in enumerate(keys, start=1):
            yield from self._versions(key, dossiers)
            if progress:
                progress(done, len(keys))
