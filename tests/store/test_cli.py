"""`navolg audit verify|log` as a user runs them: a real process, exit codes, JSON on stdout."""

import json
import os
import subprocess
import sys
from pathlib import Path

from store import AuditLog
from store.keys import audit_event_key
from tests.conftest import StoreTarget


def navolg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def store_args(target: StoreTarget) -> tuple[list[str], dict[str, str]]:
    if target.root is not None:
        return ["--data", str(target.root)], {}
    return [], {"NAVOLG_STORE": target.url}


def test_verify_and_log(target: StoreTarget) -> None:
    log = AuditLog(target.backend)
    for i in range(3):
        log.append("reviewer1", "dossier.viewed", f"dossier:D-{i}")
    args, env = store_args(target)

    ok = navolg("audit", "verify", "--json", *args, env=env)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["ok"] is True and json.loads(ok.stdout)["events"] == 3

    listed = navolg("audit", "log", "--json", "--target", "dossier:D-1", *args, env=env)
    assert listed.returncode == 0, listed.stderr
    payload = json.loads(listed.stdout)
    assert payload["count"] == 1 and payload["events"][0]["target"] == "dossier:D-1"

    target.raw_delete(audit_event_key(2))
    bad = navolg("audit", "verify", *args, env=env)
    assert bad.returncode == 1
    assert "BROKEN at event 2" in bad.stdout


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = navolg("audit", "verify", "--data", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no store at" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_commands() -> None:
    result = navolg("--help")
    assert result.returncode == 0 and "audit" in result.stdout


def test_seal_then_fast_and_deep_verify(target: StoreTarget) -> None:
    log = AuditLog(target.backend, seal_every=None)
    for i in range(12):
        log.append("reviewer1", "dossier.viewed", f"dossier:D-{i}")
    args, env = store_args(target)
    sealed = navolg("audit", "seal", "--size", "5", "--json", *args, env=env)
    assert sealed.returncode == 0, sealed.stderr
    assert json.loads(sealed.stdout)["count"] == 3
    fast = navolg("audit", "verify", "--json", *args, env=env)
    body = json.loads(fast.stdout)
    assert fast.returncode == 0 and body["segments"] == 3 and body["deep"] is False
    target.raw_delete(audit_event_key(4))  # a sealed event's own object: the fast check
    fast = navolg("audit", "verify", "--json", *args, env=env)  # reads sealed events from
    body = json.loads(fast.stdout)  # their segments only, chain and checkpoint tree alike
    assert fast.returncode == 0 and body["chain_ok"] is True and body["checkpoints"]["ok"]
    deep = navolg("audit", "verify", "--deep", *args, env=env)
    assert deep.returncode == 1 and "BROKEN at event 4" in deep.stdout
