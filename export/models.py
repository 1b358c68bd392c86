"""What an export says about itself, and what verifying one reports."""

import hashlib

from pydantic import BaseModel, Field

from store.canonical import canonical_json


class DocumentEntry(BaseModel):
    doc_id: str
    version: int
    sha256: str
    size: int
    folder: str = Field(description="its folder under data/")
    original: str = Field(description="path of the original under data/")
    doc_type: str | None = None
    document_date: str | None = None
    effective_at: str
    verdict: str | None = None
    parse_status: str | None = None


class Descriptor(BaseModel):
    """data/export.json: the map of every content file to its SHA-256, and where the proof is.

    The export event in the audit log carries `content_sha256` = SHA-256 of the canonical JSON
    of `content`; that event is proven against the signed checkpoint, so the content is too.
    """

    format: str
    dossier_id: str
    as_of: str | None = None
    exported_at: str
    exported_by: str
    export_event_seq: int
    trace: bool = Field(description="whether the trace (JSON and PROV-JSON) is included")
    documents: list[DocumentEntry]
    events: list[int] = Field(description="sequence numbers of the dossier's events included")
    content: dict[str, str] = Field(description="path under data/ → SHA-256 hex")


def content_digest(content: dict[str, str]) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


class EventProof(BaseModel):
    leaf_index: int
    path: list[str] = Field(description="RFC 6962 audit path, bottom-up, hex")


class Proofs(BaseModel):
    tree_size: int
    root_hash: str
    leaf: str = "SHA-256(0x00 || bytes of the event file)"
    proofs: dict[str, EventProof] = Field(description="event seq → inclusion proof")


class ExportSummary(BaseModel):
    path: str
    dossier_id: str
    documents: int
    versions: int
    events: int
    bytes: int
    checkpoint: int
    tree_size: int
    trace: bool


class Finding(BaseModel):
    """One thing wrong with an export: what (a file, an event, the checkpoint) and why."""

    what: str
    reason: str


class VerifyExportReport(BaseModel):
    ok: bool
    dossier_id: str | None = None
    documents: int = 0
    events: int = 0
    tree_size: int = 0
    key_id: str | None = None
    key_source: str = Field(default="", description="'given' (--public-key) or 'embedded'")
    trace: bool = False
    problems: list[Finding] = Field(default_factory=list)
