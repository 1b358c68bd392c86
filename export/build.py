"""Build a dossier export: write the content, log the export, seal the log, prove, close the bag.

The order matters. Content is written into the bag and hashed first; the export event then
commits to the hash of that content map; a checkpoint is signed that covers the export event;
inclusion proofs are computed against that checkpoint; only then is the bag closed. Every file
goes straight into the zip once (export.bag), nothing is staged on disk.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from export import layout
from export.bag import ZipBagWriter
from export.errors import ExportError
from export.html import render_index
from export.models import (
    Descriptor,
    DocumentEntry,
    EventProof,
    ExportSummary,
    Proofs,
    content_digest,
)
from store.checkpoint import Checkpoint, CheckpointLog, public_pem
from store.errors import NotFound
from store.keys import (
    dossier_record_prefix,
    numbered,
    parsed_key,
    readings_prefix,
    versions_prefix,
)
from store.merkle import MerkleTree
from store.models import DocumentVersion
from store.records import Store

EXPORT_ACTION = "dossier.exported"
LogExport = Callable[[dict[str, Any]], object]
# Trace provider: (store, dossier_id, as_of) → (trace JSON, PROV-JSON), or None for no trace.
TraceProvider = Callable[[Store, str, dt.date | None], tuple[Any, Any]]


class _Stage(ZipBagWriter):
    """The bag as it is being filled; `digests` holds the SHA-256 of every file written."""

    def write(self, rel: str, data: bytes) -> None:
        self.add(rel, data)

    def write_json(self, rel: str, obj: Any) -> None:
        self.write(rel, json.dumps(obj, ensure_ascii=False, indent=2).encode())


@dataclass
class _Events:
    """Collects the dossier's events while the log is read once for the Merkle tree."""

    dossier_id: str
    found: dict[int, bytes] = field(default_factory=dict)

    def __call__(self, seq: int, data: bytes) -> None:
        if self.dossier_id.encode() not in data:
            return
        target = str(json.loads(data).get("target", ""))
        mine = (f"dossier:{self.dossier_id}", f"document:{self.dossier_id}/")
        if target == mine[0] or target.startswith(mine[1]):
            self.found[seq] = data


def export_dossier(
    store: Store,
    dossier_id: str,
    out: Path,
    signer: Ed25519PrivateKey,
    log_export: LogExport,
    actor: str,
    as_of: dt.date | None = None,
    trace: TraceProvider | None = None,
) -> ExportSummary:
    """Write the export of one dossier to `out` (a .zip); `log_export` records the event."""
    try:
        store.get_dossier(dossier_id)
    except NotFound as err:
        raise ExportError(str(err)) from err
    with _Stage(out, f"{dossier_id}-export") as stage:
        now = dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")
        docs = _stage_documents(store, dossier_id, as_of, stage)
        has_trace = _stage_trace(store, dossier_id, as_of, trace, stage)
        events = _Events(dossier_id)
        checkpoints = CheckpointLog(store.backend, store.audit)
        checkpoints.log_tree.on_event = events
        checkpoints.log_tree.refresh()
        for seq, data in events.found.items():
            stage.write(layout.event_path(seq), data)
        stage.write(
            layout.INDEX_HTML,
            render_index(store.get_dossier(dossier_id), docs, events.found, as_of, now, has_trace),
        )
        content = dict(stage.digests)  # what the export event commits to
        digest = content_digest(content)
        log_export(
            {
                "format": layout.FORMAT,
                "as_of": as_of.isoformat() if as_of else None,
                "documents": len({d.doc_id for d in docs}),
                "versions": len(docs),
                "content_sha256": digest,
            }
        )
        cp = checkpoints.make(signer)
        export_seq = _export_event(events, digest)
        tree = _tree_for(checkpoints, cp)
        for seq in sorted(set(events.found) - {layout.event_seq(p) for p in _event_files(content)}):
            stage.write(layout.event_path(seq), events.found[seq])  # the export event, and
            # any event of this dossier written meanwhile: proven, not in the content map
        _stage_seal(stage, cp, tree, sorted(events.found), signer)
        descriptor = Descriptor(
            format=layout.FORMAT,
            dossier_id=dossier_id,
            as_of=as_of.isoformat() if as_of else None,
            exported_at=now,
            exported_by=actor,
            export_event_seq=export_seq,
            trace=has_trace,
            documents=docs,
            events=sorted(events.found),
            content=content,
        )
        stage.write(layout.DESCRIPTOR, descriptor.model_dump_json(indent=2).encode())
        stage.finish(_bag_info(dossier_id))
    return ExportSummary(
        path=str(out),
        dossier_id=dossier_id,
        documents=len({d.doc_id for d in docs}),
        versions=len(docs),
        events=len(events.found),
        bytes=out.stat().st_size,
        checkpoint=cp.number,
        tree_size=cp.tree_size,
        trace=has_trace,
    )


def _event_files(content: dict[str, str]) -> list[str]:
    return [p for p in content if p.startswith(layout.EVENTS)]


