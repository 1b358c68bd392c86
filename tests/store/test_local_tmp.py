"""The local backend's sweep of stale temp files at open, beside live writers."""

import os
import time
from pathlib import Path

import pytest

from store.keys import TMP
from store.local import STALE_TMP_SECONDS, LocalBackend


def test_sweep_drops_only_stale_temp_files(tmp_path: Path) -> None:
    LocalBackend(tmp_path)
    old, fresh = tmp_path / TMP / "old", tmp_path / TMP / "fresh"
    old.write_bytes(b"killed mid-write")
    fresh.write_bytes(b"being written")
    then = time.time() - STALE_TMP_SECONDS - 60
    os.utime(old, (then, then))
    LocalBackend(tmp_path)
    assert not old.exists()
    assert fresh.exists()


def test_temp_file_published_during_the_sweep_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process links and removes its temp file between our listing and our stat
    (CI saw a second writer fail to open the store this way). The race is staged: the file is
    removed just before the sweep stats it."""
    LocalBackend(tmp_path)
    gone = tmp_path / TMP / "published-meanwhile"
    gone.write_bytes(b"x")
    real_iterdir = Path.iterdir

    def iterdir_then_publish(self: Path):  # type: ignore[no-untyped-def]
        entries = list(real_iterdir(self))
        gone.unlink()
        return iter(entries)

    monkeypatch.setattr(Path, "iterdir", iterdir_then_publish)
    backend = LocalBackend(tmp_path)
    assert backend.create("dossiers/d1/x.json", b"{}")
