"""Child names: no escapes, no control characters, readable, unique."""

from ingest.formats.safenames import ChildNames, safe_name


def test_escapes_and_odd_characters_are_made_safe() -> None:
    assert safe_name("../../etc/passwd", "x") == "etc/passwd"
    assert safe_name("/abs/pad.txt", "x") == "abs/pad.txt"
    assert safe_name("C:\\Users\\a.txt", "x") == "Users/a.txt"
    assert safe_name("regel\nbreuk\t\x00.txt", "x") == "regel_breuk__.txt"
    assert safe_name("..", "bijlage-1") == "bijlage-1"
    assert safe_name("e\u0301e\u0301n.txt", "x") == "één.txt"  # macOS NFD → NFC
    assert safe_name("a" * 400 + ".pdf", "x") == "a" * 251 + ".pdf"


def test_bytes_that_were_not_utf8() -> None:
    raw = b"caf\xe9.txt".decode("utf-8", "surrogateescape")
    names = ChildNames()
    assert names.make(raw, "x") == ("café.txt", "caf\\xe9.txt")


def test_names_are_unique_within_a_parent() -> None:
    names = ChildNames()
    made = [names.make(n, "bijlage")[0] for n in ("brief.pdf", "brief.pdf", "../brief.pdf", None)]
    assert made == ["brief.pdf", "brief (2).pdf", "brief (3).pdf", "bijlage"]
