"""Signed checkpoints of the audit log: tree size, RFC 6962 Merkle root, time, Ed25519 signature.

Checkpoint N lives at audit/checkpoints/<N, 12 digits>.json (create-only, like events); the
public key that signed it at audit/keys/<key id>.pem. A checkpoint commits to every event up to
its tree size, so a later rewrite of any of them — even one that re-hashes the whole chain —
no longer matches a checkpoint signed before it. Successive checkpoints must be consistent
(RFC 6962 consistency proofs): the log only grew.

The signature is Ed25519 over the canonical JSON of the checkpoint without its `signature`
field; the key id is the SHA-256 of the raw 32-byte public key.
"""

import base64
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, Field

from store.audit import AuditLog, canonical_fields, utc_now
from store.backend import ObjectBackend
from store.canonical import canonical_json, event_hash
from store.errors import NotFound, StoreError
from store.keys import AUDIT_EVENTS, seq_of
from store.merkle import MerkleTree, ProofError, leaf_hash, verify_consistency
from store.models import GENESIS_HASH

CHECKPOINTS = "audit/checkpoints/"
KEYS = "audit/keys/"
ORIGIN = "navolg audit log"
MAX_ATTEMPTS = 1000


class CheckpointError(StoreError):
    """A key cannot be loaded, or the log cannot be sealed (broken chain, rewritten log)."""


