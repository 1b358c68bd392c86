"""Read and store the next few originals in a thread while the parent waits on the workers.

With two workers the parent is the bottleneck: for every file it reads the bytes, hashes them
and writes the blob (a durable create: the filesystem barrier waits on the disk) before a
worker can get the file. Those steps are I/O and hashing, which release the GIL, so one thread
can do them for the files next in the queue while the main thread hands out jobs and records
results.

Only the blob write moves: it is content-addressed and create-only, so writing it early, twice
or for a file the run never reaches changes nothing. The thread never reports anything: if it
fails, the main thread does the same step itself and handles the error exactly as before (the
file is stored or listed as not stored). At most `ahead` files' bytes are held at once.
"""

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import BinaryIO, Protocol

from store.models import BlobRef


class Prefetchable(Protocol):
    """What the prefetcher reads of and fills in on a queued file (ingest.pipeline.Work)."""

    size: int
    opener: Callable[[], BinaryIO] | None
    data: bytes | None
    blob: BlobRef | None


class Prefetcher:
    """Stores the originals of the next `ahead` queued files in one background thread."""

    def __init__(
        self, put_blob_bytes: Callable[[bytes], BlobRef], max_file_bytes: int, ahead: int = 4
    ) -> None:
        self._put = put_blob_bytes
        self._max = max_file_bytes
        self._ahead = ahead
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="navolg-prefetch")
        self._futures: dict[int, Future[tuple[bytes, BlobRef] | None]] = {}

    def __enter__(self) -> "Prefetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._futures.clear()

    def ahead(self, queue: Iterable[Prefetchable]) -> None:
        """Start on the next files of the queue (those not started yet)."""
        for work in islice(queue, self._ahead):
            key = id(work)
            if key in self._futures or work.data is not None or work.blob is not None:
                continue
            if work.opener is None or work.size > self._max:
                continue  # large files stream through put_blob in the main thread
            self._futures[key] = self._pool.submit(self._fetch, work.opener)

    def take(self, work: Prefetchable) -> None:
        """Before the main thread stores `work`: wait for its prefetch and fill in the result
        (nothing is filled in when it failed: the main thread then does it itself)."""
        future = self._futures.pop(id(work), None)
        if future is None:
            return
        try:
            result = future.result()
        except Exception:  # the main thread repeats the step and reports what goes wrong
            return
        if result is not None and work.data is None and work.blob is None:
            work.data, work.blob = result

    def _fetch(self, opener: Callable[[], BinaryIO]) -> tuple[bytes, BlobRef] | None:
        with opener() as stream:
            data = stream.read(self._max + 1)
        if len(data) > self._max:
            return None  # grew since it was listed: leave it to the main thread's checks
        return data, self._put(data)
