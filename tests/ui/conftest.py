"""Browser tests: the real app served by uvicorn (a separate process, `navolg serve`) on a free
port, on the real services — a fresh SeaweedFS bucket and a fresh OpenSearch alias — over the
sample corpus (`navolg sample`) ingested once per session, driven by Playwright in Debian's
Chromium. Nothing is mocked; each role signs in with the demo accounts `navolg demo` prints."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from api.demo import demo_accounts
from ingest.pipeline import IngestOptions, Ingestor
from ingest.sample import generate, write
from search.factory import open_index_for
from search.indexer import Indexer
from search.models import SearchQuery
from search.opensearch import OpenSearchIndex
from search.service import search
from store.access import AccessRecords
from store.factory import open_store
from tests.conftest import OPENSEARCH_URL, S3_ENDPOINT, drop_bucket, s3_client

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / ".cache" / "axe-core" / "axe.min.js"
# Without the background-networking flags Chromium keeps dialling out on this closed network.
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip
TIMEOUT_MS = 15_000
PageMaker = Callable[..., Page]


@dataclass
class Site:
    url: str
    store: str
    dossiers: list[str]
    passwords: dict[str, str]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes], log: Path, seconds: float = 60) -> None:
    """Until /readyz says the server reaches its store and index, and that these are the real
    services (a server that fell back on an embedded index would test the wrong thing)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            said = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            pytest.fail(f"navolg serve exited with {proc.returncode}:\n{said}")
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=5) as r:
                ready = json.load(r)
        except OSError:
            time.sleep(0.2)
            continue
        assert ready["index"] == "opensearch" and ready["store"].startswith("s3://"), ready
        return
    pytest.fail("navolg serve was not ready in time")


def _ingest(corpus: Path, store_url: str, index_url: str) -> tuple[list[str], int]:
    """Three sample dossiers, first deliveries then the corrected versions (as the demo); the
    dossiers and how many current documents the index holds."""
    write(generate(seed=1, dossiers=3), corpus)
    store = open_store(store_url)
    index = open_index_for(store_url, index_url)
    # One parse worker: on two shared cores its single warm-up beats a second worker here
    # (3 dossiers on S3 + OpenSearch, two runs each: 26-28 s against 32-42 s with two).
    options = IngestOptions(actor="ui-test", workers=1)
    for batch in ("dossiers", "updates"):
        Ingestor(store, options, Indexer(store, index)).ingest_path(corpus / batch)
    return sorted(store.list_dossiers()), search(index, SearchQuery(text=""), None).total


def _same_index(url: str, password: str, indexed: int) -> None:
    """The server searches the very index that was filled: a server on another alias (empty,
    or left by an older navolg with another mapping: every search a 503) fails here, once and
    with its answer, instead of as empty or failing search pages in several tests."""
    with requests.Session() as http:
        login = {"user_id": "auditor", "password": password}
        signed = http.post(f"{url}/api/v1/session", json=login, timeout=30)
        assert signed.status_code == 200, signed.text
        found = http.get(f"{url}/api/v1/search", params={"q": ""}, timeout=30)
    assert found.status_code == 200, f"search on the server: {found.status_code} {found.text}"
    assert found.json()["total"] == indexed > 0, (found.json()["total"], indexed)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    name = f"navolg-test-{uuid.uuid4().hex[:12]}"  # bucket and alias: nobody else's
    store_url = f"s3://{name}?endpoint={S3_ENDPOINT}"
    index_url = f"opensearch+{OPENSEARCH_URL}?prefix={name}"
    proc: subprocess.Popen[bytes] | None = None
    try:
        work = tmp_path_factory.mktemp("ui")
        dossiers, indexed = _ingest(work / "corpus", store_url, index_url)
        store = open_store(store_url)
        passwords = {u: p for u, _, p in demo_accounts(AccessRecords(store), dossiers)}
        port = _free_port()
        env = {**os.environ, "NAVOLG_INDEX": index_url}
        command = [sys.executable, "-m", "api.cli", "serve", "--port", str(port)]
        log = work / "serve.log"  # the server's own account, kept for a failure
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [*command, "--data", store_url],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        _wait(url, proc, log)
        _same_index(url, passwords["auditor"], indexed)
        yield Site(url, store_url, dossiers, passwords)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        OpenSearchIndex.from_url(index_url).drop()
        drop_bucket(s3_client(), name)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run scripts/setup.sh (as root it installs it)")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser: Browser, site: Site) -> Iterator[PageMaker]:
    """A fresh browser context (no cookies) per call: one person per context."""
    made: list[Page] = []

    def make(width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(
            base_url=site.url, viewport={"width": width, "height": height}, accept_downloads=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        made.append(page)
        return page

    yield make
    for page in made:
        page.context.close()


def sign_in(page: Page, site: Site, user: str) -> Page:
    """Through the sign-in form, as a person would."""
    page.goto("/login")
    page.get_by_label("Gebruikersnaam").fill(user)
    page.get_by_label("Wachtwoord").fill(site.passwords[user])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{site.url}/")
    return page
