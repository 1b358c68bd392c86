"""The trace at its boundary: what CLI, API and UI show, as pydantic models (one JSON shape)."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Basis = Literal["kenmerk", "date", "inferred"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Said(_Model):
    """An explanation as a message code and its values (lineage/wording.py words it in Dutch
    or English); the plain-text `reason` beside it is its English wording."""

    code: str
    values: dict[str, str] = Field(default_factory=dict)


class VersionRef(_Model):
    """One version of one document."""

    doc_id: str
    version: int


class TimelineEntry(_Model):
    """A document version in the order of document date and ingest time."""

    doc_id: str
    version: int
    doc_type: str | None
    document_date: dt.date | None
    effective_at: dt.datetime
    ingested_at: dt.datetime
    ingested_by: str
    parent: str | None = None
    verdict: str | None = None
    current_at: list[VersionRef] = Field(
        default_factory=list, description="the decisions at whose date this version was current"
    )


class DecisionRef(_Model):
    doc_id: str
    version: int
    doc_type: str
    date: dt.date
    verdict: str
    kenmerk: str | None = None


class Evidence(_Model):
    """A report a decision rested on, in the version that existed on the decision date."""

    doc_id: str
    version: int
    doc_type: str
    date: dt.date | None
    kenmerk: str | None = None
    verdict: str | None = None
    inferred: bool = Field(description="true when no kenmerk or date in the text points to it")
    basis: Basis
    reason: str
    why: Said | None = Field(default=None, description="the reason as a message, for wording")


class Attached(_Model):
    """An objection, hearing, committee advice or counter-expert report about a decision."""

    doc_id: str
    version: int
    doc_type: str
    date: dt.date | None
    inferred: bool
    basis: Basis
    reason: str
    why: Said | None = Field(default=None, description="the reason as a message, for wording")


class FieldChange(_Model):
    """One difference in the extracted fields, e.g. gevelbreedte 6.40 m → 6.80 m."""

    field: str
    name: str | None = None
    old: str | None
    new: str | None
    old_page: int | None = None
    new_page: int | None = None
    summary: str


class Change(_Model):
    """A newer version, after the decision date, of a document the decision rested on."""

    doc_id: str
    role: str = Field(description="assessment, inspection, decision or attached")
    used_version: int
    new_version: int
    new_version_date: dt.date
    ingested_at: dt.datetime
    loud: bool = Field(description="the new version states a different verdict or measurements")
    reasons: list[str]
    fields: list[FieldChange] = Field(default_factory=list)


class Chain(_Model):
    decision: DecisionRef
    assessment: Evidence | None
    inspection: Evidence | None
    objections: list[Attached] = Field(default_factory=list)
    changed_after: list[Change] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    notes_said: list[Said] = Field(
        default_factory=list, description="the notes as messages, for wording"
    )


class Side(_Model):
    """One document's side of a discrepancy: where it says what (value None: not stated)."""

    doc_id: str
    version: int
    value: str | None
    page: int | None = None
    quote: str | None = None


class Discrepancy(_Model):
    field: Literal["dimension", "material", "missing_component"]
    name: str = Field(description="measurement, building element or component, e.g. gevelbreedte")
    inspection: Side
    assessment: Side
    resolved_in: VersionRef | None = Field(
        default=None, description="a later assessment version that agrees with the inspection"
    )


class Trace(_Model):
    dossier_id: str
    as_of: dt.date | None = None
    documents: list[VersionRef] = Field(
        default_factory=list, description="the version of each document in force (on as_of)"
    )
    timeline: list[TimelineEntry]
    verdicts: list[Chain]
    discrepancies: list[Discrepancy]


class HistoryEntry(_Model):
    version: int
    sha256: str
    size: int
    doc_type: str | None
    document_date: dt.date | None
    effective_at: dt.datetime
    ingested_at: dt.datetime
    ingested_by: str
    parse_status: str | None
    verdict: str | None
    changes: list[FieldChange] = Field(
        default_factory=list, description="field changes against the previous version"
    )


class History(_Model):
    dossier_id: str
    doc_id: str
    versions: list[HistoryEntry]


class Paragraph(_Model):
    page: int | None
    index: int = Field(description="0-based paragraph number within its page")
    text: str


class TextHunk(_Model):
    op: Literal["insert", "delete", "replace"]
    old: list[Paragraph]
    new: list[Paragraph]


class Diff(_Model):
    dossier_id: str
    doc_id: str
    old_version: int
    new_version: int
    text_available: bool
    unchanged_paragraphs: int
    furniture_left_out: int = Field(
        description="page numbers and running headers/footers (both versions), not compared"
    )
    text: list[TextHunk]
    fields: list[FieldChange]
