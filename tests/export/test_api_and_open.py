"""The export through the API (access checked, logged fail closed) and `navolg open` served."""

import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from export.verify import verify_export
from search.embedded import EmbeddedIndex
from search.indexer import Indexer
from store.access import AccessRecords
from store.factory import open_store
from tests.export.helpers import export_to, small_dossier

KEY = Ed25519PrivateKey.generate()
NOW = dt.datetime.now(dt.UTC)
PORT = 8790


def _keyfile(path: Path) -> Path:
    pem = KEY.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.write_bytes(pem)
    return path


def test_api_export_is_access_checked_and_logged(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "store"))
    small_dossier(store)
    small_dossier(store, "D-2")
    access = AccessRecords(store)
    tokens = {}
    for user, role in [("law", "lawyer"), ("aud", "auditor")]:
        access.put_user(user, "setup", role=role)  # type: ignore[arg-type]
        tokens[user] = access.issue_token(user, "setup").secret
    access.add_grant(
        "law", "D-1", "cliënt", NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=9), "admin"
    )
    index = EmbeddedIndex(tmp_path / "index")
    Indexer(store, index).reindex()
    settings = Settings(store=str(tmp_path / "store"), signing_key=_keyfile(tmp_path / "k.pem"))
    with TestClient(create_app(settings, store, index)) as client:
        law = {"Authorization": f"Bearer {tokens['law']}"}
        refused = client.get("/api/v1/exports/D-2", headers=law)
        assert refused.status_code == 403
        assert list(store.audit.events())[-1].action == "access.denied"
        response = client.get("/api/v1/exports/D-1", headers=law)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/zip"
        exported = [e for e in store.audit.events() if e.action == "dossier.exported"]
        assert len(exported) == 1 and exported[0].actor == "law"
        assert exported[0].target == "dossier:D-1"
        unknown = client.get(
            "/api/v1/exports/NOPE", headers={"Authorization": f"Bearer {tokens['aud']}"}
        )
        assert unknown.status_code == 404
    zipped = tmp_path / "from-api.zip"
    zipped.write_bytes(response.content)
    report = verify_export(zipped, KEY.public_key())
    assert report.ok, report.problems
    assert report.dossier_id == "D-1"
    no_key = Settings(store=str(tmp_path / "store"))
    with TestClient(create_app(no_key, store, index)) as client:
        missing = client.get(
            "/api/v1/exports/D-1", headers={"Authorization": f"Bearer {tokens['aud']}"}
        )
        assert missing.status_code == 503 and "NAVOLG_SIGNING_KEY" in missing.text


def test_navolg_open_serves_the_export_read_only(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "store"))
    small_dossier(store)
    out = tmp_path / "D-1.zip"
    export_to(store, "D-1", out, KEY)
    pub = tmp_path / "pub.pem"
    pub.write_bytes(
        KEY.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "api.cli",
            "open",
            str(out),
            "--port",
            str(PORT),
            "--public-key",
            str(pub),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        token = _wait_for_token(proc)
        base = f"http://127.0.0.1:{PORT}"
        auth = {"Authorization": f"Bearer {token}"}
        _wait_until_up(base)
        dossier = httpx.get(f"{base}/api/v1/dossiers/D-1", headers=auth, timeout=10)
        assert dossier.status_code == 200, dossier.text
        assert {d["doc_id"] for d in dossier.json()["documents"]} == {
            "besluit.txt",
            "rapporten/opname.txt",
        }
        found = httpx.get(
            f"{base}/api/v1/search", params={"q": "schoorsteen"}, headers=auth, timeout=10
        )
        assert found.status_code == 200 and found.json()["total"] == 1, found.text
        page = httpx.get(f"{base}/export/index.html", timeout=10)
        assert page.status_code == 200 and "besluit.txt" in page.text
        assert httpx.get(f"{base}/api/v1/dossiers/D-1", timeout=10).status_code == 401
        password = _printed(proc, r"sign in as 'local' with password (\S+)")
        with httpx.Client(base_url=base, timeout=10) as browser:  # the web pages, signed in
            signed = browser.post(
                "/api/v1/session", json={"user_id": "local", "password": password}
            )
            assert signed.status_code == 200, signed.text
            web = browser.get("/dossiers/D-1")
            assert web.status_code == 200 and "rapporten/opname.txt" in web.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _wait_for_token(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            pytest.fail(f"navolg open exited: {proc.stderr.read() if proc.stderr else ''}")
        match = re.search(r"token \(Authorization: Bearer …\): (\S+)", line)
        if match:
            return match.group(1)
    pytest.fail("navolg open printed no token")


def _printed(proc: subprocess.Popen[str], pattern: str) -> str:
    assert proc.stdout is not None
    for _ in range(20):
        match = re.search(pattern, proc.stdout.readline())
        if match:
            return match.group(1)
    pytest.fail(f"navolg open did not print {pattern!r}")


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    pytest.fail("navolg open did not start serving")
