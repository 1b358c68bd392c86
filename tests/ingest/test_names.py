"""Odd file names become safe, stable ids; the store accepts every id made here."""

import pytest

from ingest.names import child_doc_id, printable, safe_doc_id, safe_dossier_id
from store.errors import InvalidId
from store.keys import check_doc_id

RAW_BAD_UTF8 = b"rapport-\xe9t\xe9.pdf".decode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    ("segments", "expected"),
    [
        (["brieven", "brief 1.pdf"], "brieven/brief 1.pdf"),
        (["line\nbreak.txt"], "line%0Abreak.txt"),
        (["tab\tand\x7fdel"], "tab%09and%7Fdel"),
        (["back\\slash.doc"], "back%5Cslash.doc"),
        (["100%.txt"], "100%25.txt"),
        ([RAW_BAD_UTF8], "rapport-%E9t%E9.pdf"),
        (["..", "x"], "%2E%2E/x"),
        (["é", "ü.pdf"], "é/ü.pdf"),
    ],
)
def test_safe_doc_id(segments: list[str], expected: str) -> None:
    doc_id = safe_doc_id(segments)
    assert doc_id == expected
    assert check_doc_id(doc_id) == doc_id
    assert safe_doc_id(segments) == doc_id  # stable


def test_ids_that_cannot_be_made_safe_are_refused() -> None:
    with pytest.raises(InvalidId, match="too long"):
        safe_doc_id(["a" * 500])
    with pytest.raises(InvalidId):
        safe_dossier_id("...")


def test_dossier_ids_and_children() -> None:
    assert safe_dossier_id("GRN-2021-00042") == "GRN-2021-00042"
    assert safe_dossier_id("dossier van Jan (2)") == "dossier_van_Jan__2_"
    assert child_doc_id("mail/bericht.eml", "bijlage 1.pdf") == "mail/bericht.eml/bijlage 1.pdf"
    assert child_doc_id("a.zip", "../../etc/passwd") == "a.zip/%2E%2E/%2E%2E/etc/passwd"
    assert printable(RAW_BAD_UTF8) == "rapport-\\xe9t\\xe9.pdf"
