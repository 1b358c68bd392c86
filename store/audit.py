"""The audit log: a hash chain of create-only events, safe with concurrent writers.

Event N lives at audit/events/<N, 12 digits>.json and carries the hash of event N-1.
Appending is "create N if absent": a writer that loses the race reads the winner, moves its
head on and tries N+1, so two processes can never fork the chain or lose an event.

Sealed segments (fast verify). Every `seal_every` events the appender packs the run of events
after the last segment into one create-only object, audit/segments/<first seq>.jsonl: the
exact stored bytes of each event, one per line, after checking their chain. It then appends
an `audit.sealed` event whose details hold the segment's first/last seq and the SHA-256 of its
bytes, so the segment's digest is itself protected by the hash chain. `verify` checks a
segment with one SHA-256 over its bytes against that claim (found in a later segment or in
the unsealed tail, which is walked event by event), plus the links at its two ends; a hidden
change inside a segment therefore needs the chain rewritten from a later event on, exactly
as without segments. A segment that does not match is walked event by event to name the
first bad one. Per-event objects are never deleted (on a versioned bucket If-None-Match: *
succeeds over a delete marker, so a stale writer could re-create event N): `verify(deep=True)`
also checks each of them against its line in the segment.

The tail after the last segment is found without listing every event where listing cannot
start at a name (a local folder): see `_tail`. A segment whose claim was never appended (the
sealer killed between its two writes) is walked event by event and reported as `unclaimed`;
the next appender or `seal()` claims it if it is the newest and its lines are the stored
events byte for byte.
"""

import hashlib
import itertools
import json
import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from store.backend import ObjectBackend
from store.canonical import canonical_json, event_hash
from store.errors import NotFound, StoreError
from store.keys import (
    AUDIT_EVENTS,
    AUDIT_SEGMENTS,
    audit_event_key,
    audit_segment_key,
    seq_of,
)
from store.models import GENESIS_HASH, AuditEvent

Clock = Callable[[], datetime]
MAX_APPEND_ATTEMPTS = 10_000
TAIL_PROBE = 16  # past a missing event, fast verify probes this many numbers one by one
TAIL_PROBE_MAX = 1 << 40  # then doubling steps up to this far
CLAIM_WINDOW = 10_000  # a segment's claim follows it within this many events
SEAL_EVERY = 1000
SEAL_ACTOR = "navolg"
SEAL_ACTION = "audit.sealed"
_CLAIM_PREFIX = b'{"action":"audit.sealed","actor":"navolg",'
log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class BadEvent(BaseModel):
    seq: int
    key: str
    reason: str


class VerifyReport(BaseModel):
    ok: bool
    events: int
    bytes: int
    head_hash: str
    first_bad: BadEvent | None = None
    sealed_events: int = 0
    segments: int = 0
    deep: bool = False
    unclaimed: list[str] = []  # segments with no `audit.sealed` claim: walked event by event


class AuditFilter(BaseModel):
    actor: str | None = None
    action: str | None = None
    target_prefix: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    after_seq: int = 0
    limit: int | None = None

    def matches(self, ev: AuditEvent) -> bool:
        return (
            (self.actor is None or ev.actor == self.actor)
            and (self.action is None or ev.action == self.action)
            and (self.target_prefix is None or ev.target.startswith(self.target_prefix))
            and (self.since is None or ev.time >= self.since)
            and (self.until is None or ev.time <= self.until)
        )


class Segment(BaseModel):
    """What verify learns from one segment object without parsing more than its two ends."""

    key: str
    first: int
    last: int
    digest: str
    first_prev: str
    last_hash: str
    size: int  # bytes of the object, line breaks included


class _Pending:
    """One append waiting in the group-commit queue, and its outcome."""

    __slots__ = ("args", "done", "error", "event")

    def __init__(self, actor: str, action: str, target: str, details: dict[str, Any] | None):
        self.args = (actor, action, target, details)
        self.done = False
        self.event: AuditEvent | None = None
        self.error: BaseException | None = None

    def fail(self, error: BaseException) -> None:
        self.error, self.done = error, True

    def result(self) -> AuditEvent:
        if self.error is not None:
            raise self.error  # the backend's own error, as a lone append raised it
        assert self.event is not None
        return self.event


