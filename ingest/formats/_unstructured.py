"""The only door to unstructured: offline set-up first, then its elements as our models."""

from collections.abc import Iterable
from typing import Any

from ingest.formats._offline import apply
from store.parsed import Element


def to_elements(found: Iterable[Any], page: int | None = None) -> list[Element]:
    """unstructured elements → ours; `page` overrides (PDF pages are known to us)."""
    result = []
    for element in found:
        text = str(element).strip()
        if not text:
            continue
        number = page if page is not None else getattr(element.metadata, "page_number", None)
        result.append(Element(kind=element.category, text=text, page=number))
    return result


def partition_text(text: str, page: int | None = None, grouped: bool = False) -> list[Element]:
    """`grouped`: the text is already one paragraph per line; do not let unstructured regroup."""
    apply()
    from unstructured.partition.text import partition_text as partition  # noqa: PLC0415

    grouper: dict[str, Any] = {"paragraph_grouper": False} if grouped else {}
    return to_elements(partition(text=text, languages=["nld"], **grouper), page)


def partition_pages(pages: list[tuple[int, str]]) -> list[Element]:
    """Pages of one-paragraph-per-line text (PDF text layers, ODT) in one partition call.

    unstructured's per-call cost (telemetry, metadata and chunking wrappers, argument
    introspection) was paid once per page; one call per document pays it once. With
    `paragraph_grouper=False` unstructured makes at most one element per non-blank line, in
    order, and an element's text is its line (bullets cleaned), so each element is matched to
    the first line at or after the previous match that contains it, and takes that line's page.
    Should that ever fail (a future unstructured that regroups lines), the pages are partitioned
    one by one as before: slower, never wrong. tests/formats/test_pdf.py keeps the two equal.
    """
    lines = [(number, line.strip()) for number, text in pages for line in text.split("\n")]
    lines = [(number, line) for number, line in lines if line]
    if not lines:
        return []
    apply()
    from unstructured.partition.text import partition_text as partition  # noqa: PLC0415

    found = to_elements(
        partition(text="\n".join(line for _, line in lines), languages=["nld"],
                  paragraph_grouper=False)
    )  # fmt: skip
    placed = _place(found, lines)
    if placed is not None:
        return placed
    return [e for number, text in pages for e in partition_text(text, number, grouped=True)]


def _place(found: list[Element], lines: list[tuple[int, str]]) -> list[Element] | None:
    """Each element's page from the line it came from; None when an element matches no line."""
    placed = []
    at = 0
    for element in found:
        while at < len(lines) and element.text not in lines[at][1]:
            at += 1
        if at == len(lines):
            return None
        placed.append(element.model_copy(update={"page": lines[at][0]}))
        at += 1
    return placed


def partition_html(html: str) -> list[Element]:
    apply()
    from unstructured.partition.html import partition_html as partition  # noqa: PLC0415

    return to_elements(partition(text=html, languages=["nld"]))


def partition_docx(data: bytes) -> list[Element]:
    apply()
    import io  # noqa: PLC0415

    from unstructured.partition.docx import partition_docx as partition  # noqa: PLC0415

    return to_elements(partition(file=io.BytesIO(data), languages=["nld"]))


def partition_email(data: bytes) -> list[Element]:
    apply()
    import io  # noqa: PLC0415

    from unstructured.partition.email import partition_email as partition  # noqa: PLC0415

    return to_elements(
        partition(file=io.BytesIO(data), process_attachments=False, languages=["nld"])
    )


def partition_msg(data: bytes) -> list[Element]:
    apply()
    import io  # noqa: PLC0415

    from unstructured.partition.msg import partition_msg as partition  # noqa: PLC0415

    return to_elements(
        partition(file=io.BytesIO(data), process_attachments=False, languages=["nld"])
    )