def _export_event(events: _Events, digest: str) -> int:
    """Our export event: the dossier.exported event that commits to this content."""
    for seq in sorted(events.found, reverse=True):
        raw = json.loads(events.found[seq])
        if raw["action"] == EXPORT_ACTION and raw["details"].get("content_sha256") == digest:
            return seq
    raise ExportError("the export event was not found in the audit log after writing it")


def _tree_for(checkpoints: CheckpointLog, cp: Checkpoint) -> MerkleTree:
    """The tree the checkpoint signed (another process may have sealed a larger log)."""
    log_tree = checkpoints.log_tree
    if len(log_tree.leaves) < cp.tree_size:
        log_tree.refresh()
    if len(log_tree.leaves) == cp.tree_size:
        return log_tree.tree
    return MerkleTree(log_tree.leaves[: cp.tree_size])


def _stage_documents(
    store: Store, dossier_id: str, as_of: dt.date | None, stage: _Stage
) -> list[DocumentEntry]:
    backend = store.backend
    prefix = dossier_record_prefix(dossier_id)
    for key, data in backend.read_many(backend.list(prefix)):
        if data is not None:
            stage.write(layout.DOSSIER_RECORDS + key.removeprefix(prefix), data)
    cutoff = dt.datetime.combine(as_of, dt.time.max, tzinfo=dt.UTC) if as_of else None
    entries = []
    for doc_id in store.list_documents(dossier_id):
        for record in store.list_versions(dossier_id, doc_id):
            effective = store.effective(record)
            if cutoff is not None and effective.effective_at > cutoff:
                continue
            entries.append(_stage_version(store, record, effective, stage))
    return entries


def _stage_version(
    store: Store, record: DocumentVersion, effective: DocumentVersion, stage: _Stage
) -> DocumentEntry:
    folder = layout.version_dir(record.doc_id, record.version)
    backend = store.backend
    prefix = versions_prefix(record.dossier_id, record.doc_id)
    stage.write(folder + layout.RECORD, backend.read(numbered(prefix, record.version)))
    readings = readings_prefix(record.dossier_id, record.doc_id, record.version)
    for key, data in backend.read_many(backend.list(readings)):
        if data is not None:
            stage.write(folder + layout.READINGS + key.removeprefix(readings), data)
    original = (
        folder + layout.ORIGINAL + layout.safe_name(record.original_filename or record.doc_id)
    )
    _copy_original(store, record, stage, original)
    parse = store.get_parse(record.sha256)
    if parse is not None:
        parsed = backend.read(parsed_key(parse.sha256, parse.parser_version))
        stage.write(folder + layout.PARSED, parsed)
        stage.write(folder + layout.TEXT, "\f".join(p.text for p in parse.pages).encode())
    verdict = effective.fields.verdict
    return DocumentEntry(
        doc_id=record.doc_id,
        version=record.version,
        sha256=record.sha256,
        size=record.size,
        folder=folder,
        original=original,
        doc_type=effective.doc_type,
        document_date=effective.document_date.isoformat() if effective.document_date else None,
        effective_at=effective.effective_at.isoformat().replace("+00:00", "Z"),
        verdict=verdict.value if verdict else None,
        parse_status=effective.parse_status,
    )


def _copy_original(store: Store, record: DocumentVersion, stage: _Stage, rel: str) -> None:
    """Stream the original into the bag, hashing it on the way (originals can be large)."""
    with store.open_blob(record.sha256) as blob:
        stage.add_stream(rel, blob, record.size)  # a damaged blob: verify-export names it


def _stage_trace(
    store: Store,
    dossier_id: str,
    as_of: dt.date | None,
    trace: TraceProvider | None,
    stage: _Stage,
) -> bool:
    if trace is None:
        return False
    trace_json, prov = trace(store, dossier_id, as_of)
    stage.write_json(layout.TRACE, trace_json)
    stage.write_json(layout.TRACE_PROV, prov)
    return True


def _stage_seal(
    stage: _Stage,
    cp: Checkpoint,
    tree: MerkleTree,
    seqs: list[int],
    signer: Ed25519PrivateKey,
) -> None:
    proofs = Proofs(
        tree_size=cp.tree_size,
        root_hash=cp.root_hash,
        proofs={
            str(seq): EventProof(
                leaf_index=seq - 1, path=[h.hex() for h in tree.inclusion_proof(seq - 1)]
            )
            for seq in seqs
        },
    )
    stage.write(layout.PROOFS, proofs.model_dump_json(indent=2).encode())
    stage.write(layout.CHECKPOINT, cp.model_dump_json(indent=2).encode())
    stage.write(layout.PUBLIC_KEY, public_pem(signer.public_key()))


def _bag_info(dossier_id: str) -> dict[str, str]:
    return {
        "Source-Organization": "navolg",
        "External-Identifier": dossier_id,
        "External-Description": f"Verifiable export of dossier {dossier_id} "
        f"({layout.FORMAT}); check it with `navolg verify-export`.",
        "Bag-Software-Agent": "navolg (BagIt 1.0, RFC 8493)",
    }
