"""The system of record: originals, dossier records and document versions, with audit events.

Every record is create-only and numbered (v000001, v000002, …). A writer that loses a race for
number N reads the winner and either sees its own bytes already recorded (nothing to do) or
tries N+1, so concurrent ingests never lose or fork a version.
"""

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel, ValidationError

from store.audit import AuditLog, Clock, utc_now
from store.backend import ObjectBackend
from store.errors import NotFound, StoreError
from store.keys import (
    blob_key,
    check_doc_id,
    check_dossier_id,
    check_sha256,
    check_version,
    doc_id_from_key,
    docs_prefix,
    dossier_record_prefix,
    number_of,
    numbered,
    parsed_key,
    readings_prefix,
    versions_prefix,
)
from store.models import (
    Address,
    BlobRef,
    DocumentVersion,
    Dossier,
    Reading,
    VersionMeta,
    effective_at,
)
from store.parsed import ParseResult

CHUNK = 1 << 20
MAX_RACE_ATTEMPTS = 1000


class AddResult(BaseModel):
    record: DocumentVersion
    created: bool


class Store:
    def __init__(self, backend: ObjectBackend, audit: AuditLog, clock: Clock = utc_now) -> None:
        self.backend = backend
        self.audit = audit
        self.clock = clock

    def group_commit(self) -> AbstractContextManager[None]:
        """Batch the durability barriers of many writes (see store/local.py); everything is on
        disk when the block ends. Backends without it (S3: a PUT is durable when it returns)
        need nothing."""
        group = getattr(self.backend, "group_commit", None)
        return group() if callable(group) else nullcontext()

    # --- originals -------------------------------------------------------------------------

    def put_blob(self, stream: BinaryIO) -> BlobRef:
        """Store bytes under their SHA-256 (write-once); streams through a temp file."""
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(prefix="navolg-blob-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            sha = digest.hexdigest()
            self.backend.create_from_file(blob_key(sha), tmp)
        finally:
            tmp.unlink(missing_ok=True)
        return BlobRef(sha256=sha, size=size)

    def put_blob_bytes(self, data: bytes) -> BlobRef:
        sha = hashlib.sha256(data).hexdigest()
        self.backend.create(blob_key(sha), data)
        return BlobRef(sha256=sha, size=len(data))

    def open_blob(self, sha256: str) -> BinaryIO:
        """Stream an original; the caller closes it."""
        try:
            return self.backend.open(blob_key(check_sha256(sha256)))
        except NotFound:
            raise NotFound(f"no original with sha256 {sha256}") from None

    def has_blob(self, sha256: str) -> bool:
        return self.backend.exists(blob_key(sha256))

    # --- dossiers --------------------------------------------------------------------------

    def record_dossier(
        self,
        dossier_id: str,
        actor: str,
        address: Address | None = None,
        facts: dict[str, object] | None = None,
    ) -> Dossier:
        """Record (a new version of) a dossier's facts; identical facts record nothing."""
        prefix = dossier_record_prefix(dossier_id)
        latest = self._latest_number(prefix)
        for _attempt in range(MAX_RACE_ATTEMPTS):
            if latest:
                current = Dossier.model_validate_json(self.backend.read(numbered(prefix, latest)))
                if current.address == address and current.facts == (facts or {}):
                    return current
            record = Dossier(
                dossier_id=dossier_id,
                version=latest + 1,
                address=address,
                facts=facts or {},
                recorded_at=self.clock(),
                recorded_by=actor,
            )
            if self.backend.create(numbered(prefix, latest + 1), record.model_dump_json().encode()):
                self.audit.append(
                    actor, "dossier.recorded", f"dossier:{dossier_id}", {"version": record.version}
                )
                return record
            latest += 1
        raise StoreError(f"could not record dossier {dossier_id}: too much contention")

    def ensure_dossier(self, dossier_id: str, actor: str) -> Dossier:
        try:
            return self.get_dossier(dossier_id)
        except NotFound:
            return self.record_dossier(dossier_id, actor)

    def get_dossier(self, dossier_id: str, version: int | None = None) -> Dossier:
        prefix = dossier_record_prefix(dossier_id)
        number = version if version is not None else self._latest_number(prefix)
        if not number:
            raise NotFound(f"unknown dossier {dossier_id!r}")
        try:
            return Dossier.model_validate_json(self.backend.read(numbered(prefix, number)))
        except NotFound:
            raise NotFound(f"dossier {dossier_id!r} has no version {number}") from None

    def dossier_history(self, dossier_id: str) -> list[Dossier]:
        prefix = dossier_record_prefix(dossier_id)
        return [
            Dossier.model_validate_json(data)
            for _k, data in self.backend.read_many(self.backend.list(prefix))
            if data is not None
        ]

    # --- parse results (derived) -------------------------------------------------------------

    def put_parse(self, result: ParseResult) -> bool:
        """Keep a parse result; False if one for these bytes and parser version exists."""
        key = parsed_key(result.sha256, result.parser_version)
        return self.backend.create(key, result.model_dump_json().encode(), derived=True)

    def get_parse(self, sha256: str, parser_version: str | None = None) -> ParseResult | None:
        """The result of that parser version, or of the newest one when none is given."""
        if parser_version is None:
            versions = self.parser_versions(sha256)
            if not versions:
                return None
            parser_version = versions[-1]
        try:
            data = self.backend.read(parsed_key(sha256, parser_version))
            return ParseResult.model_validate_json(data)
        except NotFound:
            return None
        except ValidationError:  # derived and not flushed: torn by a power loss; parse again
            return None

    def parser_versions(self, sha256: str) -> list[str]:
        """Parser versions that read these bytes, oldest first (compared as version numbers)."""
        keys = self.backend.list(f"parsed/{check_sha256(sha256)}/")
        names = [k.rsplit("/", 1)[-1].removesuffix(".json") for k in keys]
        return sorted(names, key=version_tuple)

    def list_dossiers(self) -> Iterator[str]:
        yield from self.backend.list_dirs("dossiers/")

    # --- documents and versions ------------------------------------------------------------

    def add_version(
        self, dossier_id: str, doc_id: str, blob: BlobRef, meta: VersionMeta, actor: str
    ) -> AddResult:
        """Record blob as the next version of the document, unless it is the latest already."""
        check_dossier_id(dossier_id)
        check_doc_id(doc_id)
        if not self.has_blob(blob.sha256):
            raise StoreError(f"original {blob.sha256} must be stored before its version record")
        self.ensure_dossier(dossier_id, actor)
        prefix = versions_prefix(dossier_id, doc_id)
        latest = self._latest_number(prefix)
        for _attempt in range(MAX_RACE_ATTEMPTS):
            if latest:
                current = self.get_version(dossier_id, doc_id, latest)
                if current.sha256 == blob.sha256:
                    return AddResult(record=current, created=False)
            record = self._new_record(dossier_id, doc_id, latest + 1, blob, meta, actor)
            if self.backend.create(numbered(prefix, latest + 1), record.model_dump_json().encode()):
                self.audit.append(
                    actor,
                    "document.version.added",
                    f"document:{dossier_id}/{doc_id}",
                    {"version": record.version, "sha256": blob.sha256, "size": blob.size},
                )
                return AddResult(record=record, created=True)
            latest += 1
        raise StoreError(f"could not add a version of {dossier_id}/{doc_id}: too much contention")

    def _new_record(
        self,
        dossier_id: str,
        doc_id: str,
        version: int,
        blob: BlobRef,
        meta: VersionMeta,
        actor: str,
    ) -> DocumentVersion:
        now = self.clock()
        return DocumentVersion(
            dossier_id=dossier_id,
            doc_id=doc_id,
            version=version,
            sha256=blob.sha256,
            size=blob.size,
            ingested_at=now,
            ingested_by=actor,
            effective_at=effective_at(meta, now),
            **meta.model_dump(),
        )

    def get_version(
        self, dossier_id: str, doc_id: str, version: int | None = None
    ) -> DocumentVersion:
        prefix = versions_prefix(dossier_id, doc_id)
        number = check_version(version) if version is not None else self._latest_number(prefix)
        if not number:
            self._require_dossier(dossier_id)
            raise NotFound(f"dossier {dossier_id!r} has no document {doc_id!r}")
        try:
            return DocumentVersion.model_validate_json(self.backend.read(numbered(prefix, number)))
        except NotFound:
            raise NotFound(f"document {dossier_id}/{doc_id} has no version {number}") from None

    def list_versions(self, dossier_id: str, doc_id: str) -> list[DocumentVersion]:
        keys = self.backend.list(versions_prefix(dossier_id, doc_id))
        versions = [
            DocumentVersion.model_validate_json(data)
            for _k, data in self.backend.read_many(keys)
            if data is not None
        ]
        if not versions:
            self._require_dossier(dossier_id)
            raise NotFound(f"dossier {dossier_id!r} has no document {doc_id!r}")
        return versions

    def list_documents(self, dossier_id: str) -> list[str]:
        self._require_dossier(dossier_id)
        return [doc_id_from_key(k) for k in self.backend.list_dirs(docs_prefix(dossier_id))]

    def as_of(self, dossier_id: str, when: datetime | date) -> list[DocumentVersion]:
        """The dossier as it stood: per document, the latest version effective on `when`."""
        cutoff = _end_of(when)
        result = []
        for doc_id in self.list_documents(dossier_id):
            eligible = [
                v for v in self.list_versions(dossier_id, doc_id) if v.effective_at <= cutoff
            ]
            if eligible:
                result.append(max(eligible, key=lambda v: (v.effective_at, v.version)))
        return result

    # --- readings (derived, newest wins) -------------------------------------------------

    def add_reading(
        self, record: DocumentVersion, meta: VersionMeta, actor: str, why: str
    ) -> Reading:
        """Record a new reading of an existing version; the version record is untouched."""
        prefix = readings_prefix(record.dossier_id, record.doc_id, record.version)
        number = self._latest_number(prefix)
        for _attempt in range(MAX_RACE_ATTEMPTS):
            number += 1
            now = self.clock()
            reading = Reading(
                dossier_id=record.dossier_id,
                doc_id=record.doc_id,
                version=record.version,
                number=number,
                why=why,
                read_at=now,
                read_by=actor,
                doc_type=meta.doc_type,
                document_date=meta.document_date,
                effective_at=effective_at(
                    meta.model_copy(update={"registered_date": record.registered_date}),
                    record.ingested_at,
                ),
                parse_status=meta.parse_status,
                parse_error=meta.parse_error,
                parser_version=meta.parser_version,
                media_type=meta.media_type,
                fields=meta.fields,
            )
            if self.backend.create(numbered(prefix, number), reading.model_dump_json().encode()):
                self.audit.append(
                    actor,
                    "document.version.reread",
                    f"document:{record.dossier_id}/{record.doc_id}",
                    {
                        "version": record.version,
                        "reading": number,
                        "why": why,
                        "parser_version": meta.parser_version,
                        "parse_status": meta.parse_status,
                    },
                )
                return reading
        raise StoreError(f"could not add a reading of {record.dossier_id}/{record.doc_id}")

    def readings(self, record: DocumentVersion) -> list[Reading]:
        keys = self.backend.list(readings_prefix(record.dossier_id, record.doc_id, record.version))
        return [Reading.model_validate_json(d) for _k, d in self.backend.read_many(keys) if d]

    def effective(self, record: DocumentVersion) -> DocumentVersion:
        """The record as navolg now reads it: the newest reading applied, if there is one."""
        readings = self.readings(record)
        if not readings:
            return record
        newest = readings[-1]
        return record.model_copy(
            update={
                "doc_type": newest.doc_type,
                "document_date": newest.document_date,
                "effective_at": newest.effective_at,
                "parse_status": newest.parse_status,
                "parse_error": newest.parse_error,
                "parser_version": newest.parser_version,
                "media_type": newest.media_type or record.media_type,
                "fields": newest.fields,
            }
        )

    # --- helpers ---------------------------------------------------------------------------

    def _require_dossier(self, dossier_id: str) -> None:
        if not self._latest_number(dossier_record_prefix(dossier_id)):
            raise NotFound(f"unknown dossier {dossier_id!r}")

    def _latest_number(self, prefix: str) -> int:
        last = 0
        for key in self.backend.list(prefix):
            last = max(last, number_of(key))
        return last


def version_tuple(version: str) -> tuple[int, ...]:
    """'1.10.0' sorts after '1.9.2'; non-numeric parts count as 0."""
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def _end_of(when: datetime | date) -> datetime:
    """A bare date means the whole of that day (UTC); a datetime must carry a zone."""
    if isinstance(when, datetime):
        if when.tzinfo is None:
            raise StoreError("as-of time needs a time zone (UTC expected)")
        return when.astimezone(UTC)
    return datetime.combine(when, time.max, tzinfo=UTC)
