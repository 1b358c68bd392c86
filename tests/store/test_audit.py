"""Audit log conformance on both backends: append, filters, verify and tamper detection."""

import itertools
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from store import AuditLog, NotFound, StoreError
from store.audit import AuditFilter
from store.canonical import canonical_json, event_hash
from store.keys import AUDIT_EVENTS, audit_event_key, audit_segment_key
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


# --- sealed segments -----------------------------------------------------------------------

SEAL = 5


def sealed(target: StoreTarget, n: int = 23) -> AuditLog:
    log = AuditLog(target.backend, seal_every=SEAL)
    for i in range(n):
        log.append(f"user{i % 3}", "dossier.viewed", f"dossier:D-{i % 4}", {"i": i})
    return log


def segment_lines(target: StoreTarget, first: int) -> list[bytes]:
    return target.backend.read(audit_segment_key(first)).splitlines()


def put_lines(target: StoreTarget, first: int, lines: list[bytes]) -> None:
    target.raw_put(audit_segment_key(first), b"\n".join(lines) + b"\n")


def test_sealed_log_verifies_and_reads_like_an_unsealed_one(target: StoreTarget) -> None:
    log = sealed(target)
    report = log.verify()
    assert report.ok and report.segments >= 4 and report.sealed_events >= 20
    assert log.verify(deep=True).ok
    events = list(log.events())
    assert [e.seq for e in events] == list(range(1, report.events + 1))
    stored = [json.loads(target.backend.read(audit_event_key(e.seq))) for e in events]
    assert [e.hash for e in events] == [s["hash"] for s in stored]
    claims = [e for e in events if e.action == "audit.sealed"]
    assert [c.details["first"] for c in claims] == list(range(1, report.sealed_events, SEAL))
    assert [e.seq for e in log.events(AuditFilter(after_seq=7, limit=3))] == [8, 9, 10]


def test_changed_event_inside_a_segment_is_named(target: StoreTarget) -> None:
    log = sealed(target)
    lines = segment_lines(target, 6)
    lines[2] = lines[2].replace(b'"actor":"user', b'"actor":"mallory')
    put_lines(target, 6, lines)
    seq, reason = first_bad(log)
    assert seq == 8 and "altered" in reason


def test_rehashed_event_inside_a_segment_is_named(target: StoreTarget) -> None:
    log = sealed(target)
    lines = segment_lines(target, 6)
    raw = json.loads(lines[2])
    raw["actor"] = "mallory"
    raw["hash"] = event_hash(raw)
    lines[2] = canonical_json(raw)
    put_lines(target, 6, lines)
    seq, reason = first_bad(log)  # the segment no longer matches its sealed digest: the
    assert seq == 8 and "differs from the one sealed" in reason  # line unlike its event object


def test_deleted_event_inside_a_segment_is_named(target: StoreTarget) -> None:
    log = sealed(target)
    lines = segment_lines(target, 6)
    del lines[1]
    put_lines(target, 6, lines)
    seq, _reason = first_bad(log)
    assert seq == 7


def test_reordered_events_inside_a_segment_are_named(target: StoreTarget) -> None:
    log = sealed(target)
    lines = segment_lines(target, 6)
    lines[1], lines[2] = lines[2], lines[1]
    put_lines(target, 6, lines)
    seq, reason = first_bad(log)
    assert seq == 7 and "moved" in reason


def test_inserted_event_inside_a_segment_is_named(target: StoreTarget) -> None:
    log = sealed(target)
    lines = segment_lines(target, 6)
    fake = dict(json.loads(lines[1]), actor="mallory")
    fake["hash"] = event_hash(fake)
    lines.insert(2, canonical_json(fake))
    put_lines(target, 6, lines)
    seq, reason = first_bad(log)
    assert seq == 8 and ("moved" in reason or "prev_hash" in reason)


def test_deleted_segment_is_reported(target: StoreTarget) -> None:
    log = sealed(target)
    target.raw_delete(audit_segment_key(6))
    seq, reason = first_bad(log)
    assert seq == 6 and "deleted" in reason
    assert len(list(log.events())) == log.head()[0]  # its events are still readable


def test_deep_verify_names_a_changed_per_event_copy(target: StoreTarget) -> None:
    """Fast verify reads a sealed range from its segment only; deep also checks the
    per-event objects left behind (README: what the fast and deep verify prove)."""
    log = sealed(target)
    rewrite(target, 8, {"actor": "mallory"}, rehash=False)
    assert log.verify().ok
    report = log.verify(deep=True)
    assert not report.ok and report.first_bad is not None
    assert report.first_bad.seq == 8 and "altered" in report.first_bad.reason
    target.raw_put(audit_event_key(8), segment_lines(target, 6)[2])
    target.raw_delete(audit_event_key(9))
    report = log.verify(deep=True)
    assert report.first_bad is not None and report.first_bad.seq == 9
    assert "missing" in report.first_bad.reason


