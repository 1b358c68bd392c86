"""What every request needs, built once by create_app and passed to routes (no globals)."""

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from api.settings import Settings
from ingest.jobs import run_job, warm_up
from ingest.pipeline import IngestOptions
from ingest.workers import IdlePools
from search.backend import SearchIndex
from store.access import AccessRecords
from store.records import Store


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

    def now(self) -> datetime:
        return utc_now() if self.clock is utc_now else self.clock()  # type: ignore[operator]