class AuditLog:
    def __init__(
        self, backend: ObjectBackend, clock: Clock = utc_now, seal_every: int | None = SEAL_EVERY
    ) -> None:
        self.backend = backend
        self.clock = clock
        self.seal_every = seal_every  # None or 0: never seal from append (`seal()` still works)
        self._lock = threading.Lock()  # the writer: one batch (or seal) at a time
        self._queue_ready = threading.Condition(threading.Lock())
        self._queue: list[_Pending] = []  # appends waiting for the next batch
        self._leading = False  # a thread is writing a batch
        self._head: tuple[int, str] | None = None  # (seq, hash) of the last event seen
        self._sealed: tuple[int, str] | None = None  # (last seq, last hash) of the last segment
        self._recent: dict[int, bytes] = {}  # bytes of events written/seen since that segment
        self._sealing = False
        self._next_seal_try = 0  # after a failed seal, wait another seal_every events

    def append(
        self, actor: str, action: str, target: str, details: dict[str, Any] | None = None
    ) -> AuditEvent:
        """Write one event and return it once it is durable; raises StoreError if it cannot
        be written. Every `seal_every` events it then seals the run before it (a failure to
        seal is logged, never raised: the event is already stored).

        Group commit (one process): appends that arrive while another thread is writing wait
        in a queue; when that write ends, one of them (the leader) writes the whole queue in
        order under the writer lock, inside the backend's group_commit (store/local.py).
        Each event is still created on its own, create-if-absent after the one before it, so
        a lost race with another process re-chains as before (no fork; on the local store
        processes take turns instead, see `_writer`); on the local backend
        the batch is created with `create_many`: one barrier for all its bytes, the links in
        order, one closing barrier (2 barriers for k events instead of 2k), and names become
        durable in link order, so a crash can lose a suffix of a batch, never leave N+1
        without N. Nobody is answered before the group's closing barrier returned:
        if it fails, every event of the batch raises (fail closed)."""
        if not actor or not action:
            raise StoreError("an audit event needs an actor and an action")
        mine = _Pending(actor, action, target, details)
        with self._queue_ready:
            self._queue.append(mine)
            while not mine.done and self._leading:
                self._queue_ready.wait()
            if not mine.done:
                self._leading = True
                batch, self._queue = self._queue, []
        if not mine.done:
            try:
                self._write_batch(batch)
            finally:
                with self._queue_ready:
                    self._leading = False
                    self._queue_ready.notify_all()
        return mine.result()

    def _write_batch(self, batch: "list[_Pending]") -> None:
        """Write the events in order; every one of them is done (event or error) on return."""
        try:
            with self._writer():
                try:
                    with self._durable_group():
                        self._append_batch_locked(batch)
                except Exception as exc:
                    # Fail closed: events after the failure are not written, and those before
                    # it are not confirmed (the closing barrier is in doubt): all raise.
                    for pending in batch:
                        pending.fail(exc)
                    return
                for pending in batch:
                    pending.done = True
                last = batch[-1].event
                if self.seal_every and not self._sealing and last is not None:
                    self._maybe_seal(last.seq)
        finally:
            for pending in batch:
                if not pending.done:
                    pending.fail(StoreError("the audit write was interrupted"))

    @contextmanager
    def _writer(self) -> Iterator[None]:
        """The writer lock of this process and, where the backend has one (the local store),
        of every process on the store: writers on one machine (server workers, an ingest
        beside the server) then take turns by batch instead of racing for the same numbers,
        where every lost race wrote the rest of the batch one event at a time (two barriers
        each: with two server processes that halved the search rate). On arrival the head
        is checked, since another process may have appended since our last batch. On S3
        there is no such lock and a lost race re-chains as before."""
        exclusive = getattr(self.backend, "exclusive", None)
        with self._lock, exclusive("audit") if callable(exclusive) else nullcontext():
            if callable(exclusive) and self._head is not None:
                seq = self._head[0]
                if self.backend.exists(audit_event_key(seq + 1)):
                    self._head = self._find_head(after=seq)
            yield

    def _durable_group(self) -> AbstractContextManager[None]:
        group = getattr(self.backend, "group_commit", None)
        return group() if callable(group) else nullcontext()

    def _append_batch_locked(self, batch: "list[_Pending]") -> None:
        """Chain the batch after the head and create it in one go where the backend can
        (`create_many`: two barriers for the batch on the local store); from the first
        number another process took, the rest go one by one, re-chained after its event."""
        create_many = getattr(self.backend, "create_many", None)
        if callable(create_many) and len(batch) > 1:
            seq, prev = self._head if self._head is not None else self._find_head()
            made: list[tuple[dict[str, Any], bytes]] = []
            for pending in batch:
                raw = self._event(
                    seq + len(made) + 1, made[-1][0]["hash"] if made else prev, *pending.args
                )
                made.append((raw, canonical_json(raw)))
            created = create_many([(audit_event_key(r["seq"]), data) for r, data in made])
            for pending, (raw, data) in zip(batch[:created], made, strict=False):
                self._head = (raw["seq"], raw["hash"])
                self._remember(raw["seq"], data)
                pending.event = AuditEvent.model_validate(raw)
            batch = batch[created:]
        for pending in batch:
            pending.event = self._append_locked(*pending.args)

    def _event(
        self,
        seq: int,
        prev: str,
        actor: str,
        action: str,
        target: str,
        details: dict[str, Any] | None,
    ) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "seq": seq,
            "time": self.clock().astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "actor": actor,
            "action": action,
            "target": target,
            "details": details or {},
            "prev_hash": prev,
        }
        raw["hash"] = event_hash(raw)
        return raw

    def _append_locked(
        self, actor: str, action: str, target: str, details: dict[str, Any] | None
    ) -> AuditEvent:
        seq, prev = self._head if self._head is not None else self._find_head()
        for _attempt in range(MAX_APPEND_ATTEMPTS):
            raw = self._event(seq + 1, prev, actor, action, target, details)
            data = canonical_json(raw)
            if self.backend.create(audit_event_key(seq + 1), data):
                self._head = (seq + 1, raw["hash"])
                self._remember(seq + 1, data)
                return AuditEvent.model_validate(raw)
            other = self.backend.read(audit_event_key(seq + 1))
            self._remember(seq + 1, other)
            seq, prev = seq + 1, str(json.loads(other)["hash"])
        raise StoreError("could not append to the audit log: too much contention")

    def _remember(self, seq: int, data: bytes) -> None:
        if self.seal_every and len(self._recent) < 4 * self.seal_every:
            self._recent[seq] = data

    def head(self) -> tuple[int, str]:
        """(seq, hash) of the newest event, (0, genesis) for an empty log."""
        return self._find_head()

    def _read_raw(self, seq: int) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.backend.read(audit_event_key(seq)))
        return data

    def _find_head(self, after: int = 0) -> tuple[int, str]:
        """Exponential then binary search on existence from `after` (0, or a seq known to be
        stored): O(log n) probes on any backend, n the events after it."""
        if not self.backend.exists(audit_event_key(after + 1)):
            return (after, str(self._read_raw(after)["hash"])) if after else (0, GENESIS_HASH)
        low, step = after + 1, 1
        high = low + step
        while self.backend.exists(audit_event_key(high)):
            low, step = high, step * 2
            high = low + step
        while high - low > 1:
            mid = (low + high) // 2
            if self.backend.exists(audit_event_key(mid)):
                low = mid
            else:
                high = mid
        return low, str(self._read_raw(low)["hash"])

    # --- sealing ---------------------------------------------------------------------------

    def _segment_keys(self) -> list[str]:
        return list(self.backend.list(AUDIT_SEGMENTS))

    def _last_sealed(self) -> tuple[int, str]:
        """(last seq, last hash) of the newest segment; (0, genesis) if none. A segment whose
        `audit.sealed` claim was never appended (the sealer was killed between the two) is
        claimed now, if its lines are exactly the stored events (never a planted one)."""
        keys = self._segment_keys()
        if not keys:
            return 0, GENESIS_HASH
        data = self.backend.read(keys[-1])
        seg = _segment_summary(keys[-1], data)
        if not self._is_claimed(seg):
            self._claim_orphan(seg, data)
        return seg.last, seg.last_hash

    def _is_claimed(self, seg: Segment) -> bool:
        """Its claim is appended right after it is created: look in the events after it
        (almost always the very next one, one read)."""
        for key, data in itertools.chain(
            self.backend.read_many([audit_event_key(seg.last + 1)]), self._tail(seg.last + 1)
        ):
            if seq_of(key) > seg.last + CLAIM_WINDOW:
                break
            if data is not None and data.startswith(_CLAIM_PREFIX):
                try:
                    det = json.loads(data)["details"]
                    if (det["first"], det["last"], det["sha256"]) == (
                        seg.first,
                        seg.last,
                        seg.digest,
                    ):
                        return True
                except (ValueError, KeyError, TypeError):
                    continue
        return False

    def _claim_orphan(self, seg: Segment, data: bytes) -> None:
        lines = data.split(b"\n")[:-1]
        if len(lines) != seg.last - seg.first + 1 or seg.key != audit_segment_key(seg.first):
            log.warning("audit log: %s is not claimed and not well formed; left", seg.key)
            return
        keys = [audit_event_key(s) for s in range(seg.first, seg.last + 1)]
        stored = dict(self.backend.read_many(keys))
        prev = GENESIS_HASH
        if seg.first > 1:
            prev = str(self._read_raw(seg.first - 1)["hash"])
        verifier = _ChainVerifier(start=seg.first - 1, prev_hash=prev)
        for key, line in zip(keys, lines, strict=True):
            if stored.get(key) != line or verifier.check(key, line) is not None:
                log.warning("audit log: %s is not claimed and differs from the log; left", seg.key)
                return
        details = {"first": seg.first, "last": seg.last, "bytes": seg.size, "sha256": seg.digest}
        self._sealing = True
        try:
            self._append_locked(SEAL_ACTOR, SEAL_ACTION, seg.key, details)
        finally:
            self._sealing = False
        log.warning("audit log: %s had no audit.sealed claim (interrupted seal): claimed", seg.key)

    def _maybe_seal(self, seq: int) -> None:
        every = self.seal_every or 0
        if seq < self._next_seal_try:
            return
        try:
            if self._sealed is None:
                self._sealed = self._last_sealed()
            if seq - self._sealed[0] >= every:
                self._seal_locked(every)
        except (StoreError, ValueError) as err:
            log.warning("audit log: sealing failed (retried in %d events): %s", every, err)
            self._sealed = None
            self._next_seal_try = seq + every

    def seal(self, max_events: int = SEAL_EVERY) -> list[str]:
        """Seal every event after the last segment, max_events per segment; keys created."""
        made: list[str] = []
        with self._writer():
            self._sealed = self._last_sealed()
            self._head = None
            while self._find_head()[0] > self._sealed[0]:
                self._head = None
                made.extend(self._seal_locked(max_events))
                if self._find_head()[0] - self._sealed[0] <= 1:  # only our own claim is left
                    break
        return made

    def _seal_locked(self, max_events: int) -> list[str]:
        """Pack up to max_events events after the last segment into one segment, then log
        its digest as an `audit.sealed` event. A lost race (someone else sealed) is fine."""
        assert self._sealed is not None
        last_seq, last_hash = self._sealed
        head = self._head[0] if self._head is not None else self._find_head()[0]
        first = last_seq + 1
        last = min(head, last_seq + max(1, max_events))
        if last < first:
            return []
        missing = [s for s in range(first, last + 1) if s not in self._recent]
        found = {s: d for s, d in self._recent.items() if first <= s <= last}
        for key, data in self.backend.read_many(audit_event_key(s) for s in missing):
            if data is None:
                raise StoreError(f"cannot seal: {key} is missing")
            found[seq_of(key)] = data
        verifier = _ChainVerifier(start=last_seq, prev_hash=last_hash)
        lines = []
        for s in range(first, last + 1):
            data = found[s]
            bad = verifier.check(audit_event_key(s), data)
            if bad is not None:
                raise StoreError(f"cannot seal: event {bad.seq} is bad ({bad.reason})")
            if b"\n" in data:
                raise StoreError(f"cannot seal: event {s} is stored with a line break")
            lines.append(data)
        body = b"\n".join(lines) + b"\n"
        key = audit_segment_key(first)
        if not self.backend.create(key, body):  # lost the race: learn where the winner ends
            seg = _segment_summary(key, self.backend.read(key))
            self._sealed = (seg.last, seg.last_hash)
            self._forget_upto(seg.last)
            return []
        self._sealed = (last, verifier.prev_hash)
        self._forget_upto(last)
        self._sealing = True
        try:
            details = {
                "first": first,
                "last": last,
                "bytes": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
            }
            self._append_locked(SEAL_ACTOR, SEAL_ACTION, key, details)
        finally:
            self._sealing = False
        return [key]

    def _forget_upto(self, seq: int) -> None:
        self._recent = {s: d for s, d in self._recent.items() if s > seq}

    # --- reading ---------------------------------------------------------------------------

    def stored_events(self, after_seq: int = 0) -> Iterator[tuple[int, bytes]]:
        """(seq, exact stored bytes) of every event after after_seq, unchecked (LogTree checks
        each): sealed ranges from their segments, then the tail."""
        return self._stored(after_seq)

    def _stored(self, after_seq: int = 0) -> Iterator[tuple[int, bytes]]:
        """(seq, stored bytes) in order: sealed ranges from their segments, then the tail
        (and any range no segment holds, from its per-event objects)."""
        keys = self._segment_keys()
        firsts = [seq_of(k) for k in keys]
        expected = after_seq + 1
        for i, key in enumerate(keys):
            if i + 1 < len(keys) and firsts[i + 1] <= expected:
                continue
            if firsts[i] > expected:
                gap = (audit_event_key(s) for s in range(expected, firsts[i]))
                for gkey, data in self.backend.read_many(gap):
                    if data is not None:
                        yield seq_of(gkey), data
            for offset, line in enumerate(self.backend.read(key).splitlines()):
                seq = firsts[i] + offset
                if seq >= expected:
                    yield seq, line
                    expected = seq + 1
        for key, data in self._tail(expected - 1):
            if data is not None:
                yield seq_of(key), data

    def _raw_events(self, after_seq: int = 0) -> Iterator[tuple[str, bytes | None]]:
        """Every per-event object after after_seq, from a listing (O(all names) locally)."""
        start = audit_event_key(after_seq) if after_seq > 0 else None
        return self.backend.read_many(self.backend.list(AUDIT_EVENTS, start_after=start))

    def _tail(self, after_seq: int, complete: bool = False) -> Iterator[tuple[str, bytes | None]]:
        """The per-event objects after after_seq, in order, as a listing from there gives them.

        A backend whose listing seeks to its start key (S3's StartAfter, server-side) is
        listed. Elsewhere (a local folder: listing reads every name in audit/events/, O(all
        events) though only the tail is wanted) the events are read by number until one is
        missing, and past it TAIL_PROBE numbers and then doubling steps are probed, so a
        deleted event followed by later ones is still met; `complete` lists instead."""
        if complete or getattr(self.backend, "listing_seeks", False):
            yield from self._raw_events(after_seq)
            return
        seq = after_seq + 1
        while True:
            key = audit_event_key(seq)
            try:
                data = self.backend.read(key)
            except NotFound:
                found = self._next_stored(seq)
                if found is None:
                    return
                seq = found
                continue
            yield key, data
            seq += 1

    def _next_stored(self, missing: int) -> int | None:
        """The first probed event after `missing` that exists (or `missing` itself if a
        concurrent writer has just created it); None if no probe finds one."""
        steps = [*range(1, TAIL_PROBE + 1)]
        step = TAIL_PROBE
        while step < TAIL_PROBE_MAX:
            step *= 2
            steps.append(step)
        for step in steps:
            if self.backend.exists(audit_event_key(missing + step)):
                return missing if self.backend.exists(audit_event_key(missing)) else missing + step
        return None

    def events(self, flt: AuditFilter | None = None) -> Iterator[AuditEvent]:
        """Events in order, filtered; a linear scan (the search index will serve big logs)."""
        flt = flt or AuditFilter()
        found = 0
        for _seq, data in self._stored(flt.after_seq):
            ev = AuditEvent.model_validate_json(data)
            if flt.matches(ev):
                yield ev
                found += 1
                if flt.limit is not None and found >= flt.limit:
                    return

    def get(self, seq: int) -> AuditEvent:
        """Event seq as verify checks it: the line of its sealed segment once sealed (the
        per-event copy of a sealed event is only compared by a deep verify), else its own
        object. One listing of the segments and one read."""
        if seq < 1:
            raise NotFound(f"no audit event {seq}")
        holder = [k for k in self._segment_keys() if _safe_seq(k) <= seq][-1:]
        if holder:
            first = _safe_seq(holder[0])
            lines = self.backend.read(holder[0]).splitlines()
            if seq - first < len(lines):
                return AuditEvent.model_validate_json(lines[seq - first])
        try:
            return AuditEvent.model_validate(self._read_raw(seq))
        except NotFound:
            raise NotFound(f"no audit event {seq}") from None

    # --- verifying -------------------------------------------------------------------------

    def verify(
        self, progress: Callable[[int], None] | None = None, *, deep: bool = False
    ) -> VerifyReport:
        """Check the chain from event 1 and name the first event that breaks it.

        Sealed segments cost one SHA-256 each (against the digest the chain recorded for
        them); the tail after the last segment is walked event by event. deep=True also walks
        every segment event by event and checks each per-event object equals its line."""
        return _Verification(self, progress, deep).run()


