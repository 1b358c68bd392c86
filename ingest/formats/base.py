"""What every format handler returns, the limits it works within, and the handler protocol."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, Field

from store.parsed import ChildRef, Element, OcrInfo, Page, ParseResult, ParseStatus

MiB = 1 << 20


class Limits(BaseModel):
    """Safety limits for hostile input; all configurable, all with safe defaults."""

    max_expanded_bytes: int = Field(
        default=512 * MiB, description="total bytes taken out of one archive or e-mail"
    )
    max_entries: int = Field(default=10_000, description="entries per archive or e-mail")
    max_ratio: int = Field(default=200, description="expanded/compressed size of one zip entry")
    max_depth: int = Field(
        default=5, description="nesting of attachments and archives (enforced by the pipeline)"
    )
    max_pages: int = Field(default=2_000, description="pages read per document")
    ocr_language: str = Field(default="nld", description="Tesseract language for scans")
    ocr_dpi: int = Field(default=200, description="resolution scanned PDF pages are rendered at")
    ocr_min_chars: int = Field(
        default=25, description="a PDF page with an image and less text than this is OCR'd"
    )


class Child(BaseModel):
    """An attachment or archive entry, returned to the pipeline to ingest as its own document."""

    name: str = Field(description="safe name inside the parent")
    raw_name: str | None = Field(default=None, description="the name as given, if it differed")
    data: bytes


class Parsed(BaseModel):
    """A ParseResult without the parts only the pipeline knows (hash, stored children)."""

    media_type: str
    parser: str
    status: ParseStatus
    reason: str | None = None
    pages: list[Page] = Field(default_factory=list)
    elements: list[Element] = Field(default_factory=list)
    ocr: OcrInfo | None = None
    children: list[Child] = Field(default_factory=list)

    def to_result(self, sha256: str, children: list[ChildRef]) -> ParseResult:
        from ingest.formats.version import PARSER_VERSION  # noqa: PLC0415

        return ParseResult(
            sha256=sha256,
            parser_version=PARSER_VERSION,
            parser=self.parser,
            media_type=self.media_type,
            status=self.status,
            reason=self.reason,
            pages=self.pages,
            elements=self.elements,
            ocr=self.ocr,
            children=children,
        )


ParseFn = Callable[[bytes, str, Limits], Parsed]


class Handler(Protocol):
    """One format: the media types and extensions it reads, and how.

    `uses_unstructured` tells the registry to set up unstructured offline before calling it.
    """

    @property
    def name(self) -> str: ...
    @property
    def media_types(self) -> frozenset[str]: ...
    @property
    def extensions(self) -> frozenset[str]: ...
    @property
    def uses_unstructured(self) -> bool: ...

    def parse(self, data: bytes, filename: str, limits: Limits) -> Parsed: ...


@dataclass(frozen=True)
class FormatHandler:
    """The plain Handler every format module declares."""

    name: str
    media_types: frozenset[str]
    extensions: frozenset[str]
    parse_fn: ParseFn
    uses_unstructured: bool = True

    def parse(self, data: bytes, filename: str, limits: Limits) -> Parsed:
        return self.parse_fn(data, filename, limits)


def failed(media_type: str, parser: str, reason: str) -> Parsed:
    return Parsed(media_type=media_type, parser=parser, status="failed", reason=reason)


def from_elements(media_type: str, parser: str, elements: list[Element]) -> Parsed:
    """Pages from elements (elements without a page go on page 1); no text means 'empty'."""
    by_page: dict[int, list[str]] = {}
    for element in elements:
        by_page.setdefault(element.page or 1, []).append(element.text)
    if not by_page:
        by_page[1] = []
    last = max(by_page)
    pages = [Page(number=n, text="\n\n".join(by_page.get(n, []))) for n in range(1, last + 1)]
    numbered = [e if e.page else e.model_copy(update={"page": 1}) for e in elements]
    if any(p.text.strip() for p in pages):
        return Parsed(
            media_type=media_type, parser=parser, status="parsed", pages=pages, elements=numbered
        )
    return Parsed(
        media_type=media_type,
        parser=parser,
        status="empty",
        reason="The document contains no text.",
        pages=pages,
        elements=numbered,
    )
