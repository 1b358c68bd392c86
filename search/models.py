"""The backend-neutral query and result models."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Sort = Literal["relevance", "date"]
FACETS = ("doc_type", "verdict", "components", "firm", "year")


class Filters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dossier_ids: list[str] = Field(default_factory=list)
    doc_types: list[str] = Field(default_factory=list)
    verdicts: list[str] = Field(default_factory=list)
    components: list[str] = Field(default_factory=list)
    materials: list[str] = Field(default_factory=list)
    firms: list[str] = Field(default_factory=list)
    postcodes: list[str] = Field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    ingested_from: dt.datetime | None = None
    ingested_to: dt.datetime | None = None


class SearchQuery(BaseModel):
    """What a user asks: free text with the usual syntax, filters, and which versions."""

    model_config = ConfigDict(extra="forbid")

    text: str = ""
    filters: Filters = Field(default_factory=Filters)
    as_of: dt.date | None = Field(default=None, description="per document, the version then")
    all_versions: bool = False
    sort: Sort = "relevance"
    limit: int = Field(default=10, ge=1, le=1000)
    after: str | None = Field(default=None, description="cursor from the previous page")
    facets: bool = True


class Snippet(BaseModel):
    page: int | None
    html: str


class Hit(BaseModel):
    id: str
    dossier_id: str
    doc_id: str
    version: int
    doc_type: str | None
    doc_date: dt.date | None
    score: float
    verdict: str | None = None
    current: bool = True
    address: str | None = None
    snippets: list[Snippet] = Field(default_factory=list)


class SearchResults(BaseModel):
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = Field(default_factory=dict)
    next: str | None = Field(default=None, description="cursor for the next page, if any")
