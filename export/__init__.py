"""export: verifiable dossier exports (BagIt bags with signed audit proofs) and opening them.

A recipient checks an export without our servers: the bag's checksums, the Ed25519 signature
on the audit checkpoint, a Merkle inclusion proof for every event, and that every original
matches its record and its `document.version.added` event.
"""
