"""Canonical JSON: the exact bytes that are hashed, so anyone can recompute a hash."""

import hashlib
import json
from typing import Any


def canonical_json(obj: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8 (like RFC 8785 for the values we store)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(raw: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the event, everything but its own 'hash'."""
    body = {k: v for k, v in raw.items() if k != "hash"}
    return hashlib.sha256(canonical_json(body)).hexdigest()
