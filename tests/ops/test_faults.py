"""Faults on real services: SeaweedFS or OpenSearch stopped in the middle of an ingest, and the
app killed with SIGKILL during uploads (issue 9).

A test that stops a service stops a private copy of it (tests/ops/services.py), never the shared
one. The private OpenSearch costs ~30 s to start, so it boots once for the module, in the
background, while the SeaweedFS test runs; its test comes last.
"""

import json
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from search.opensearch import OpenSearchIndex
from store.access import AccessRecords
from store.factory import open_store
from store.models import DocumentVersion
from store.records import Store
from tests.ops.helpers import (
    Target,
    deliveries,
    fresh_target,
    index_problems,
    run_cli,
    sample_corpus,
    start_ingest,
    version_problems,
)
from tests.ops.services import PrivateOpenSearch, PrivateSeaweed
from tests.serve import free_port, start_serve

CLIENTS = 3
# Containers are left out: their attachments become documents of their own, which the counts
# below do not expect. The server keeps its parse workers warm, so after the first few uploads
# each takes tens of milliseconds: every other file of the corpus is uploaded, enough that the
# kill still finds uploads under way.
CONTAINERS = {".eml", ".msg", ".zip"}
STOP_AFTER = 6  # version records written before the service is stopped
INGEST_LIMIT = 240.0  # seconds an ingest may take here at most (2 shared, loaded cores)


class Booting:
    """A private service started in a thread: the module's other tests run while it boots."""

    def __init__(self, service: PrivateOpenSearch) -> None:
        self.service = service
        self.seconds = 0.0
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._start, daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            self.seconds = self.service.start(timeout=240)
        except BaseException as exc:  # handed to the test that needs it
            self.error = exc

    def ready(self) -> PrivateOpenSearch:
        self._thread.join(timeout=300)
        if self.error is not None:
            raise self.error
        return self.service


@pytest.fixture(scope="module")
def private_os() -> Iterator[Booting]:
    # Not under pytest's temp folder: that is private to root, and OpenSearch runs as its user.
    folder = Path(tempfile.mkdtemp(prefix="navolg-private-os-"))
    folder.chmod(0o755)
    booting = Booting(PrivateOpenSearch(folder))
    try:
        yield booting
    finally:
        booting.service.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_corpus(tmp_path_factory.mktemp("corpus"), dossiers=3, seed=7)


def _version_keys(store: Store) -> list[str]:
    return [k for k in store.backend.list("dossiers/") if "/docs/" in k]


def _wait_for_versions(store: Store, proc: subprocess.Popen[bytes], count: int) -> int:
    """Block until the ingest has written `count` version records (it must still be running)."""
    deadline = time.monotonic() + INGEST_LIMIT
    while time.monotonic() < deadline:
        found = len(_version_keys(store))
        if found >= count:
            return found
        assert proc.poll() is None, "the ingest ended before the service could be stopped"
        time.sleep(0.1)
    raise AssertionError(f"fewer than {count} version records after {INGEST_LIMIT} s")


def _no_partial_records(store: Store) -> int:
    """Every version record is whole and its original is stored; returns how many there are."""
    keys = _version_keys(store)
    for key, data in store.backend.read_many(keys):
        assert data is not None, key
        record = DocumentVersion.model_validate_json(data)
        assert store.has_blob(record.sha256), f"{key}: original missing"
    return len(keys)


def _report(out: Path, err: Path, code: int | None) -> dict[str, Any]:
    text = out.read_text(encoding="utf-8").strip()
    assert text, f"ingest exited {code} without a report: {err.read_text()[-3000:]}"
    report: dict[str, Any] = json.loads(text.splitlines()[-1])
    return report


def _ingest(target: Target, path: Path, log: Path) -> dict[str, Any]:
    proc = start_ingest(target, path, actor="ops", log=log)
    code = proc.wait(timeout=INGEST_LIMIT)
    report = _report(log, log.with_suffix(".err"), code)
    report["exit_code"] = code
    return report


def _documents(store: Store) -> dict[str, list[int]]:
    return {
        f"{d}/{doc}": [v.version for v in store.list_versions(d, doc)]
        for d in store.list_dossiers()
        for doc in store.list_documents(d)
    }


# --- SeaweedFS stopped in the middle of an ingest -----------------------------------------