# --- keys --------------------------------------------------------------------------------


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_pem(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_public_key(data: bytes) -> Ed25519PublicKey:
    """A PEM public key, or the public half of a PEM private key."""
    try:
        if b"PRIVATE KEY" in data:
            return load_private_key_bytes(data).public_key()
        key = serialization.load_pem_public_key(data)
    except ValueError as err:
        raise CheckpointError(f"not a PEM Ed25519 key: {err}") from err
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError("the public key is not an Ed25519 key")
    return key


def load_private_key_bytes(data: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as err:
        raise CheckpointError(f"not an unencrypted PEM Ed25519 private key: {err}") from err
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError("the signing key is not an Ed25519 key")
    return key


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        return load_private_key_bytes(path.read_bytes())
    except OSError as err:
        raise CheckpointError(f"cannot read the signing key {path}: {err.strerror}") from err


def generate_key(path: Path) -> Ed25519PublicKey:
    """Write a new private key (mode 0600, never overwriting) and PATH.pub beside it."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as err:
        raise CheckpointError(f"{path} exists already; a signing key is never overwritten") from err
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    Path(f"{path}.pub").write_bytes(public_pem(key.public_key()))
    return key.public_key()


# --- checkpoints ---------------------------------------------------------------------------


class Checkpoint(BaseModel):
    origin: str = ORIGIN
    number: int
    tree_size: int
    root_hash: str = Field(description="RFC 6962 Merkle root over events 1..tree_size, hex")
    head_hash: str = Field(description="hash of event tree_size in the chain, hex")
    time: str = Field(description="UTC, ISO 8601, when it was signed")
    key_id: str = Field(description="SHA-256 of the raw Ed25519 public key, hex")
    signature: str = Field(default="", description="Ed25519 over signed_bytes(), base64")

    def signed_bytes(self) -> bytes:
        return canonical_json(self.model_dump(exclude={"signature"}))

    def check_signature(self, public: Ed25519PublicKey) -> None:
        """Raise CheckpointError unless this checkpoint was signed by `public`."""
        if key_id(public) != self.key_id:
            raise CheckpointError(
                f"checkpoint {self.number} was signed by key {self.key_id[:16]}…, "
                f"not by the given key {key_id(public)[:16]}…"
            )
        try:
            public.verify(base64.b64decode(self.signature, validate=True), self.signed_bytes())
        except (InvalidSignature, ValueError) as err:
            raise CheckpointError(
                f"checkpoint {self.number}: the signature does not match (altered or forged)"
            ) from err


def checkpoint_key(number: int) -> str:
    return f"{CHECKPOINTS}{number:012d}.json"


class LogTree:
    """The Merkle tree over the log as read so far; `refresh` reads only the new events.

    The sealed part is read from its segments (one object per run of events, the exact
    stored bytes of each, AuditLog's reading order), the tail from its per-event objects;
    every event is checked (its number, its hash, its link) as it is added either way. A
    per-event copy that differs from its sealed line is what `verify --deep` names."""

    def __init__(
        self, backend: ObjectBackend, on_event: Callable[[int, bytes], None] | None = None
    ) -> None:
        self.backend = backend
        self.on_event = on_event  # sees each event's bytes once (export collects its own)
        self.leaves: list[bytes] = []
        self.head_hash = GENESIS_HASH
        self._tree: MerkleTree | None = None

    def refresh(self) -> MerkleTree:
        """Read events after the last one seen, checking the chain; raise on a broken link."""
        reader = AuditLog(self.backend, seal_every=None)
        for seq, data in reader.stored_events(after_seq=len(self.leaves)):
            self._add(seq, data)
        self._tree = MerkleTree(self.leaves)
        return self._tree

    def _add(self, seq: int, data: bytes) -> None:
        expected = len(self.leaves) + 1
        if seq != expected:
            raise CheckpointError(f"event {expected} is missing: the log cannot be sealed")
        fields = _event_fields(data)
        if fields is None or fields[0] != expected or fields[1] != self.head_hash:
            raise CheckpointError(f"event {expected} breaks the chain: the log cannot be sealed")
        self.leaves.append(leaf_hash(data))
        self.head_hash = fields[2]
        if self.on_event is not None:
            self.on_event(expected, data)

    @property
    def tree(self) -> MerkleTree:
        return self._tree if self._tree is not None else self.refresh()


def _event_fields(data: bytes) -> tuple[int, str, str] | None:
    """(seq, prev_hash, hash) of an event whose hash matches its content; None otherwise."""
    fields = canonical_fields(data)  # the canonical form, checked without parsing
    if fields is not None:
        return fields
    try:
        raw = json.loads(data)
    except ValueError:
        return None
    if not isinstance(raw, dict) or event_hash(raw) != raw.get("hash"):
        return None
    seq = raw.get("seq")
    if not isinstance(seq, int):
        return None
    return seq, str(raw.get("prev_hash")), str(raw["hash"])


class CheckpointLog:
    """Makes, stores and reads checkpoints of one store's audit log."""

    def __init__(self, backend: ObjectBackend, audit: AuditLog | None = None) -> None:
        self.backend = backend
        self.audit = audit or AuditLog(backend)
        self.log_tree = LogTree(backend)

    def numbers(self) -> list[int]:
        return [seq_of(k) for k in self.backend.list(CHECKPOINTS)]

    def get(self, number: int) -> Checkpoint:
        try:
            return Checkpoint.model_validate_json(self.backend.read(checkpoint_key(number)))
        except NotFound:
            raise NotFound(f"no checkpoint {number}") from None

    def all(self) -> Iterator[tuple[str, bytes | None]]:
        return self.backend.read_many(self.backend.list(CHECKPOINTS))

    def latest(self) -> Checkpoint | None:
        numbers = self.numbers()
        return self.get(numbers[-1]) if numbers else None

    def stored_key(self, kid: str) -> Ed25519PublicKey:
        try:
            return load_public_key(self.backend.read(f"{KEYS}{kid}.pem"))
        except NotFound:
            raise CheckpointError(f"no public key {kid[:16]}… in the store") from None

    def make(self, signer: Ed25519PrivateKey) -> Checkpoint:
        """Seal the log as it is now; refuse if the chain is broken or an earlier seal no
        longer matches (signing a rewritten log would launder it)."""
        tree = self.log_tree.refresh()
        if tree.size == 0:
            raise CheckpointError("the audit log is empty: nothing to seal")
        public = signer.public_key()
        self.backend.create(f"{KEYS}{key_id(public)}.pem", public_pem(public))
        latest = self.latest()
        for _attempt in range(MAX_ATTEMPTS):
            if latest is not None:
                self._check_extends(latest, tree)
                if latest.tree_size >= tree.size:
                    return latest  # nothing new since: the latest seal covers it
            number = latest.number + 1 if latest else 1
            cp = self._signed(signer, number, tree)
            if self.backend.create(checkpoint_key(number), cp.model_dump_json().encode()):
                return cp
            latest = self.get(number)  # lost a race: the winner may already cover us
        raise CheckpointError("could not store a checkpoint: too much contention")

    def _signed(self, signer: Ed25519PrivateKey, number: int, tree: MerkleTree) -> Checkpoint:
        cp = Checkpoint(
            number=number,
            tree_size=tree.size,
            root_hash=tree.root().hex(),
            head_hash=self.log_tree.head_hash,
            time=utc_now().isoformat().replace("+00:00", "Z"),
            key_id=key_id(signer.public_key()),
        )
        signature = base64.b64encode(signer.sign(cp.signed_bytes())).decode()
        return cp.model_copy(update={"signature": signature})

    @staticmethod
    def _check_extends(earlier: Checkpoint, tree: MerkleTree) -> None:
        if earlier.tree_size > tree.size:
            raise CheckpointError(
                f"checkpoint {earlier.number} covers {earlier.tree_size} events but the log now "
                f"has {tree.size}: events were removed"
            )
        if tree.prefix_root(earlier.tree_size).hex() != earlier.root_hash:
            raise CheckpointError(
                f"the log no longer matches checkpoint {earlier.number}: "
                f"events 1..{earlier.tree_size} were rewritten"
            )

    def verify(self, pinned: Ed25519PublicKey | None = None) -> "CheckpointReport":
        """Every checkpoint: signed, matching the log, consistent with the one before."""
        return _CheckpointVerifier(self, pinned).run()


class BadCheckpoint(BaseModel):
    number: int
    key: str
    reason: str


class CheckpointReport(BaseModel):
    ok: bool
    checkpoints: int
    latest_tree_size: int = 0
    key_source: str = Field(description="'pinned' (given key) or 'store' (keys in audit/keys)")
    first_bad: BadCheckpoint | None = None


class _CheckpointVerifier:
    def __init__(self, log: CheckpointLog, pinned: Ed25519PublicKey | None) -> None:
        self.log = log
        self.pinned = pinned
        self.count = 0
        self.previous: Checkpoint | None = None

    def run(self) -> CheckpointReport:
        try:
            tree = self.log.log_tree.refresh()
        except CheckpointError as err:
            return self._report(BadCheckpoint(number=0, key=AUDIT_EVENTS, reason=str(err)))
        for key, data in self.log.all():
            bad = self._check(key, data, tree)
            if bad is not None:
                return self._report(bad)
        return self._report(None)

    def _report(self, bad: BadCheckpoint | None) -> CheckpointReport:
        return CheckpointReport(
            ok=bad is None,
            checkpoints=self.count,
            latest_tree_size=self.previous.tree_size if self.previous else 0,
            key_source="pinned" if self.pinned else "store",
            first_bad=bad,
        )

    def _check(self, key: str, data: bytes | None, tree: MerkleTree) -> BadCheckpoint | None:
        number = self.count + 1
        try:
            cp = Checkpoint.model_validate_json(data or b"")
            self._problem(cp, number, tree)
        except (CheckpointError, ProofError, ValueError) as err:
            return BadCheckpoint(number=number, key=key, reason=str(err))
        self.count, self.previous = number, cp
        return None

    def _problem(self, cp: Checkpoint, number: int, tree: MerkleTree) -> None:
        if cp.number != number:
            raise CheckpointError(f"records number {cp.number} but is stored as {number}")
        cp.check_signature(self.pinned or self.log.stored_key(cp.key_id))
        prev = self.previous
        if cp.tree_size > tree.size:
            raise CheckpointError(
                f"covers {cp.tree_size} events but the log has only {tree.size}: events removed"
            )
        if tree.prefix_root(cp.tree_size).hex() != cp.root_hash:
            since = f"after event {prev.tree_size} " if prev else ""
            raise CheckpointError(
                f"the log no longer matches this checkpoint: an event {since}up to "
                f"event {cp.tree_size} was rewritten"
            )
        if prev is not None:
            if cp.tree_size < prev.tree_size:
                raise CheckpointError(
                    f"covers {cp.tree_size} events, fewer than checkpoint {prev.number} "
                    f"({prev.tree_size}): the log shrank"
                )
            verify_consistency(
                prev.tree_size,
                cp.tree_size,
                bytes.fromhex(prev.root_hash),
                bytes.fromhex(cp.root_hash),
                tree.consistency_proof(prev.tree_size, cp.tree_size),
            )
