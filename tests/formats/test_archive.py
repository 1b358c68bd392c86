"""Zips: entries as children, escaping and odd names made safe, bombs stopped unexpanded."""

import io
import struct
import tracemalloc
import zipfile

from ingest.formats import Limits, parse
from tests.formats.samples import zip_bomb, zip_bytes


def test_entries_are_children_with_safe_names() -> None:
    data = zip_bytes({
        "../../evil.txt": b"evil",
        "/etc/abs.txt": b"abs",
        "C:\\windows\\drive.txt": b"drive",
        "regel\nbreuk\x07.txt": b"odd",
        "map/./../brief.pdf": b"%PDF",
        "binnen.zip": zip_bytes({"a.txt": b"a"}),
    })  # fmt: skip
    parsed = parse(data, "a.zip", Limits())
    assert parsed.status == "parsed" and parsed.media_type == "application/zip"
    assert {c.name: c.raw_name for c in parsed.children} == {
        "evil.txt": "../../evil.txt",
        "etc/abs.txt": "/etc/abs.txt",
        "windows/drive.txt": "C:\\windows\\drive.txt",
        "regel_breuk_.txt": "regel\nbreuk\x07.txt",
        "map/brief.pdf": "map/./../brief.pdf",
        "binnen.zip": None,
    }
    nested = parse(parsed.children[-1].data, "binnen.zip", Limits())
    assert [c.name for c in nested.children] == ["a.txt"]


def test_names_without_the_utf8_flag() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("placeholder-1.txt", b"1")
        zf.writestr("placeholder-2.txt", b"2")
    raw = buffer.getvalue()
    # as macOS writes it: UTF-8 bytes, flag not set; as Windows writes it: OEM code page 850
    raw = raw.replace(b"placeholder-1.txt", "reünie-brief.txt".encode())
    raw = raw.replace(b"placeholder-2.txt", "reünie-brieff.txt".encode("cp850"))
    names = [c.name for c in parse(raw, "namen.zip", Limits()).children]
    assert names == ["reünie-brief.txt", "reünie-brieff.txt"]


def test_zip_bomb_is_refused_without_expanding_it() -> None:
    bomb = zip_bomb("bomb.bin", 200)
    data = zip_bytes({"ok.txt": b"gewoon bestand"})
    assert len(bomb) < 1_000_000
    tracemalloc.start()
    parsed = parse(bomb, "bomb.zip", Limits())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * (1 << 20)  # far below the 200 MiB the entry would expand to
    assert parsed.status == "failed" and parsed.children == []
    assert "looks like a zip bomb" in (parsed.reason or "")
    assert parse(data, "ok.zip", Limits()).status == "parsed"


def test_lying_sizes_are_stopped_at_the_declared_size() -> None:
    bomb = bytearray(zip_bomb("liar.bin", 20))
    # rewrite the declared uncompressed size (zip64 extra field, local and central) to 1000
    bomb = bytearray(bytes(bomb).replace(struct.pack("<Q", 20 << 20), struct.pack("<Q", 1000)))
    tracemalloc.start()
    parsed = parse(bytes(bomb), "liar.zip", Limits())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * (1 << 20)
    assert parsed.status == "failed" and parsed.children == []


def test_total_size_and_entry_count_limits() -> None:
    data = zip_bytes({f"f{i}.bin": bytes(range(256)) * 40 for i in range(5)})  # 10 KiB each
    parsed = parse(data, "groot.zip", Limits(max_expanded_bytes=25_000))
    assert parsed.status == "failed" and len(parsed.children) == 2
    assert "more than 25000 bytes" in (parsed.reason or "")
    many = parse(zip_bytes({f"f{i}.txt": b"x" for i in range(30)}), "m.zip", Limits(max_entries=10))
    assert many.status == "failed" and len(many.children) == 10
    assert "30 files, more than the limit of 10" in (many.reason or "")


def test_damaged_and_empty_zips() -> None:
    damaged = parse(b"PK\x03\x04" + b"\0" * 40, "kapot.zip", Limits())
    assert damaged.status == "failed" and "damaged" in (damaged.reason or "")
    assert parse(zip_bytes({}), "leeg.zip", Limits()).status == "empty"
