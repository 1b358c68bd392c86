"""The audit log: a hash chain of create-only events, safe with concurrent writers.

Event N lives at audit/events/<N, 12 digits>.json and carries the hash of event N-1.
Appending is "create N if absent": a writer that loses the race reads the winner, moves its
head on and tries N+1, so two processes can never fork the chain or lose an event.
"""

import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from store.backend import ObjectBackend
from store.canonical import canonical_json, event_hash
from store.errors import NotFound, StoreError
from store.keys import AUDIT_EVENTS, audit_event_key, seq_of
from store.models import GENESIS_HASH, AuditEvent

Clock = Callable[[], datetime]
MAX_APPEND_ATTEMPTS = 10_000


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


class AuditLog:
    def __init__(self, backend: ObjectBackend, clock: Clock = utc_now) -> None:
        self.backend = backend
        self.clock = clock
        self._lock = threading.Lock()
        self._head: tuple[int, str] | None = None  # (seq, hash) of the last event seen

    def append(
        self, actor: str, action: str, target: str, details: dict[str, Any] | None = None
    ) -> AuditEvent:
        """Write one event and return it; raises StoreError if it cannot be written."""
        if not actor or not action:
            raise StoreError("an audit event needs an actor and an action")
        with self._lock:
            seq, prev = self._head if self._head is not None else self._find_head()
            for _attempt in range(MAX_APPEND_ATTEMPTS):
                raw: dict[str, Any] = {
                    "seq": seq + 1,
                    "time": self.clock().astimezone(UTC).isoformat().replace("+00:00", "Z"),
                    "actor": actor,
                    "action": action,
                    "target": target,
                    "details": details or {},
                    "prev_hash": prev,
                }
                raw["hash"] = event_hash(raw)
                if self.backend.create(audit_event_key(seq + 1), canonical_json(raw)):
                    self._head = (seq + 1, raw["hash"])
                    return AuditEvent.model_validate(raw)
                seq, prev = seq + 1, self._read_raw(seq + 1)["hash"]
            raise StoreError("could not append to the audit log: too much contention")

    def head(self) -> tuple[int, str]:
        """(seq, hash) of the newest event, (0, genesis) for an empty log."""
        return self._find_head()

    def _read_raw(self, seq: int) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.backend.read(audit_event_key(seq)))
        return data

    def _find_head(self) -> tuple[int, str]:
        """Exponential then binary search on existence: O(log n) probes on any backend."""
        if not self.backend.exists(audit_event_key(1)):
            return 0, GENESIS_HASH
        low, high = 1, 2
        while self.backend.exists(audit_event_key(high)):
            low, high = high, high * 2
        while high - low > 1:
            mid = (low + high) // 2
            if self.backend.exists(audit_event_key(mid)):
                low = mid
            else:
                high = mid
        return low, str(self._read_raw(low)["hash"])

    def _raw_events(self, after_seq: int = 0) -> Iterator[tuple[str, bytes | None]]:
        start = audit_event_key(after_seq) if after_seq > 0 else None
        return self.backend.read_many(self.backend.list(AUDIT_EVENTS, start_after=start))

    def events(self, flt: AuditFilter | None = None) -> Iterator[AuditEvent]:
        """Events in order, filtered; a linear scan (the search index will serve big logs)."""
        flt = flt or AuditFilter()
        found = 0
        for _key, data in self._raw_events(flt.after_seq):
            if data is None:
                continue
            ev = AuditEvent.model_validate_json(data)
            if flt.matches(ev):
                yield ev
                found += 1
                if flt.limit is not None and found >= flt.limit:
                    return

    def get(self, seq: int) -> AuditEvent:
        try:
            return AuditEvent.model_validate(self._read_raw(seq))
        except NotFound:
            raise NotFound(f"no audit event {seq}") from None

    def verify(self, progress: Callable[[int], None] | None = None) -> VerifyReport:
        """Walk the chain from event 1 and name the first event that breaks it."""
        verifier = _ChainVerifier()
        for key, data in self._raw_events():
            bad = verifier.check(key, data)
            if bad is not None:
                return verifier.report(bad)
            if progress is not None and verifier.count % 10_000 == 0:
                progress(verifier.count)
        return verifier.report(None)


class _ChainVerifier:
    def __init__(self) -> None:
        self.count = 0
        self.nbytes = 0
        self.prev_hash = GENESIS_HASH

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
        fast = _canonical_fields(data)
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


def _canonical_fields(data: bytes) -> tuple[int, str, str] | None:
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