def test_seal_command_path_and_tampered_log_is_not_sealed(target: StoreTarget) -> None:
    log = filled(target, 12)  # appended without sealing
    made = AuditLog(target.backend).seal(max_events=5)
    assert made == [audit_segment_key(1), audit_segment_key(6), audit_segment_key(11)]
    report = log.verify()
    assert report.ok and report.segments == 3
    more = AuditLog(target.backend, seal_every=None)
    for i in range(3):
        more.append("u", "a", "t", {"i": i})
    rewrite(target, report.events + 2, {"actor": "mallory"}, rehash=False)
    with pytest.raises(StoreError, match="cannot seal"):
        AuditLog(target.backend).seal()


# --- the unsealed tail, found without listing every event ----------------------------------


def test_deleted_run_in_the_tail_is_named(target: StoreTarget) -> None:
    log = sealed(target, 23)
    more = AuditLog(target.backend, seal_every=None)
    for i in range(10):
        more.append("u", "a", "t", {"i": i})
    head = log.head()[0]
    assert head - log.verify().sealed_events > 8  # the deleted run is in the unsealed tail
    for seq in range(head - 5, head - 2):
        target.raw_delete(audit_event_key(seq))
    seq, reason = first_bad(log)
    assert seq == head - 5 and "missing" in reason and f"next stored is {head - 2}" in reason


def test_event_planted_past_the_head_is_named(target: StoreTarget) -> None:
    log = filled(target, 12)
    target.raw_put(audit_event_key(25), target.backend.read(audit_event_key(12)))
    seq, reason = first_bad(log)  # locally: within TAIL_PROBE of the missing 13 (or doubling
    assert seq == 13 and "next stored is 25" in reason  # steps); S3 lists from the last segment
    assert [e.seq for e in log.events()] == [*range(1, 13), 12]  # read as the listing did


def test_fast_verify_does_not_list_the_events_folder(
    target: StoreTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing audit/events/ locally reads every name (O(all events)); verify finds the tail
    by number instead. S3 lists from the last segment on: StartAfter seeks server-side."""
    log = sealed(target, 23)
    listed: list[str] = []
    inner = target.backend.list

    def spy(prefix: str, start_after: str | None = None) -> Iterator[str]:
        listed.append(prefix)
        return inner(prefix, start_after)

    monkeypatch.setattr(target.backend, "list", spy)
    report = log.verify()
    assert report.ok and report.events == log.head()[0]
    lists_events = AUDIT_EVENTS in listed
    assert lists_events == (target.kind == "s3"), listed
    listed.clear()
    assert log.verify(deep=True).ok and AUDIT_EVENTS in listed  # deep lists everything


# --- a seal interrupted between its segment and its claim ----------------------------------


def orphan_segment(target: StoreTarget, first: int, last: int) -> str:
    """What a sealer killed after creating its segment leaves: the segment, no claim."""
    body = b"".join(target.backend.read(audit_event_key(s)) + b"\n" for s in range(first, last + 1))
    key = audit_segment_key(first)
    assert target.backend.create(key, body)
    return key


def test_interrupted_seal_is_reported_then_claimed_by_the_next_append(
    target: StoreTarget,
) -> None:
    filled(target, 7)
    key = orphan_segment(target, 1, 5)
    report = AuditLog(target.backend).verify()
    assert report.ok and report.unclaimed == [key] and report.sealed_events == 5
    log = AuditLog(target.backend, seal_every=SEAL)
    for i in range(12):
        log.append("u", "a", "t", {"i": i})
    claims = [e for e in log.events() if e.action == "audit.sealed"]
    assert claims[0].target == key and claims[0].details["last"] == 5  # claimed late
    assert [c.details["first"] for c in claims] == [1, 6, 11, 16]  # sealing went on
    report = log.verify()
    assert report.ok and report.unclaimed == [] and report.segments == 4
    assert log.verify(deep=True).ok


def test_a_planted_unclaimed_segment_is_never_claimed(target: StoreTarget) -> None:
    filled(target, 7)
    lines = [target.backend.read(audit_event_key(s)) for s in range(1, 6)]
    lines[2] = lines[2].replace(b'"actor":"user', b'"actor":"mallory')
    target.raw_put(audit_segment_key(1), b"\n".join(lines) + b"\n")
    log = AuditLog(target.backend, seal_every=SEAL)
    log.append("u", "a", "t")  # would claim an interrupted seal's segment; not this one
    assert not any(e.action == "audit.sealed" and e.details["first"] == 1 for e in log.events())
    seq, reason = first_bad(log)
    assert seq == 3 and "altered" in reason


def test_get_reads_a_sealed_event_from_its_segment(target: StoreTarget) -> None:
    """get() serves the copy verify checks: a per-event copy altered after sealing (which only
    a deep verify compares) is not what get() returns."""
    log = sealed(target)
    report = log.verify()
    events = {e.seq: e for e in log.events()}
    assert all(log.get(seq) == ev for seq, ev in events.items())
    raw = json.loads(target.backend.read(audit_event_key(3)))
    raw["actor"] = "mallory"
    target.raw_put(audit_event_key(3), canonical_json(raw))
    assert log.get(3) == events[3] and log.get(3).actor != "mallory"
    assert log.get(report.events).seq == report.events  # the unsealed tail: its own object
    for missing in (0, report.events + 1):
        with pytest.raises(NotFound):
            log.get(missing)
