"""`navolg open`: an export as a local, read-only store with an embedded index.

The export's objects are written back under their own store keys (same bytes, so records,
readings and parse results read exactly as in the source). The store is read-only for them:
only the local session's own users, tokens and audit events may be written (every read is
still logged before it is answered, in this session's log). The export's own audit events
stay in the bag, proven by its checkpoint.
"""

import json
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.auth import hash_password
from export import layout
from export.errors import ExportError
from export.models import Descriptor, VerifyExportReport
from export.verify import unpack, verify_bag
from search.embedded import EmbeddedIndex
from search.indexer import Indexer
from store.access import AccessRecords
from store.audit import AuditLog
from store.backend import ObjectBackend
from store.errors import StoreError
from store.keys import (
    blob_key,
    dossier_record_prefix,
    numbered,
    parsed_key,
    readings_prefix,
    versions_prefix,
)
from store.local import LocalBackend
from store.models import DocumentVersion
from store.records import Store

WRITABLE = ("audit/", "access/")  # the local session's log and its one user


class ReadOnlyExport(StoreError):
    """A write to the content of an opened export."""


class ReadOnlyBackend:
    """Every read passes through; creates are refused except for the session's own records."""

    def __init__(self, inner: ObjectBackend) -> None:
        self.inner = inner

    def describe(self) -> str:
        return f"{self.inner.describe()} (opened export, read-only)"

    def _allow(self, key: str) -> None:
        if not key.startswith(WRITABLE):
            raise ReadOnlyExport(f"this is an opened export: read-only ({key})")

    def create(self, key: str, data: bytes, *, derived: bool = False) -> bool:
        self._allow(key)
        return self.inner.create(key, data, derived=derived)

    def create_from_file(self, key: str, path: Path) -> bool:
        self._allow(key)
        return self.inner.create_from_file(key, path)

    def read(self, key: str) -> bytes:
        return self.inner.read(key)

    def read_many(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
        return self.inner.read_many(keys)

    def open(self, key: str) -> BinaryIO:
        return self.inner.open(key)

    def exists(self, key: str) -> bool:
        return self.inner.exists(key)

    def list(self, prefix: str, start_after: str | None = None) -> Iterator[str]:
        return self.inner.list(prefix, start_after)

    def list_dirs(self, prefix: str) -> Iterator[str]:
        return self.inner.list_dirs(prefix)


@dataclass
class OpenedExport:
    bag: Path
    store: Store
    index: EmbeddedIndex
    report: VerifyExportReport
    descriptor: Descriptor
    token: str
    password: str


def open_export(
    zip_path: Path,
    workdir: Path,
    public_key: Ed25519PublicKey | None = None,
    force: bool = False,
) -> OpenedExport:
    """Verify, unpack, load into a local store, index; refuses a tampered export unless forced."""
    bag = unpack(zip_path, workdir / "bag")
    report = verify_bag(bag, public_key)
    if not report.ok and not force:
        raise ExportError("the export did not verify; not opened (see the problems above)")
    data = bag / "data"
    descriptor = Descriptor.model_validate_json((data / layout.DESCRIPTOR).read_bytes())
    local = LocalBackend(workdir / "store")
    _load(local, data, descriptor)
    backend = ReadOnlyBackend(local)
    store = Store(backend, AuditLog(backend))
    index = EmbeddedIndex(workdir / "index")
    Indexer(store, index).reindex()
    access = AccessRecords(store)
    password = secrets.token_urlsafe(12)  # for the web pages; this session only
    access.put_user(
        "local",
        "navolg-open",
        name="local reader",
        role="auditor",
        password_hash=hash_password(password),
    )
    token = access.issue_token("local", "navolg-open", "navolg open").secret
    return OpenedExport(bag, store, index, report, descriptor, token, password)


def _load(backend: LocalBackend, data: Path, descriptor: Descriptor) -> None:
    """Write the export's objects under the keys they had in the source store."""
    dossier_id = descriptor.dossier_id
    for path in sorted((data / layout.DOSSIER_RECORDS).glob("*.json")):
        backend.create(dossier_record_prefix(dossier_id) + path.name, path.read_bytes())
    for entry in descriptor.documents:
        folder = data / entry.folder
        raw = (folder / layout.RECORD).read_bytes()
        record = DocumentVersion.model_validate_json(raw)
        backend.create_from_file(blob_key(record.sha256), data / entry.original)
        backend.create(numbered(versions_prefix(dossier_id, record.doc_id), record.version), raw)
        readings = readings_prefix(dossier_id, record.doc_id, record.version)
        for reading in sorted(folder.glob(f"{layout.READINGS}*.json")):
            name = reading.name.removeprefix(layout.READINGS)
            backend.create(readings + name, reading.read_bytes())
        parsed = folder / layout.PARSED
        if parsed.is_file():
            parser_version = json.loads(parsed.read_bytes())["parser_version"]
            backend.create(parsed_key(record.sha256, parser_version), parsed.read_bytes())
