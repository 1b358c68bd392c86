"""One conformance suite for ObjectBackend, run against the local folder and SeaweedFS."""

from pathlib import Path

import pytest

from store import InvalidId, NotFound
from store.backend import ObjectBackend


def test_create_is_create_only(backend: ObjectBackend) -> None:
    assert backend.create("a/b/one.json", b"first") is True
    assert backend.create("a/b/one.json", b"second") is False
    assert backend.read("a/b/one.json") == b"first"


def test_create_from_file_streams_and_is_create_only(
    backend: ObjectBackend, tmp_path: Path
) -> None:
    src = tmp_path / "big.bin"
    src.write_bytes(b"x" * (3 << 20))
    assert backend.create_from_file("blobs/big", src) is True
    src.write_bytes(b"other")
    assert backend.create_from_file("blobs/big", src) is False
    with backend.open("blobs/big") as stream:
        total = 0
        while chunk := stream.read(1 << 20):
            total += len(chunk)
    assert total == 3 << 20


def test_missing_objects_raise_not_found(backend: ObjectBackend) -> None:
    with pytest.raises(NotFound):
        backend.read("nope/missing.json")
    with pytest.raises(NotFound):
        backend.open("nope/missing.json")
    assert backend.exists("nope/missing.json") is False


def test_list_is_sorted_recursive_and_pages(backend: ObjectBackend) -> None:
    keys = [f"p/q/{i:04d}.json" for i in range(1203)] + ["p/r/x.json", "pz/other.json"]
    for key in reversed(keys):
        backend.create(key, b"{}")
    listed = list(backend.list("p/"))
    assert listed == sorted(k for k in keys if k.startswith("p/"))
    assert list(backend.list("p/q/", start_after="p/q/1200.json")) == [
        "p/q/1201.json",
        "p/q/1202.json",
    ]
    assert list(backend.list("missing/")) == []


def test_list_dirs(backend: ObjectBackend) -> None:
    for key in ["d/b/1", "d/a/1", "d/a/2", "d/c/x/1", "d/file"]:
        backend.create(key, b"")
    assert list(backend.list_dirs("d/")) == ["a", "b", "c"]
    assert list(backend.list_dirs("none/")) == []


def test_read_many_keeps_order_and_reports_missing(backend: ObjectBackend) -> None:
    for i in range(100):
        backend.create(f"m/{i:03d}", str(i).encode())
    keys = [f"m/{i:03d}" for i in range(100)] + ["m/none"]
    got = list(backend.read_many(keys))
    assert [k for k, _ in got] == keys
    assert got[42][1] == b"42"
    assert got[-1][1] is None


@pytest.mark.parametrize(
    "key",
    ["../escape", "a/../../etc/passwd", "/abs", "a//b", "a/./b", "nul\x00byte", "x" * 1001, ""],
)
def test_unsafe_keys_are_refused(backend: ObjectBackend, key: str) -> None:
    with pytest.raises(InvalidId):
        backend.create(key, b"evil")
    with pytest.raises(InvalidId):
        backend.read(key)
