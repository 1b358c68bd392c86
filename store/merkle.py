"""RFC 6962 (Certificate Transparency) Merkle trees over the audit log, with proofs.

Leaf i is the stored canonical JSON of audit event i+1. Hashes follow RFC 6962 section 2.1:
leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right), and the tree over n
leaves splits at the largest power of two below n. Building the levels bottom-up and carrying
a lone last node up unchanged gives exactly that tree, so proofs are read off the levels.
Verification follows the algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2, so a recipient
can check a proof with any CT-style verifier, not only with this code.
"""

import hashlib
from collections.abc import Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof does not verify (wrong length, wrong path, wrong root)."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _largest_power_below(n: int) -> int:
    """Largest power of two k with k < n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleTree:
    """All levels of the tree over the given leaf hashes; O(n) memory, proofs in O(log n)."""

    def __init__(self, leaves: Iterable[bytes]) -> None:
        self.levels: list[list[bytes]] = [list(leaves)]
        while len(self.levels[-1]) > 1:
            below = self.levels[-1]
            above = [node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
            if len(below) % 2:
                above.append(below[-1])
            self.levels.append(above)

    @classmethod
    def of_data(cls, entries: Iterable[bytes]) -> "MerkleTree":
        return cls(leaf_hash(e) for e in entries)

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def root(self) -> bytes:
        return self.levels[-1][0] if self.size else EMPTY_ROOT

    def inclusion_proof(self, index: int) -> list[bytes]:
        """Audit path of leaf `index` (0-based), bottom-up, as RFC 6962 PATH(m, D[n])."""
        if not 0 <= index < self.size:
            raise ProofError(f"leaf {index} is not in a tree of size {self.size}")
        path = []
        for level in self.levels[:-1]:
            sibling = index ^ 1
            if sibling < len(level):
                path.append(level[sibling])
            index >>= 1
        return path

    def subtree(self, start: int, end: int) -> bytes:
        """MTH of leaves [start, end); full aligned subtrees come straight from the levels."""
        width = end - start
        if width == 1:
            return self.levels[0][start]
        if width & (width - 1) == 0 and start % width == 0:
            return self.levels[width.bit_length() - 1][start // width]
        k = _largest_power_below(width)
        return node_hash(self.subtree(start, start + k), self.subtree(start + k, end))

    def prefix_root(self, size: int) -> bytes:
        """Root of the tree over the first `size` leaves (what an earlier checkpoint signed)."""
        if not 0 <= size <= self.size:
            raise ProofError(f"no prefix of size {size} in a tree of size {self.size}")
        return self.subtree(0, size) if size else EMPTY_ROOT

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """RFC 6962 PROOF(m, D[n]): the first m leaves are a prefix of the first n."""
        new = self.size if new_size is None else new_size
        if not 0 < old_size <= new <= self.size:
            raise ProofError(f"no consistency proof from size {old_size} to {new}")
        return self._subproof(old_size, 0, new, True)

    def _subproof(self, m: int, start: int, end: int, complete: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if complete else [self.subtree(start, end)]
        k = _largest_power_below(n)
        if m <= k:
            return [*self._subproof(m, start, start + k, complete), self.subtree(start + k, end)]
        return [*self._subproof(m - k, start + k, end, False), self.subtree(start, start + k)]


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> None:
    """RFC 9162 2.1.3.2: raise ProofError unless `leaf` (a leaf hash) is leaf `index` of root."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise ProofError("inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the tree is deep")
    if r != root:
        raise ProofError("inclusion proof does not lead to the checkpoint's root")


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """RFC 9162 2.1.4.2: raise ProofError unless the old tree is a prefix of the new one."""
    if not 0 < old_size <= new_size:
        raise ProofError(f"cannot prove size {old_size} against size {new_size}")
    if old_size == new_size:
        if proof:
            raise ProofError("a proof between equal sizes must be empty")
        if old_root != new_root:
            raise ProofError("same size, different roots: the log was rewritten")
        return
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    if not path:
        raise ProofError("empty consistency proof")
    fr, sr = _consistency_roots(old_size, new_size, path)
    if fr != old_root:
        raise ProofError("the earlier root is not a prefix of the later tree (log rewritten)")
    if sr != new_root:
        raise ProofError("consistency proof does not lead to the later root")


def _consistency_roots(old_size: int, new_size: int, path: list[bytes]) -> tuple[bytes, bytes]:
    """The old and new roots a consistency path implies (RFC 9162 2.1.4.2 steps 3-6)."""
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("consistency proof is too short")
    return fr, sr