def test_s3_stopped_mid_ingest(tmp_path: Path, corpus: Path, private_os: Booting) -> None:
    weed = PrivateSeaweed(tmp_path / "weed")
    started = weed.start(timeout=90)
    try:
        with fresh_target(s3_endpoint=weed.endpoint) as target:
            store = open_store(target.store_url)  # makes the bucket the ingest will fill
            log = tmp_path / "ingest.json"
            proc = start_ingest(target, corpus / "dossiers", actor="ops", log=log)
            _wait_for_versions(store, proc, STOP_AFTER)
            weed.stop(signal.SIGKILL)
            stopped = time.monotonic()
            code = proc.wait(timeout=INGEST_LIMIT)
            gave_up_s = time.monotonic() - stopped
            err = log.with_suffix(".err").read_text(encoding="utf-8", errors="replace")
            print(f"\nweed up in {started:.1f} s; ingest gave up {gave_up_s:.1f} s after the stop")
            assert code == 1, err[-3000:]
            assert "Traceback" not in err, err[-3000:]
            assert "could not be reached" in err or "unavailable" in err.lower(), err[-3000:]
            assert gave_up_s < 90, "retries must be bounded"

            weed.start(timeout=90)
            recorded = _no_partial_records(store)
            assert recorded >= STOP_AFTER
            rerun = _ingest(target, corpus / "dossiers", tmp_path / "rerun.json")
            assert rerun["exit_code"] == 0 and rerun["not_stored"] == 0, rerun
            statuses = {i["status"] for i in rerun["items"]}
            assert "unchanged" in statuses, statuses  # what the first run recorded stays
            docs = _documents(store)
            items = {f"{i['dossier_id']}/{i['doc_id']}" for i in rerun["items"]}
            assert set(docs) == items  # nothing lost
            assert all(v == [1] for v in docs.values()), docs  # nothing doubled
            assert version_problems(store) == []
            assert _no_partial_records(store) == len(docs)
            verify = run_cli(["audit", "verify", "--data", target.store_url], target)
            assert verify.returncode == 0, verify.stdout + verify.stderr
            assert index_problems(store, target.index()) == []
            print(f"{recorded} versions before the stop, {len(docs)} after the rerun")
    finally:
        weed.stop()


# --- the app killed during uploads --------------------------------------------------------


def _serve(target: Target, port: int, log: Path) -> subprocess.Popen[bytes]:
    args = ["--port", str(port), "--data", target.store_url]
    return start_serve(args, target.env(), log, ready="/healthz", timeout=60)


def _upload(port: int, token: str, dossier: str, path: Path) -> httpx.Response:
    with path.open("rb") as fh:
        return httpx.post(
            f"http://127.0.0.1:{port}/api/v1/dossiers/{dossier}/documents",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": (path.name, fh)},
            data={"doc_id": path.name},
            timeout=120,
        )


