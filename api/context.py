"""What every request needs, built once by create_app and passed to routes (no globals)."""

import asyncio
import functools
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ParamSpec, TypeVar

from api.settings import Settings
from ingest.jobs import run_job, warm_up
from ingest.pipeline import IngestOptions
from ingest.workers import IdlePools
from search.backend import SearchIndex
from store.access import AccessRecords
from store.records import Store

P = ParamSpec("P")
T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppContext:
    settings: Settings
    store: Store
    index: SearchIndex
    access: AccessRecords
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    # Uploads parse in workers started once and kept (a fresh one cost ~2 s of CPU per upload).
    parse_pools: IdlePools = field(
        default_factory=lambda: IdlePools(run_job, 1, IngestOptions().file_timeout_s, warm_up)
    )
    clock: object = utc_now
    # Blocking work of the async hot routes (settings.search_threads at once). Plain asyncio
    # hand-off: Starlette's run_in_threadpool (anyio) cost ~14% of a search request's CPU.
    threads: ThreadPoolExecutor = field(init=False)

    def __post_init__(self) -> None:
        self.threads = ThreadPoolExecutor(
            self.settings.search_threads, thread_name_prefix="navolg-request"
        )

    async def in_thread(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn` in a request thread, so the event loop keeps serving while it blocks."""
        call = functools.partial(fn, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self.threads, call)

    def now(self) -> datetime:
        return utc_now() if self.clock is utc_now else self.clock()  # type: ignore[operator]
