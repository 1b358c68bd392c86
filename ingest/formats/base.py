"""What every format handler returns, and the limits it works within."""

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, Field

from store.parsed import ChildRef, Element, OcrInfo, Page, ParseResult, ParseStatus

MiB = 1 << 20


class Limits(BaseModel):
    """Safety limits for hostile input; all configurable, all with safe defaults."""

    max_expanded_bytes: int = Field(default=512 * MiB, description="total bytes out of an archive")
    max_entries: int = Field(default=10_000, description="entries per archive or attachments")
    max_ratio: int = Field(default=200, description="expanded/compressed size per entry")
    max_depth: int = Field(default=5, description="nesting of attachments and archives")
    max_pages: int = Field(default=2_000, description="pages read per document")
    ocr_language: str = "nld"
    ocr_dpi: int = 200
    ocr_min_chars: int = Field(default=25, description="a PDF page with less text is OCR'd")


class Child(BaseModel):
    """An attachment or archive entry, returned to the pipeline to ingest as its own document."""

    name: str
    raw_name: str | None = None
    data: bytes


class Parsed(BaseModel):
    media_type: str
    parser: str
    status: ParseStatus
    reason: str | None = None
    pages: list[Page] = Field(default_factory=list)
    elements: list[Element] = Field(default_factory=list)
    ocr: OcrInfo | None = None
    children: list[Child] = Field(default_factory=list)

    def to_result(self, sha256: str, children: list[ChildRef]) -> ParseResult:
        from ingest.formats import PARSER_VERSION  # noqa: PLC0415 — avoid an import cycle

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


@dataclass(frozen=True)
class Handler:
    """One format: the media types and extensions it reads, and how."""

    name: str
    media_types: frozenset[str]
    extensions: frozenset[str]
    parse: ParseFn


def failed(media_type: str, parser: str, reason: str) -> Parsed:
    return Parsed(media_type=media_type, parser=parser, status="failed", reason=reason)


def from_elements(media_type: str, parser: str, elements: list[Element]) -> Parsed:
    """Pages from elements (elements without a page go on page 1)."""
    by_page: dict[int, list[str]] = {}
    for element in elements:
        by_page.setdefault(element.page or 1, []).append(element.text)
    pages = [Page(number=n, text="\n\n".join(texts)) for n, texts in sorted(by_page.items())]
    status: ParseStatus = "parsed" if any(p.text.strip() for p in pages) else "empty"
    reason = None if status == "parsed" else "no text found in the document"
    return Parsed(
        media_type=media_type, parser=parser, status=status, reason=reason, pages=pages,
        elements=elements,
    )  # fmt: skip


def entry_name(raw: str, fallback: str = "bijlage") -> str:
    """An attachment's or archive entry's name made safe: no drive, no root, no '..'."""
    path = raw.replace("\\", "/")
    if len(path) >= 2 and path[1] == ":":
        path = path[2:]
    parts = [p for p in path.split("/") if p not in ("", ".", "..")]
    return "/".join(parts) or fallback


class ChildNames:
    """Unique names among one parent's children ('brief.pdf', 'brief (2).pdf', …)."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def make(self, raw: str | None, fallback: str) -> tuple[str, str | None]:
        name = entry_name(raw or "", fallback)
        stem, dot, ext = name.rpartition(".")
        candidate, n = name, 1
        while candidate in self._seen:
            n += 1
            candidate = f"{stem} ({n}).{ext}" if dot and stem else f"{name} ({n})"
        self._seen.add(candidate)
        return candidate, (raw if raw != candidate else None)
