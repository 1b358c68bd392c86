"""Signed checkpoints on both backends: sealing, consistency, and a rewritten log caught."""

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from store import AuditLog
from store.canonical import canonical_json, event_hash
from store.checkpoint import CheckpointError, CheckpointLog, LogTree, checkpoint_key
from store.keys import AUDIT_EVENTS, audit_event_key, audit_segment_key, seq_of
from store.merkle import MerkleTree, leaf_hash, verify_consistency
from tests.conftest import StoreTarget
from tests.store.test_cli import navolg, store_args


def _events(log: AuditLog, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        log.append("reviewer1", "dossier.viewed", f"dossier:D-{i % 3}", {"i": i})


def _rewrite_from(target: StoreTarget, log: AuditLog, seq: int) -> None:
    """What an insider with raw bucket access would do: change one event and re-hash the
    rest of the chain so that `verify` of the chain alone still passes."""
    head, _ = log.head()
    prev = (
        json.loads(target.backend.read(audit_event_key(seq - 1)))["hash"] if seq > 1 else "0" * 64
    )
    for s in range(seq, head + 1):
        raw = json.loads(target.backend.read(audit_event_key(s)))
        if s == seq:
            raw["actor"] = "someone-else"
        raw["prev_hash"] = prev
        raw["hash"] = event_hash(raw)
        prev = raw["hash"]
        target.raw_put(audit_event_key(s), canonical_json(raw))


def test_checkpoints_grow_consistently(target: StoreTarget) -> None:
    log = AuditLog(target.backend)
    key = Ed25519PrivateKey.generate()
    checkpoints = CheckpointLog(target.backend, log)
    _events(log, 5)
    first = checkpoints.make(key)
    assert (first.number, first.tree_size) == (1, 5)
    assert checkpoints.make(key) == first  # nothing new: the latest seal covers it
    _events(log, 12, start=5)
    second = checkpoints.make(key)
    assert (second.number, second.tree_size) == (2, 17)
    tree = checkpoints.log_tree.refresh()
    verify_consistency(
        5,
        17,
        bytes.fromhex(first.root_hash),
        bytes.fromhex(second.root_hash),
        tree.consistency_proof(5, 17),
    )
    report = checkpoints.verify(key.public_key())
    assert report.ok and report.checkpoints == 2 and report.latest_tree_size == 17
    assert report.key_source == "pinned"
    assert CheckpointLog(target.backend).verify().ok  # with the key stored in the log


def test_a_rewritten_log_is_caught_and_never_sealed(target: StoreTarget) -> None:
    log = AuditLog(target.backend)
    key = Ed25519PrivateKey.generate()
    checkpoints = CheckpointLog(target.backend, log)
    _events(log, 4)
    checkpoints.make(key)
    _events(log, 6, start=4)
    checkpoints.make(key)
    _rewrite_from(target, log, 7)
    assert AuditLog(target.backend).verify().ok  # the chain alone cannot see it
    report = CheckpointLog(target.backend).verify(key.public_key())
    assert not report.ok and report.first_bad is not None
    assert report.first_bad.number == 2
    assert "after event 4 up to event 10 was rewritten" in report.first_bad.reason
    with pytest.raises(CheckpointError, match="no longer matches checkpoint 2"):
        CheckpointLog(target.backend).make(key)


def test_forged_or_foreign_checkpoints(target: StoreTarget) -> None:
    log = AuditLog(target.backend)
    key = Ed25519PrivateKey.generate()
    _events(log, 3)
    CheckpointLog(target.backend, log).make(key)
    other = Ed25519PrivateKey.generate()
    wrong = CheckpointLog(target.backend).verify(other.public_key())
    assert (
        not wrong.ok
        and wrong.first_bad is not None
        and "not by the given key" in wrong.first_bad.reason
    )
    raw = json.loads(target.backend.read(checkpoint_key(1)))
    raw["time"] = "2020-01-01T00:00:00Z"
    target.raw_put(checkpoint_key(1), json.dumps(raw).encode())
    forged = CheckpointLog(target.backend).verify(key.public_key())
    assert not forged.ok and forged.first_bad is not None
    assert "signature does not match" in forged.first_bad.reason


def test_cli_checkpoint_and_verify(target: StoreTarget, tmp_path: Path) -> None:
    log = AuditLog(target.backend)
    _events(log, 3)
    args, env = store_args(target)
    keyfile = tmp_path / "signing.pem"
    made = navolg("audit", "keygen", str(keyfile))
    assert made.returncode == 0, made.stderr
    assert keyfile.stat().st_mode & 0o077 == 0
    again = navolg("audit", "keygen", str(keyfile))
    assert again.returncode == 2 and "never overwritten" in again.stderr
    sealed = navolg(
        "audit", "checkpoint", "--json", *args, env={**env, "NAVOLG_SIGNING_KEY": str(keyfile)}
    )
    assert sealed.returncode == 0, sealed.stderr
    assert json.loads(sealed.stdout)["tree_size"] == 3
    _events(log, 2, start=3)
    navolg("audit", "checkpoint", "--key", str(keyfile), *args, env=env)
    pinned = ["--public-key", f"{keyfile}.pub"]
    ok = navolg("audit", "verify", "--json", *pinned, *args, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    payload = json.loads(ok.stdout)
    assert payload["ok"] and payload["checkpoints"]["checkpoints"] == 2
    _rewrite_from(target, log, 2)
    bad = navolg("audit", "verify", *pinned, *args, env=env)
    assert bad.returncode == 1
    assert "chain intact" in bad.stdout and "BROKEN at checkpoint 1" in bad.stdout
    refused = navolg("audit", "checkpoint", "--key", str(keyfile), *args, env=env)
    assert refused.returncode == 1 and "REFUSED" in refused.stderr


def test_log_tree_reads_sealed_segments_with_the_same_result(
    target: StoreTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = AuditLog(target.backend, seal_every=5)
    _events(log, 23)
    head, _ = log.head()
    sealed = log.verify().sealed_events
    assert sealed >= 20
    per_event = [target.backend.read(audit_event_key(s)) for s in range(1, head + 1)]
    read: list[str] = []
    inner = target.backend.read

    def spy(key: str) -> bytes:
        read.append(key)
        return inner(key)

    monkeypatch.setattr(target.backend, "read", spy)
    if target.kind == "s3":  # read_many goes through the client, not read(): spy the GETs
        client_get = target.backend.client.get_object  # type: ignore[attr-defined]

        def get_spy(**kw: object) -> object:
            read.append(str(kw["Key"]))
            return client_get(**kw)

        monkeypatch.setattr(target.backend.client, "get_object", get_spy)  # type: ignore[attr-defined]
    tree = LogTree(target.backend).refresh()
    assert tree.root() == MerkleTree([leaf_hash(d) for d in per_event]).root()
    events_read = sorted(seq_of(k) for k in read if k.startswith(AUDIT_EVENTS))
    assert events_read and min(events_read) > sealed  # only the tail per event
    monkeypatch.undo()
    lines = target.backend.read(audit_segment_key(6)).splitlines()
    del lines[2]
    target.raw_put(audit_segment_key(6), b"\n".join(lines) + b"\n")
    with pytest.raises(CheckpointError, match="event 8 breaks the chain"):
        LogTree(target.backend).refresh()
