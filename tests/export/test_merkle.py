"""The Merkle tree against the recursive definition of RFC 6962, and every proof both ways."""

import hashlib

import pytest

from store.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    ProofError,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)

N = 33


def mth(entries: list[bytes]) -> bytes:
    """RFC 6962 section 2.1, literally."""
    if not entries:
        return hashlib.sha256(b"").digest()
    if len(entries) == 1:
        return leaf_hash(entries[0])
    k = 1
    while k * 2 < len(entries):
        k *= 2
    return node_hash(mth(entries[:k]), mth(entries[k:]))


ENTRIES = [f"event {i}".encode() for i in range(N)]


def test_roots_match_the_definition() -> None:
    assert MerkleTree([]).root() == EMPTY_ROOT
    for n in range(1, N + 1):
        assert MerkleTree.of_data(ENTRIES[:n]).root() == mth(ENTRIES[:n]), n


def test_every_inclusion_proof_verifies_and_a_changed_one_does_not() -> None:
    for n in range(1, N + 1):
        tree = MerkleTree.of_data(ENTRIES[:n])
        for i in range(n):
            path = tree.inclusion_proof(i)
            verify_inclusion(leaf_hash(ENTRIES[i]), i, n, path, tree.root())
            with pytest.raises(ProofError):
                verify_inclusion(leaf_hash(b"forged"), i, n, path, tree.root())
            if path:
                bad = [path[0][:-1] + bytes([path[0][-1] ^ 1]), *path[1:]]
                with pytest.raises(ProofError):
                    verify_inclusion(leaf_hash(ENTRIES[i]), i, n, bad, tree.root())
                with pytest.raises(ProofError):
                    verify_inclusion(leaf_hash(ENTRIES[i]), i, n, path[:-1], tree.root())


def test_every_consistency_proof_verifies() -> None:
    for n in range(1, N + 1):
        tree = MerkleTree.of_data(ENTRIES[:n])
        for m in range(1, n + 1):
            old = mth(ENTRIES[:m])
            proof = tree.consistency_proof(m)
            verify_consistency(m, n, old, tree.root(), proof)
            with pytest.raises(ProofError):
                verify_consistency(m, n, leaf_hash(b"other"), tree.root(), proof)


def test_a_rewritten_prefix_is_not_consistent() -> None:
    for n in range(2, N + 1):
        for m in range(1, n):
            rewritten = [*ENTRIES[: m - 1], b"rewritten", *ENTRIES[m:n]]
            tree = MerkleTree.of_data(rewritten)
            with pytest.raises(ProofError):
                verify_consistency(m, n, mth(ENTRIES[:m]), tree.root(), tree.consistency_proof(m))


def test_proofs_between_prefixes_of_one_big_tree() -> None:
    tree = MerkleTree.of_data(ENTRIES)
    for n in range(1, N + 1):
        assert tree.prefix_root(n) == mth(ENTRIES[:n])
        for m in range(1, n + 1):
            proof = tree.consistency_proof(m, n)
            assert proof == MerkleTree.of_data(ENTRIES[:n]).consistency_proof(m)
            verify_consistency(m, n, mth(ENTRIES[:m]), mth(ENTRIES[:n]), proof)
