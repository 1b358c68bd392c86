"""Fields extracted from a document, each with the page and quote it came from.

They live in the version record (DESIGN.md, "Documents, versions, fields"): ingest fills them,
search indexes them, trace and the UI show them with their "why". The store only keeps them.
"""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["op_norm", "niet_op_norm"]
QUOTE_MAX = 300


class _Model(BaseModel):
    # extra="ignore": records written by a newer navolg stay readable by an older one.
    model_config = ConfigDict(frozen=True, extra="ignore")


class Source(_Model):
    """Where a value was read: 1-based page (None when the format has no pages) and a quote."""

    page: int | None = None
    quote: str = Field(default="", max_length=QUOTE_MAX)


class Found(_Model):
    """A value and why navolg believes it, e.g. component 'topgevel' on page 3."""

    value: str
    source: Source = Field(default_factory=Source)


class FoundDate(_Model):
    value: dt.date
    source: Source = Field(default_factory=Source)


class Measurement(_Model):
    """A named dimension, e.g. {name: 'gevelbreedte', value: 6.4, unit: 'm'}."""

    name: str
    value: float
    unit: str
    source: Source = Field(default_factory=Source)


class Reference(_Model):
    """A pointer to another document: its kenmerk and/or date, and its type when stated."""

    kenmerk: str | None = None
    date: dt.date | None = None
    doc_type: str | None = None
    source: Source = Field(default_factory=Source)


class DocumentFields(_Model):
    """Everything extracted from one version; absent means 'not stated', never 'unknown = no'."""

    doc_type: Found | None = Field(default=None, description="document type and why")
    document_date: FoundDate | None = None
    postcode: Found | None = Field(default=None, description="'9711 AB' (with the space)")
    huisnummer: Found | None = None
    toevoeging: Found | None = None
    kenmerk: Found | None = Field(default=None, description="the document's own reference")
    verdict: Found | None = Field(
        default=None, description="'op_norm' or 'niet_op_norm', only when the document states one"
    )
    firm: Found | None = Field(default=None, description="engineering firm (ingenieursbureau)")
    norm: Found | None = Field(default=None, description="e.g. 'NPR 9998:2020'")
    method: Found | None = Field(default=None, description="'NLTH' or 'NLPO' (or 'LS', 'NLPO')")
    components: list[Found] = Field(default_factory=list, description="lowercase Dutch nouns")
    materials: list[Found] = Field(default_factory=list)
    measurements: list[Measurement] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
