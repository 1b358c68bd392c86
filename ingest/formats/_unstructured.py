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
