"""An index built by another navolg version: the API says to rebuild it, not to wait."""

import uuid
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from search.opensearch import OpenSearchIndex
from store.access import AccessRecords
from store.factory import open_store
from tests.conftest import OPENSEARCH_URL


def test_an_outdated_index_is_a_503_that_names_the_rebuild(tmp_path: Path) -> None:
    alias = f"navolg-test-{uuid.uuid4().hex[:10]}"
    index = OpenSearchIndex.from_url(f"opensearch+{OPENSEARCH_URL}?prefix={alias}")
    old = f"{alias}-old"
    index.client.indices.create(index=old, body={"mappings": {"properties": {}}})
    index.client.indices.put_alias(index=old, name=alias)
    try:
        store = open_store(str(tmp_path / "store"))
        access = AccessRecords(store)
        access.put_user("rev", "setup", role="reviewer")
        token = access.issue_token("rev", "setup").secret
        client = TestClient(create_app(Settings(store=str(tmp_path / "store")), store, index))
        answer = client.get(
            "/api/v1/search", params={"q": "gevel"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 503
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert "navolg reindex" in answer.json()["detail"]
        assert "retry-after" not in answer.headers  # waiting will not mend it
    finally:
        index.client.indices.delete(index=old, ignore_unavailable=True)