class _Verification:
    """Segments by digest (claims from later segments and the tail), then the tail."""

    def __init__(self, log: AuditLog, progress: Callable[[int], None] | None, deep: bool) -> None:
        self.log = log
        self.backend = log.backend
        self.progress = progress
        self.deep = deep
        self.claims: dict[int, list[tuple[int, str]]] = {}  # first -> [(last, sha256)]
        self.unclaimed: list[str] = []

    def run(self) -> VerifyReport:
        segments = self._read_segments()
        ends = [s.last for s in segments if isinstance(s, Segment)]
        tail = list(self.log._tail(max(ends, default=0), complete=self.deep))
        for _key, event in tail:
            if event is not None and event.startswith(_CLAIM_PREFIX):
                self._collect_claims(event)
        verifier = _ChainVerifier()
        for seg in segments:
            bad = self._check_segment(seg, verifier)
            if bad is not None:
                return self._report(verifier, bad, len(segments))
            if self.progress is not None:
                self.progress(verifier.count)
        sealed = verifier.count
        if tail and seq_of(tail[0][0]) > verifier.count + 1:  # a bad end walked: re-list
            tail = list(self.log._tail(verifier.count, complete=self.deep))
        present = {_safe_seq(s if isinstance(s, str) else s.key) for s in segments}
        bad = self._check_tail(tail, verifier, present)
        return self._report(verifier, bad, len(segments), sealed)

    def _read_segments(self) -> "list[Segment | str]":
        """Summaries of every segment (a key alone when unreadable) and the claims in them."""
        segments: list[Segment | str] = []
        # Read ahead in parallel where the backend can (on S3 each GET is a network wait).
        for key, data in self.backend.read_many(self.log._segment_keys()):
            if data is None:  # deleted since it was listed: reported like an unreadable one
                segments.append(key)
                continue
            try:
                segments.append(_segment_summary(key, data))
            except (ValueError, KeyError, TypeError):
                segments.append(key)
            self._collect_claims(data)
        return segments

    def _check_tail(
        self, tail: list[tuple[str, bytes | None]], verifier: "_ChainVerifier", present: set[int]
    ) -> BadEvent | None:
        """The unsealed tail event by event; then every segment the chain sealed exists."""
        for key, event in tail:
            if seq_of(key) > verifier.count:
                bad = verifier.check(key, event)
                if bad is not None:
                    return bad
        for first, claims in sorted(self.claims.items()):
            if first not in present and any(last <= verifier.count for last, _d in claims):
                return BadEvent(
                    seq=first,
                    key=audit_segment_key(first),
                    reason=f"the chain records a sealed segment from event {first} "
                    "but it is not in the store (deleted); its events are still stored",
                )
        return None

    def _report(
        self, verifier: "_ChainVerifier", bad: BadEvent | None, segments: int, sealed: int = 0
    ) -> VerifyReport:
        update = {"sealed_events": sealed, "segments": segments, "deep": self.deep}
        return verifier.report(bad).model_copy(update={**update, "unclaimed": self.unclaimed})

    def _collect_claims(self, data: bytes) -> None:
        """Record every `audit.sealed` claim in these bytes (one event or a whole segment).
        Claims are written canonical, so each starts a line with _CLAIM_PREFIX."""
        pos = 0 if data.startswith(_CLAIM_PREFIX) else data.find(b"\n" + _CLAIM_PREFIX) + 1
        while pos > 0 or data.startswith(_CLAIM_PREFIX):
            end = data.find(b"\n", pos)
            line = data[pos : end if end >= 0 else len(data)]
            try:
                raw = json.loads(line)
                det = raw["details"]
                if raw["action"] == SEAL_ACTION and raw["actor"] == SEAL_ACTOR:
                    claim = (int(det["last"]), str(det["sha256"]))
                    self.claims.setdefault(int(det["first"]), []).append(claim)
            except (ValueError, KeyError, TypeError):
                pass  # not a well-formed claim: the chain check of that event says why
            if end < 0:
                return
            nxt = data.find(b"\n" + _CLAIM_PREFIX, end)
            if nxt < 0:
                return
            pos = nxt + 1

    def _check_segment(self, seg: "Segment | str", verifier: "_ChainVerifier") -> BadEvent | None:
        """Fast: the segment's digest is claimed by a later event and its ends join the
        chain. Otherwise (or deep) walk its lines to name the first bad event."""
        key = seg if isinstance(seg, str) else seg.key
        first = _safe_seq(key)
        if first > verifier.count + 1:  # no segment holds these: walk their own objects
            gap = (audit_event_key(s) for s in range(verifier.count + 1, first))
            for gkey, data in self.backend.read_many(gap):
                bad = verifier.check(gkey, data)
                if bad is not None:
                    return bad
        if isinstance(seg, Segment):
            # A claimed digest means these are the very bytes the sealer wrote after checking
            # their chain: last - first + 1 events, one per line (so the lines are not
            # counted here: bytes.count costs more than the SHA-256). Otherwise it is walked.
            claimed = (seg.last, seg.digest) in self.claims.get(seg.first, [])
            joins = seg.first == verifier.count + 1 and seg.first_prev == verifier.prev_hash
            if joins and claimed and not self.deep:
                verifier.count = seg.last
                verifier.nbytes += seg.size - (seg.last - seg.first + 1)
                verifier.prev_hash = seg.last_hash
                return None
        else:
            claimed = False
        return self._walk(key, verifier, claimed)

    def _walk(self, key: str, verifier: "_ChainVerifier", claimed: bool) -> BadEvent | None:
        """Event by event through the segment's lines; against the per-event objects too
        when deep, or when the segment is not the one the chain sealed (to name the event)."""
        data = self.backend.read(key)
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        first = verifier.count + 1
        if _safe_seq(key) != first:
            return BadEvent(
                seq=first, key=key, reason=f"segment {key} overlaps events before event {first}"
            )
        compare = self.deep or (not claimed and first in self.claims)
        keys = [audit_event_key(first + i) for i in range(len(lines))]
        objects = dict(self.backend.read_many(keys)) if compare else {}
        for i, line in enumerate(lines):
            if compare and objects.get(keys[i]) != line:
                return self._differs(key, i, line, objects.get(keys[i]), verifier)
            bad = verifier.check(keys[i], line)
            if bad is not None:
                return bad.model_copy(update={"key": f"{key} line {i + 1}"})
        if not claimed and first in self.claims:
            return BadEvent(
                seq=first,
                key=key,
                reason=f"segment {key} does not match the digest the chain recorded for it",
            )
        if not claimed:  # sound event by event, but its digest is not in the chain
            self.unclaimed.append(key)
        return None

    def _differs(
        self, key: str, i: int, line: bytes, stored: bytes | None, verifier: "_ChainVerifier"
    ) -> BadEvent:
        """Line i of a segment and the per-event object differ: name which copy is wrong."""
        seq = verifier.count + 1
        event_key = audit_event_key(seq)
        if self.deep and stored is None:
            why = f"event {seq} is missing (deleted) though sealed in {key}"
            return BadEvent(seq=seq, key=event_key, reason=why)
        where = f"{key} line {i + 1}"
        bad = verifier.check(event_key, line)
        if bad is not None:
            return bad.model_copy(update={"key": where})
        if not self.deep:
            return BadEvent(seq=seq, key=where, reason=f"event {seq} differs from the one sealed")
        # the segment line is sound: the per-event copy was changed
        bad = _ChainVerifier(seq - 1, _prev_of(line)).check(event_key, stored)
        why = bad.reason if bad is not None else "differs from its sealed copy"
        return BadEvent(seq=seq, key=event_key, reason=f"event {seq}: {why}")


