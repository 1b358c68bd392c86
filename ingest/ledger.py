"""The per-file ledger: what happened to each file, so a reviewer can see what was not read.

Each processing of a file appends one create-only, numbered entry under
ledger/<dossier>/<doc-key>/; the newest entry is the file's state. Entries are derived
bookkeeping (the version records and the audit log are the evidence), but they are kept like
everything else: never overwritten.
"""

from collections.abc import Iterator
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

from store.backend import ObjectBackend
from store.errors import StoreError
from store.keys import check_dossier_id, doc_id_from_key, doc_key, number_of, numbered
from store.parsed import OcrInfo

LEDGER = "ledger/"
ParseState = Literal["parsed", "empty", "needs_ocr", "failed", "not_parsed", "unchanged"]
IndexState = Literal["indexed", "queued", "pending", "off"]  # queued: handed to the indexer


class LedgerEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    dossier_id: str
    doc_id: str
    version: int | None
    sha256: str | None
    source: str
    stored: bool
    parse: ParseState
    reason: str | None = None
    parser: str | None = None
    parser_version: str | None = None
    ocr: OcrInfo | None = None
    pages: int = 0
    index: IndexState = "off"
    index_error: str | None = None
    at: AwareDatetime
    actor: str
    run_id: str

    @property
    def failed(self) -> bool:
        return not self.stored or self.parse in ("failed", "needs_ocr")


def _prefix(dossier_id: str, doc_id: str) -> str:
    return f"{LEDGER}{check_dossier_id(dossier_id)}/{doc_key(doc_id)}/"


class Ledger:
    def __init__(self, backend: ObjectBackend) -> None:
        self.backend = backend

    def append(self, entry: LedgerEntry) -> None:
        prefix = _prefix(entry.dossier_id, entry.doc_id)
        number = max((number_of(k) for k in self.backend.list(prefix)), default=0)
        data = entry.model_dump_json().encode()
        for _attempt in range(1000):
            number += 1
            if self.backend.create(numbered(prefix, number), data, derived=True):
                return
        raise StoreError(f"could not append a ledger entry for {entry.dossier_id}/{entry.doc_id}")

    def history(self, dossier_id: str, doc_id: str) -> list[LedgerEntry]:
        keys = self.backend.list(_prefix(dossier_id, doc_id))
        entries = []
        for _key, data in self.backend.read_many(keys):
            try:
                entries.append(LedgerEntry.model_validate_json(data or b""))
            except ValidationError:  # derived, not flushed: a power loss may tear the last one
                continue
        return entries

    def latest(self, dossier_id: str, doc_id: str) -> LedgerEntry | None:
        entries = self.history(dossier_id, doc_id)
        return entries[-1] if entries else None

    def documents(self) -> Iterator[tuple[str, str]]:
        for dossier_id in self.backend.list_dirs(LEDGER):
            for key in self.backend.list_dirs(f"{LEDGER}{dossier_id}/"):
                yield dossier_id, doc_id_from_key(key)

    def current_states(self) -> Iterator[LedgerEntry]:
        """The newest entry of every file ever ingested."""
        for dossier_id, doc_id in self.documents():
            entry = self.latest(dossier_id, doc_id)
            if entry is not None:
                yield entry