def test_app_killed_during_uploads(tmp_path: Path, corpus: Path, private_os: Booting) -> None:
    files = sorted(p for p in (corpus / "dossiers").rglob("*") if p.is_file() and p.suffix)
    files = [p for p in files if p.name != "manifest.csv" and p.suffix not in CONTAINERS]
    assert len(files) >= 12 and len({p.name for p in files}) == len(files)
    with fresh_target() as target:
        store = open_store(target.store_url)  # makes the bucket
        access = AccessRecords(store)
        access.put_user("rev", "setup", role="reviewer")
        token = access.issue_token("rev", "setup").secret
        port = free_port()
        server = _serve(target, port, tmp_path / "serve.log")
        outcomes: dict[str, Any] = {}
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            futures = {p.name: pool.submit(_upload, port, token, "GRN-UP", p) for p in files}
            # Kill once the first upload has been answered: others are then under way.
            while not any(f.done() for f in futures.values()):
                time.sleep(0.01)
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=30)
            for name, future in futures.items():
                try:
                    outcomes[name] = future.result()
                except httpx.HTTPError as exc:
                    outcomes[name] = exc
        ok = {n: r for n, r in outcomes.items() if isinstance(r, httpx.Response)}
        failed = {n: e for n, e in outcomes.items() if not isinstance(e, httpx.Response)}
        kinds = Counter(type(e).__name__ for e in failed.values())
        print(f"\n{len(ok)} uploads answered before the kill, {len(failed)} failed: {kinds}")
        assert failed, "the kill came too late to test anything"
        assert all(r.status_code == 201 for r in ok.values()), {n: r.text for n, r in ok.items()}
        first = {n: r.json()["items"][0]["version"] for n, r in ok.items()}

        _no_partial_records(store)
        assert version_problems(store) == []

        server = _serve(target, port, tmp_path / "serve.log")
        try:
            with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
                retried = {p.name: pool.submit(_upload, port, token, "GRN-UP", p) for p in files}
                again = {name: future.result() for name, future in retried.items()}
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        assert all(r.status_code == 201 for r in again.values()), {
            n: r.text for n, r in again.items() if r.status_code != 201
        }
        for name, response in again.items():
            assert response.json()["not_indexed"] == 0, (name, response.json()["notes"])
            item = response.json()["items"][0]
            if name in first:  # answered before: the retry is the same version, not a new one
                assert (item["status"], item["version"]) == ("unchanged", first[name])
            assert item["version"] == 1, (name, item)
        docs = _documents(store)
        assert sorted(docs) == sorted(f"GRN-UP/{p.name}" for p in files)
        assert all(v == [1] for v in docs.values())
        assert version_problems(store) == []
        verify = run_cli(["audit", "verify", "--data", target.store_url], target)
        assert verify.returncode == 0, verify.stdout + verify.stderr
        assert index_problems(store, target.index()) == []


# --- OpenSearch stopped in the middle of an ingest ----------------------------------------


def test_opensearch_stopped_mid_ingest(tmp_path: Path, corpus: Path, private_os: Booting) -> None:
    opensearch = private_os.ready()
    print(f"\nprivate OpenSearch up in {private_os.seconds:.1f} s")
    first, rest = deliveries(corpus / "dossiers", tmp_path, [[0], [1, 2]])
    with fresh_target(opensearch=opensearch.url) as target:
        before = _ingest(target, first, tmp_path / "first.json")
        assert before["exit_code"] == 0 and before["not_indexed"] == 0, before
        store = target.store()
        log = tmp_path / "rest.json"
        proc = start_ingest(target, rest, actor="ops", log=log)
        _wait_for_versions(store, proc, len(before["items"]) + STOP_AFTER)
        opensearch.stop()
        code = proc.wait(timeout=INGEST_LIMIT)
        report = _report(log, log.with_suffix(".err"), code)
        assert code == 0, report  # every file stored: the index is derived
        assert report["not_stored"] == 0
        assert report["not_indexed"] > 0
        assert any("reindex --missing" in n for n in report["notes"]), report["notes"]
        docs = _documents(store)
        assert len(docs) == len(before["items"]) + len(report["items"])
        assert _no_partial_records(store) == len(docs)

        settings = Settings(store=target.store_url, index=target.index_url)
        app = create_app(settings, store, OpenSearchIndex.from_url(target.index_url))
        access = AccessRecords(store)
        access.put_user("aud", "setup", role="auditor")
        auth = {"Authorization": f"Bearer {access.issue_token('aud', 'setup').secret}"}
        with TestClient(app, raise_server_exceptions=False) as client:
            for query in ("q=gevel", "q=beoordeling&format=csv", "q=&type=besluit"):
                answer = client.get(f"/api/v1/search?{query}", headers=auth)
                assert answer.status_code == 503, (query, answer.status_code, answer.text)
                assert int(answer.headers["Retry-After"]) > 0
                assert answer.headers["content-type"].startswith("application/problem+json")
            dossier = next(p.name for p in rest.iterdir() if p.is_dir())
            shown = client.get(f"/api/v1/dossiers/{dossier}", headers=auth)
            assert shown.status_code == 200, shown.text  # the store still answers

        restarted = opensearch.start(timeout=240)
        caught = run_cli(["reindex", "--missing", "--data", target.store_url], target)
        assert caught.returncode == 0, caught.stdout + caught.stderr
        assert f"{report['not_indexed']} missing versions caught up" in caught.stdout, caught.stdout
        assert index_problems(store, target.index()) == []
        print(
            f"{report['not_indexed']} of {len(docs)} versions missing after the stop, caught up;"
            f" restart {restarted:.1f} s"
        )
