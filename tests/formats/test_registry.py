"""The one entry point: handler choice by real type, and bad input as results, not exceptions."""

import pytest

from ingest.formats import HANDLERS, PARSER_VERSION, Handler, Limits, Parsed, handler_for, parse
from ingest.formats.registry import _guarded
from store.parsed import ChildRef
from tests.formats.samples import docx_bytes, pdf_bytes, zip_bytes


def test_every_format_module_has_a_handler() -> None:
    names = {h.name for h in HANDLERS}
    assert names == {"pdf", "image", "docx", "odt", "html", "text", "eml", "msg", "zip"}
    for handler in HANDLERS:
        assert handler.media_types and all(e.startswith(".") for e in handler.extensions)


def test_wrong_extension_is_read_by_its_real_type() -> None:
    parsed = parse(
        pdf_bytes(["Ik ben een PDF met de naam van een Word-bestand."]), "x.docx", Limits()
    )
    assert parsed.media_type == "application/pdf" and "naam van een Word" in parsed.pages[0].text
    word = parse(docx_bytes([["Ik ben Word met de naam van een PDF."]]), "x.pdf", Limits())
    assert word.media_type.endswith("wordprocessingml.document") and word.status == "parsed"


def test_extension_decides_only_where_the_bytes_say_little() -> None:
    assert handler_for("text/plain", "bericht.eml") is not None
    assert getattr(handler_for("text/plain", "bericht.eml"), "name", "") == "eml"
    assert getattr(handler_for("text/plain", "brief.pdf"), "name", "") == "text"
    assert getattr(handler_for("application/octet-stream", "a.pdf"), "name", "") == "pdf"
    assert handler_for("application/x-ole-storage", "oud.doc") is None


@pytest.mark.parametrize(
    ("name", "data", "status", "reason"),
    [
        ("leeg.pdf", b"", "empty", "The file is empty (0 bytes)."),
        ("oud.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "not_parsed", "format"),
        ("data.bin", bytes(range(256)) * 8, "not_parsed", "not supported"),
        ("kapot.pdf", pdf_bytes(["afgebroken"])[:300], "failed", "damaged"),
        ("kapot.zip", b"PK\x03\x04" + b"\0" * 40, "failed", "damaged"),
        ("kapot.docx", zip_bytes({"word/document.xml": b"<w:document"}), "failed", ""),
    ],
)
def test_bad_input_gets_a_reason_not_an_exception(
    name: str, data: bytes, status: str, reason: str
) -> None:
    parsed = parse(data, name, Limits())
    assert parsed.status == status and parsed.reason is not None and reason in parsed.reason
    if status == "not_parsed":
        assert "not supported" in parsed.reason and parsed.media_type in parsed.reason


class _Broken:
    name = "broken"
    media_types = frozenset({"application/x-broken"})
    extensions = frozenset({".broken"})
    uses_unstructured = False

    def parse(self, data: bytes, filename: str, limits: Limits) -> Parsed:
        raise KeyError("unexpected")


def test_an_unexpected_error_is_recorded_not_raised() -> None:
    handler: Handler = _Broken()
    parsed = _guarded(handler, b"x", "a.broken", Limits(), "application/x-broken")
    assert parsed.status == "failed" and "KeyError" in (parsed.reason or "")


def test_to_result_makes_the_stored_parse_result() -> None:
    parsed = parse(zip_bytes({"a.txt": b"tekst"}), "a.zip", Limits())
    ref = ChildRef(name="a.txt", sha256="0" * 64, size=5)
    result = parsed.to_result("f" * 64, [ref])
    assert result.parser_version == PARSER_VERSION and result.children == [ref]
    assert (result.status, result.media_type, result.text) == ("parsed", "application/zip", "a.txt")
