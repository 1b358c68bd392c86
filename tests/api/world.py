"""One small world on the real services for the API tests that need it (matrix, hostile uploads):
a store in a fresh SeaweedFS bucket, an OpenSearch index under the bucket's name, users of every
role with tokens, and the app in a TestClient. Built once per module (it costs seconds)."""

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.context import AppContext
from api.settings import Settings
from search.indexer import Indexer
from search.opensearch import OpenSearchIndex
from store.access import AccessRecords
from store.audit import AuditFilter
from store.checkpoint import generate_key
from store.factory import open_store
from store.models import AuditEvent
from store.records import Store
from tests.conftest import OPENSEARCH_URL, S3_ENDPOINT, drop_bucket, s3_client


@dataclass
class World:
    client: TestClient
    store: Store
    access: AccessRecords
    ctx: AppContext
    seen: int = 0  # the audit log's last seq read by new_events
    tokens: dict[str, str] = field(default_factory=dict)

    def new_events(self) -> list[AuditEvent]:
        """Events written since the last call: read from the cursor, never the whole log."""
        events = list(self.store.audit.events(AuditFilter(after_seq=self.seen)))
        if events:
            self.seen = events[-1].seq
        return events


@contextmanager
def real_world(tmp: Path, max_upload_mb: int = 16) -> Iterator[tuple[World, OpenSearchIndex]]:
    """The app on SeaweedFS and OpenSearch; index and bucket are dropped afterwards. The caller
    plants documents, then calls `Indexer(world.store, index).reindex()`."""
    bucket = f"navolg-test-{uuid.uuid4().hex[:12]}"
    url = f"s3://{bucket}?endpoint={S3_ENDPOINT}"
    store = open_store(url)
    index = OpenSearchIndex.from_url(f"opensearch+{OPENSEARCH_URL}?prefix={bucket}")
    key = tmp / "signing.pem"
    generate_key(key)
    settings = Settings(store=url, max_upload_mb=max_upload_mb, signing_key=key)
    app = create_app(settings, store, index)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield World(client, store, AccessRecords(store), app.state.ctx), index
    finally:
        index.drop()
        drop_bucket(s3_client(), bucket)


def reindex(world: World, index: OpenSearchIndex) -> None:
    Indexer(world.store, index).reindex()
    world.new_events()  # setup events are not what the tests look at


NOW = dt.datetime.now(dt.UTC)
