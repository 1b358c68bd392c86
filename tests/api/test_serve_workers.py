"""`navolg serve --workers 2` on SeaweedFS and OpenSearch: one service, several processes.

A session cookie made by one worker must be honoured by the others (they share the key), and
reads answered by both must land in one audit chain that verifies (two processes appending).
"""

import os
import subprocess
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil
import pytest

from api.auth import hash_password
from search.indexer import Indexer
from search.opensearch import OpenSearchIndex
from store.access import AccessRecords
from store.factory import open_store
from tests.conftest import OPENSEARCH_URL, StoreTarget, drop_bucket, new_target
from tests.serve import NAVOLG, serving

PASSWORD = "correct horse battery"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, StoreTarget, dict[str, str]]]:
    target = new_target("s3", tmp_path)
    index_url = f"opensearch+{OPENSEARCH_URL}?prefix=navolg-test-{uuid.uuid4().hex[:10]}"
    index = OpenSearchIndex.from_url(index_url)
    store = open_store(target.url)
    access = AccessRecords(store)
    access.put_user("rev", "setup", role="reviewer", password_hash=hash_password(PASSWORD))
    token = access.issue_token("rev", "setup").secret
    Indexer(store, index).reindex()  # an empty store: creates the index and its alias
    env = {**os.environ, "NAVOLG_INDEX": index_url}
    env.pop("NAVOLG_SECRET_KEY", None)  # serve must make the one key the workers share
    try:
        args = ["--workers", "2", "--data", target.url]
        with serving(args, env, tmp_path / "serve.log") as (base, proc):
            yield base, target, {"Authorization": f"Bearer {token}", "pid": str(proc.pid)}
    finally:
        index.drop()
        drop_bucket(target.raw_client, target.bucket)


def test_workers_share_sessions_and_one_audit_chain(
    served: tuple[str, StoreTarget, dict[str, str]],
) -> None:
    base, target, auth = served
    workers = psutil.Process(int(auth.pop("pid"))).children(recursive=True)
    assert len([w for w in workers if "python" in w.name() or "navolg" in w.name()]) >= 2

    signed_in = httpx.post(f"{base}/api/v1/session", json={"user_id": "rev", "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    cookies = dict(signed_in.cookies)

    def whoami(_: int) -> int:
        # A fresh connection each time, so the requests spread over both workers.
        with httpx.Client(base_url=base, cookies=cookies) as client:
            return client.get("/api/v1/session").status_code

    def search(n: int) -> int:
        with httpx.Client(base_url=base, headers=auth) as client:
            return client.get("/api/v1/search", params={"q": f"scheur{n}"}).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(whoami, range(40))) + list(pool.map(search, range(40)))
    assert statuses == [200] * 80

    done = subprocess.run(
        [NAVOLG, "audit", "verify", "--json", "--data", target.url],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    searches = [e for e in open_store(target.url).audit.events() if e.action == "search.performed"]
    assert sorted(e.details["q"] for e in searches) == sorted(f"scheur{n}" for n in range(40))
