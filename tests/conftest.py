"""Shared fixtures: every store test runs against a local folder and a real SeaweedFS.

S3 tests need scripts/services.sh to have started SeaweedFS (the test command does). If it is
not running they fail with a clear message: a skipped S3 test would prove nothing in CI.
"""

import os
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from ingest.pipeline import IngestOptions, Ingestor
from ingest.sample import generate, write
from store import AuditLog, Store, open_backend
from store.backend import ObjectBackend
from store.factory import open_store

# The sample corpus that tests/ingest/test_corpus.py scores and tests/lineage/test_corpus.py
# traces: ingested once per session (and kept on one xdist worker, see SHARED_FIXTURE_GROUPS).
SAMPLE_SEED, SAMPLE_DOSSIERS = 11, 30  # a seed the analysis was not developed on
S3_ENDPOINT = os.environ.get("NAVOLG_TEST_S3_ENDPOINT", "http://127.0.0.1:8333")
OPENSEARCH_URL = os.environ.get("NAVOLG_TEST_OPENSEARCH", "http://127.0.0.1:9200")
# SeaweedFS without identities accepts any key; boto3 just needs one to sign with.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "navolg-test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "navolg-test")


@dataclass
class StoreTarget:
    """A backend under test plus raw, out-of-band access used to simulate tampering."""

    kind: str
    url: str
    backend: ObjectBackend
    raw_client: Any = None
    bucket: str = ""
    root: Path | None = None

    def raw_put(self, key: str, data: bytes) -> None:
        if self.root is not None:
            path = self.root / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        else:
            self.raw_client.put_object(Bucket=self.bucket, Key=key, Body=data)

    def raw_delete(self, key: str) -> None:
        if self.root is not None:
            (self.root / key).unlink()
        else:
            self.raw_client.delete_object(Bucket=self.bucket, Key=key)


def s3_client() -> Any:
    return boto3.client(
        "s3",
        endpoint_url=S3_ENDPOINT,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
    )


def new_target(kind: str, tmp_path: Path) -> StoreTarget:
    if kind == "local":
        root = tmp_path / "store"
        return StoreTarget(kind, str(root), open_backend(str(root)), root=root)
    bucket = f"navolg-test-{uuid.uuid4().hex[:12]}"
    url = f"s3://{bucket}?endpoint={S3_ENDPOINT}"
    try:
        backend = open_backend(url)
    except Exception as err:
        pytest.fail(
            f"SeaweedFS S3 at {S3_ENDPOINT} is not reachable ({err}); "
            "start it with scripts/services.sh start"
        )
    return StoreTarget(kind, url, backend, raw_client=s3_client(), bucket=bucket)


def drop_bucket(client: Any, bucket: str) -> None:
    """Remove a test bucket with every object version.

    SeaweedFS gives each bucket a collection with volumes of its own; without this, a few hundred
    test buckets use up the volumes a single `weed mini` can allocate and later writes fail with
    InternalError.
    """
    paginator = client.get_paginator("list_object_versions")
    for page in paginator.paginate(Bucket=bucket):
        doomed = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in [*page.get("Versions", []), *page.get("DeleteMarkers", [])]
        ]
        for start in range(0, len(doomed), 1000):
            client.delete_objects(Bucket=bucket, Delete={"Objects": doomed[start : start + 1000]})
    client.delete_bucket(Bucket=bucket)


@pytest.fixture(params=["local", "s3"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreTarget]:
    made = new_target(request.param, tmp_path)
    yield made
    if made.kind == "s3":
        drop_bucket(made.raw_client, made.bucket)


@pytest.fixture
def backend(target: StoreTarget) -> ObjectBackend:
    return target.backend


@pytest.fixture
def store(target: StoreTarget) -> Store:
    return Store(target.backend, AuditLog(target.backend))


# --- running in parallel (pytest-xdist, NAVOLG_TEST_WORKERS in scripts/test.sh) -------------------
# The longest tests go first so that no worker is left with one of them at the end, and the
# tests that share a module- or session-scoped fixture (a served corpus, an ingested sample)
# stay on one worker, so the fixture is built once. Without xdist both are harmless.
SLOW_FIRST = (
    "tests/ops/test_load.py",
    "tests/ops/test_scale_out.py",
    "tests/ops/test_faults.py",
    "tests/store/test_concurrency.py",
    "tests/ui/",
    "tests/api/test_fuzz.py",
)


@pytest.fixture(scope="session")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    """The sample corpus written and ingested (first the deliveries, then the corrections)."""
    root = tmp_path_factory.mktemp("corpus")
    write(generate(seed=SAMPLE_SEED, dossiers=SAMPLE_DOSSIERS), root)
    store = open_store(str(root / "store"))
    first = Ingestor(store, IngestOptions(actor="test", workers=2)).ingest_path(root / "dossiers")
    assert first.not_stored == 0 and not first.failed, first.failed
    later = Ingestor(store, IngestOptions(actor="test", workers=2)).ingest_path(root / "updates")
    assert later.versions_new >= 1
    return root, store


SHARED_FIXTURE_GROUPS: tuple[str | tuple[str, ...], ...] = (
    "tests/ui/",
    "tests/api/test_fuzz.py",
    "tests/api/test_matrix.py",
    "tests/api/test_uploads.py",
    "tests/export/test_bagit.py",
    "tests/export/test_export.py",
    "tests/export/test_tamper.py",
    ("tests/ingest/test_corpus.py", "tests/lineage/test_corpus.py"),  # `ingested`
    "tests/ops/test_faults.py",
    "tests/sample/test_sample.py",
    "tests/search/test_cli.py",
    "tests/search/test_conformance.py",
)


def _rank(nodeid: str) -> int:
    return next((i for i, p in enumerate(SLOW_FIRST) if nodeid.startswith(p)), len(SLOW_FIRST))


@pytest.hookimpl(tryfirst=True)  # before xdist's worker hook, which reads the group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # xdist's schedulers know a test by its id: two items with one id run once (pytest 9.2 gave
    # all 30 schemathesis operations one id, and a parallel run silently fuzzed one of them).
    twice = sorted(i for i, n in Counter(item.nodeid for item in items).items() if n > 1)
    if twice:
        raise pytest.UsageError(f"tests share an id, a parallel run would skip some: {twice}")
    items.sort(key=lambda item: _rank(item.nodeid))  # stable: the rest keep their order
    for item in items:
        group = next((g for g in SHARED_FIXTURE_GROUPS if item.nodeid.startswith(g)), None)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group if isinstance(group, str) else group[0]))
