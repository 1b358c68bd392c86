"""Plain text in every common encoding."""

import pytest

from ingest.formats import Limits, parse
from ingest.formats.text import decode

TEXT = "Één brief over de topgevel, café en reünie."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode(), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        ((TEXT + " \u2013 \u201cquote\u201d").encode("cp1252"), "cp1252"),
        (TEXT.encode("latin-1"), "cp1252"),  # Latin-1 letters read the same in Windows-1252
        (TEXT.encode("utf-16"), "utf-16"),  # with BOM (little-endian here)
        (TEXT.encode("utf-16-be"), "utf-16-be"),  # no BOM: found from the zero bytes
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_every_common_encoding_reads_back(data: bytes, encoding: str) -> None:
    assert decode(data) == (decode(data)[0], encoding) and TEXT in decode(data)[0]
    parsed = parse(data, "brief.txt", Limits())
    assert parsed.status == "parsed" and TEXT in parsed.pages[0].text
    assert parsed.media_type.startswith("text/") and encoding in parsed.parser


def test_latin1_only_bytes_fall_back_to_latin1() -> None:
    assert decode(b"caf\xe9 \x81")[1] == "latin-1"  # 0x81 is undefined in Windows-1252


def test_newlines_are_normalised_and_whitespace_is_empty() -> None:
    parsed = parse(b"Eerste alinea.\r\n\r\nTweede alinea.\r", "brief.txt", Limits())
    assert "\r" not in parsed.pages[0].text and len(parsed.elements) == 2
    assert parse(b" \n\t\n", "leeg.txt", Limits()).status == "empty"
