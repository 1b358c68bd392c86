"""Pydantic models of what the store records; every timestamp is UTC, ISO 8601."""

from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from store.fields import DocumentFields

GENESIS_HASH = "0" * 64


def utc(dt: datetime) -> datetime:
    """Normalise an aware datetime to UTC; naive datetimes are refused by the models."""
    return dt.astimezone(UTC)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Address(Frozen):
    postcode: str | None = None
    huisnummer: str | None = None
    toevoeging: str | None = None
    straat: str | None = None
    woonplaats: str | None = None
    bag_id: str | None = Field(default=None, description="16-digit BAG id")


class Dossier(Frozen):
    """Facts about one dossier (one address); each change is a new numbered record."""

    dossier_id: str
    version: int = 1
    address: Address | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    recorded_at: AwareDatetime
    recorded_by: str

    _utc = field_validator("recorded_at")(utc)


class BlobRef(Frozen):
    """Where an original lives: content-addressed by its SHA-256."""

    sha256: str
    size: int


class DocRef(Frozen):
    dossier_id: str
    doc_id: str
    version: int | None = None


class VersionMeta(BaseModel):
    """What the caller (ingest) knows about a version; the store adds number, time and actor."""

    model_config = ConfigDict(extra="forbid")

    media_type: str = "application/octet-stream"
    original_filename: str | None = None
    source: str | None = None
    parent: DocRef | None = None
    doc_type: str | None = None
    document_date: date | None = None
    registered_date: date | None = Field(
        default=None, description="date given by a manifest, e.g. when the agency registered it"
    )
    parse_status: str | None = None
    parse_error: str | None = None
    parser_version: str | None = None
    fields: DocumentFields = Field(default_factory=DocumentFields)


class DocumentVersion(Frozen):
    """One version record: create-only at dossiers/<id>/docs/<doc-key>/v<NNNNNN>.json."""

    dossier_id: str
    doc_id: str
    version: int
    sha256: str
    size: int
    media_type: str
    original_filename: str | None = None
    source: str | None = None
    ingested_at: AwareDatetime
    ingested_by: str
    parent: DocRef | None = None
    doc_type: str | None = None
    document_date: date | None = None
    registered_date: date | None = None
    effective_at: AwareDatetime = Field(
        description="document date, else manifest date (midnight UTC), else ingest time"
    )
    parse_status: str | None = None
    parse_error: str | None = None
    parser_version: str | None = None
    fields: DocumentFields = Field(default_factory=DocumentFields)

    _utc = field_validator("ingested_at", "effective_at")(utc)


class Reading(Frozen):
    """A later reading of a version (retried or newer parser): derived, beside the record.

    The version record stays as written; consumers show `Store.effective(record)`, which
    applies the newest reading, and can always show both.
    """

    dossier_id: str
    doc_id: str
    version: int
    number: int
    why: str = Field(description="'retry-failed' or 'reparse'")
    read_at: AwareDatetime
    read_by: str
    doc_type: str | None = None
    document_date: date | None = None
    effective_at: AwareDatetime
    parse_status: str | None = None
    parse_error: str | None = None
    parser_version: str | None = None
    media_type: str | None = None
    fields: DocumentFields = Field(default_factory=DocumentFields)

    _utc = field_validator("read_at", "effective_at")(utc)


def effective_at(meta: VersionMeta, ingested_at: datetime) -> datetime:
    """DESIGN.md: the document's own date, else the manifest's, else the ingest time."""
    day = meta.document_date or meta.registered_date
    if day is None:
        return ingested_at
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


class AuditEvent(Frozen):
    """One link of the hash chain: hash = SHA-256 of the canonical JSON without 'hash'."""

    seq: int
    time: AwareDatetime
    actor: str
    action: str
    target: str
    details: dict[str, Any] = Field(default_factory=dict)
    prev_hash: str
    hash: str

    _utc = field_validator("time")(utc)
