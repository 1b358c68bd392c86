"""The prefetch thread stores originals ahead of the main thread, and never hides a failure."""

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ingest.prefetch import Prefetcher
from store.factory import open_store
from store.models import BlobRef


@dataclass
class _Work:
    size: int
    opener: Callable[[], BinaryIO] | None
    data: bytes | None = None
    blob: BlobRef | None = None


def _work(data: bytes) -> _Work:
    return _Work(size=len(data), opener=lambda: io.BytesIO(data))


def test_prefetched_originals_are_stored_and_handed_over(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "store"))
    queue = [_work(f"brief {n}".encode()) for n in range(6)]
    with Prefetcher(store.put_blob_bytes, max_file_bytes=1000, ahead=4) as prefetch:
        prefetch.ahead(queue)
        for work in queue[:4]:
            prefetch.take(work)
            assert work.data is not None and work.blob is not None
            assert store.open_blob(work.blob.sha256).read() == work.data
        prefetch.take(queue[4])  # beyond the look-ahead: left to the main thread
        assert queue[4].data is None and queue[4].blob is None


def test_a_failed_or_oversized_prefetch_leaves_the_work_to_the_main_thread(
    tmp_path: Path,
) -> None:
    def refuse(data: bytes) -> BlobRef:
        raise OSError("disk full")

    failing, large = _work(b"brief"), _work(b"x" * 2000)
    with Prefetcher(refuse, max_file_bytes=1000) as prefetch:
        prefetch.ahead([failing, large])
        prefetch.take(failing)
        prefetch.take(large)
    assert failing.data is None and failing.blob is None
    assert large.data is None and large.blob is None
