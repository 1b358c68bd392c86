"""Parse results: the text of an original, page by page, derived and cached by content hash.

Stored at parsed/<sha256>/<parser-version>.json. A parse result depends only on the bytes and
the parser version, so re-ingesting unchanged bytes reuses it, and a newer parser adds a new
result beside the old one (nothing is overwritten).
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ParseStatus = Literal["parsed", "empty", "needs_ocr", "failed", "not_parsed"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Element(_Model):
    """One unstructured element (Title, NarrativeText, ListItem, Table, …) with its page."""

    kind: str
    text: str
    page: int | None = None


class Page(_Model):
    number: int = Field(ge=1)
    text: str
    ocr: bool = False


class OcrInfo(_Model):
    engine: str = Field(description="e.g. 'tesseract'")
    version: str
    language: str = Field(description="e.g. 'nld'")
    pages: list[int] = Field(default_factory=list, description="pages read by OCR")


class ChildRef(_Model):
    """An attachment or archive entry, stored as its own document (its bytes are a blob)."""

    name: str = Field(description="its name inside the parent, made safe")
    sha256: str
    size: int
    raw_name: str | None = Field(default=None, description="the name as given, if it differed")


class ParseResult(_Model):
    sha256: str
    parser_version: str
    parser: str = Field(description="handler that read it, e.g. 'pdf/pypdfium2+unstructured'")
    media_type: str = Field(description="detected from the bytes, not from the name")
    status: ParseStatus
    reason: str | None = Field(default=None, description="why not parsed, for a person")
    pages: list[Page] = Field(default_factory=list)
    elements: list[Element] = Field(default_factory=list)
    ocr: OcrInfo | None = None
    children: list[ChildRef] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)