def _prev_of(line: bytes) -> str:
    try:
        return str(json.loads(line)["prev_hash"])
    except (ValueError, KeyError, TypeError):
        return GENESIS_HASH


def _safe_seq(key: str) -> int:
    try:
        return seq_of(key)
    except ValueError:
        return 0


def _segment_summary(key: str, data: bytes) -> Segment:
    """One SHA-256 over the whole segment and a parse of its first and last lines only."""
    if not data.endswith(b"\n"):
        raise ValueError(f"segment {key} is truncated")
    cut = data.find(b"\n")
    head = json.loads(data[:cut])
    start = data.rfind(b"\n", 0, len(data) - 1) + 1
    tail = json.loads(data[start:-1])
    return Segment(
        key=key,
        first=int(head["seq"]),
        last=int(tail["seq"]),
        digest=hashlib.sha256(data).hexdigest(),
        first_prev=str(head["prev_hash"]),
        last_hash=str(tail["hash"]),
        size=len(data),
    )


class _ChainVerifier:
    def __init__(self, start: int = 0, prev_hash: str = GENESIS_HASH) -> None:
        self.count = start
        self.nbytes = 0
        self.prev_hash = prev_hash

    def report(self, bad: BadEvent | None) -> VerifyReport:
        return VerifyReport(
            ok=bad is None,
            events=self.count,
            bytes=self.nbytes,
            head_hash=self.prev_hash,
            first_bad=bad,
        )

    def check(self, key: str, data: bytes | None) -> BadEvent | None:
        expected = self.count + 1
        try:
            key_seq = seq_of(key)
        except ValueError:
            return BadEvent(seq=expected, key=key, reason="unexpected object in the audit log")
        if key_seq != expected:
            return BadEvent(
                seq=expected,
                key=audit_event_key(expected),
                reason=f"event {expected} is missing (deleted); next stored is {key_seq}",
            )
        if data is None:
            return BadEvent(seq=expected, key=key, reason=f"event {expected} vanished during read")
        reason = self._problem(data, expected)
        if reason is not None:
            return BadEvent(seq=expected, key=key, reason=reason)
        self.count = expected
        self.nbytes += len(data)
        return None

    def _problem(self, data: bytes, expected: int) -> str | None:
        fast = canonical_fields(data)
        if fast is not None and fast == (expected, self.prev_hash, fast[2]):
            self.prev_hash = fast[2]
            return None
        return self._problem_parsed(data, expected)

    def _problem_parsed(self, data: bytes, expected: int) -> str | None:
        """The slow path, which also says what is wrong."""
        try:
            raw = json.loads(data)
        except ValueError:
            return "not valid JSON (altered or truncated)"
        if not isinstance(raw, dict) or "hash" not in raw:
            return "not an audit event (no hash)"
        if event_hash(raw) != raw["hash"]:
            return "content does not match its hash (altered)"
        if raw.get("seq") != expected:
            return f"records seq {raw.get('seq')} but is stored as event {expected} (moved)"
        if raw.get("prev_hash") != self.prev_hash:
            return (
                f"prev_hash does not match event {expected - 1} "
                "(an event before it was altered, inserted, removed or reordered)"
            )
        self.prev_hash = raw["hash"]
        return None


_CANONICAL_TAIL = re.compile(
    rb'"hash":"([0-9a-f]{64})","prev_hash":"([0-9a-f]{64})","seq":([0-9]+),"target":"'
)


def canonical_fields(data: bytes) -> tuple[int, str, str] | None:
    """(seq, prev_hash, hash) of an intact event in its canonical form, without parsing JSON.

    Events are written as canonical JSON (sorted keys), so the event without its own hash is
    the stored bytes with the `"hash":"…",` member cut out; hashing that slice is the same
    check as re-serialising the parsed event, at half the cost. Only the top-level members can
    match: `"hash"` follows `"details"` (the one nested object), and quotes inside strings are
    escaped. Anything else (altered, not canonical, a seq with leading zeros) returns None and
    goes the slow path, which names the problem.
    """
    matches = list(_CANONICAL_TAIL.finditer(data))
    if len(matches) != 1:
        return None
    found = matches[0]
    digest, prev, seq = found.group(1), found.group(2), found.group(3)
    if seq != str(int(seq)).encode():
        return None
    body = data[: found.start()] + data[found.start(2) - len(b'"prev_hash":"') :]
    if hashlib.sha256(body).hexdigest().encode() != digest:
        return None
    return int(seq), prev.decode(), digest.decode()
