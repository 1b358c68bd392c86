"""Audit log conformance on both backends: append, filters, verify and tamper detection."""

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest

from store import AuditLog, StoreError
from store.audit import AuditFilter
from store.canonical import canonical_json, event_hash
from store.keys import audit_event_key
from store.models import GENESIS_HASH
from tests.conftest import StoreTarget


def filled(target: StoreTarget, n: int = 12) -> AuditLog:
    log = AuditLog(target.backend)
    for i in range(n):
        log.append(f"user{i % 3}", "dossier.viewed", f"dossier:D-{i % 4}", {"i": i})
    return log


def test_chain_links_and_hashes(target: StoreTarget) -> None:
    log = filled(target, 5)
    events = list(log.events())
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS_HASH
    for prev, ev in itertools.pairwise(events):
        assert ev.prev_hash == prev.hash
    raw = json.loads(target.backend.read(audit_event_key(3)))
    assert event_hash(raw) == raw["hash"] == events[2].hash
    report = log.verify()
    assert report.ok and report.events == 5 and report.head_hash == events[-1].hash


def test_a_second_log_object_continues_the_chain(target: StoreTarget) -> None:
    filled(target, 3)
    other = AuditLog(target.backend)
    assert other.head()[0] == 3
    assert other.append("x", "grant.created", "dossier:D-1").seq == 4
    assert other.verify().ok


def test_filters(target: StoreTarget) -> None:
    log = filled(target, 12)
    assert len(list(log.events(AuditFilter(actor="user1")))) == 4
    assert len(list(log.events(AuditFilter(target_prefix="dossier:D-0")))) == 3
    assert [e.seq for e in log.events(AuditFilter(after_seq=10))] == [11, 12]
    assert len(list(log.events(AuditFilter(limit=5)))) == 5
    future = datetime.now(UTC) + timedelta(days=1)
    assert list(log.events(AuditFilter(since=future))) == []


def rewrite(target: StoreTarget, seq: int, change: dict[str, object], rehash: bool) -> None:
    raw = json.loads(target.backend.read(audit_event_key(seq)))
    raw.update(change)
    if rehash:
        raw["hash"] = event_hash(raw)
    target.raw_put(audit_event_key(seq), canonical_json(raw))


def first_bad(log: AuditLog) -> tuple[int, str]:
    report = log.verify()
    assert not report.ok and report.first_bad is not None
    return report.first_bad.seq, report.first_bad.reason


def test_changed_event_is_named(target: StoreTarget) -> None:
    log = filled(target)
    rewrite(target, 7, {"actor": "mallory"}, rehash=False)
    seq, reason = first_bad(log)
    assert seq == 7 and "altered" in reason


def test_changed_and_rehashed_event_breaks_the_next_link(target: StoreTarget) -> None:
    log = filled(target)
    rewrite(target, 7, {"actor": "mallory"}, rehash=True)
    seq, reason = first_bad(log)
    assert seq == 8 and "prev_hash does not match event 7" in reason


def test_deleted_event_is_named(target: StoreTarget) -> None:
    log = filled(target)
    target.raw_delete(audit_event_key(5))
    seq, reason = first_bad(log)
    assert seq == 5 and "missing" in reason


def test_reordered_events_are_named(target: StoreTarget) -> None:
    log = filled(target)
    four, five = (target.backend.read(audit_event_key(s)) for s in (4, 5))
    target.raw_put(audit_event_key(4), five)
    target.raw_put(audit_event_key(5), four)
    seq, reason = first_bad(log)
    assert seq == 4 and "moved" in reason


def test_inserted_event_is_named(target: StoreTarget) -> None:
    """Insert a well-formed event after 5, shifting 6..12 up by one (renumbered, rehashed)."""
    log = filled(target)
    originals = {s: json.loads(target.backend.read(audit_event_key(s))) for s in range(1, 13)}
    fake = dict(originals[6], actor="mallory", seq=6, prev_hash=originals[5]["hash"])
    fake["hash"] = event_hash(fake)
    target.raw_put(audit_event_key(6), canonical_json(fake))
    for s in range(6, 13):
        moved = dict(originals[s], seq=s + 1)
        moved["hash"] = event_hash(moved)
        target.raw_put(audit_event_key(s + 1), canonical_json(moved))
    seq, reason = first_bad(log)
    assert seq == 7 and "prev_hash does not match event 6" in reason


def test_inserted_garbage_is_named(target: StoreTarget) -> None:
    log = filled(target)
    target.raw_put(audit_event_key(13), b'{"seq": 13, "hash": "00"}')
    target.raw_put(audit_event_key(3), b"not json")
    seq, reason = first_bad(log)
    assert seq == 3 and "JSON" in reason


def test_append_requires_actor_and_action(target: StoreTarget) -> None:
    with pytest.raises(StoreError):
        AuditLog(target.backend).append("", "x", "y")


def test_fast_and_full_checks_agree_on_tricky_events(target: StoreTarget) -> None:
    """verify's fast path (hash the stored bytes minus the hash member) must not be fooled by
    details that look like the top-level members, and a re-formatted but intact event still
    verifies through the full path."""
    log = AuditLog(target.backend)
    log.append("u", "a", "t", {"hash": "0" * 64, "prev_hash": "1" * 64, "seq": 9, "target": "x"})
    log.append("u", "a", "t", {"q": 'he typed "hash":"' + "f" * 64 + '","prev_hash":"'})
    log.append("u", "a", "t", {"i": 3})
    raw = json.loads(target.backend.read(audit_event_key(3)))
    target.raw_put(audit_event_key(3), json.dumps(raw, indent=2).encode())
    report = log.verify()
    assert report.ok and report.events == 3
    target.raw_put(audit_event_key(2), target.backend.read(audit_event_key(2)).replace(b"u", b"v"))
    seq, reason = first_bad(log)
    assert seq == 2 and "altered" in reason
