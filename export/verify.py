"""Verify an export without our servers, and name everything that was altered.

Checksums alone prove little: whoever alters a file can rewrite the manifests too. So besides
the bag's checksums (bagit), the chain of trust is followed from the signed checkpoint down:
signature → Merkle root → an inclusion proof per event → the export event → the hash of the
content map → every content file; and each original → its record → its version event.

The zip is read in memory, each entry once (export.bag): nothing is unpacked to verify it.
"""

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from export import layout
from export.bag import BagFiles, folder_files, validate, zip_entries, zip_files
from export.errors import ExportError
from export.models import Descriptor, Finding, Proofs, VerifyExportReport, content_digest
from store.canonical import event_hash
from store.checkpoint import Checkpoint, CheckpointError, key_id, load_public_key
from store.merkle import ProofError, leaf_hash, verify_inclusion
from store.models import DocumentVersion
from store.parsed import ParseResult

MAX_UNPACKED = 64 << 30  # refuse archives that claim more than this (zip bombs)


def unpack(zip_path: Path, into: Path) -> Path:
    """Extract the bag safely (no absolute or '..' names, one top folder); its folder."""
    zf, top, _ = _open_zip(zip_path)
    with zf:
        zf.extractall(into)
    return into / top


def _open_zip(zip_path: Path) -> tuple[zipfile.ZipFile, str, dict[str, zipfile.ZipInfo]]:
    """The zip, its bag folder and files, once its names are safe and it is no zip bomb."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as err:
        raise ExportError(f"{zip_path} is not a readable zip file: {err}") from err
    try:
        top, entries = zip_entries(zf)
        if sum(i.file_size for i in zf.infolist()) > MAX_UNPACKED:
            raise ExportError("the zip claims to unpack to more than 64 GiB; refused")
    except ExportError:
        zf.close()
        raise
    return zf, top, entries


def verify_export(zip_path: Path, public_key: Ed25519PublicKey | None = None) -> VerifyExportReport:
    """Verify a zipped export straight from the zip."""
    try:
        zf, _, entries = _open_zip(zip_path)
    except ExportError as err:
        problem = Finding(what=str(zip_path), reason=str(err))
        return VerifyExportReport(ok=False, problems=[problem])
    with zf:
        return _verify(zip_files(zf, entries, _parsed_later), public_key)


def _parsed_later(name: str) -> bool:
    """Files the checks below parse: kept in memory when first read (all small)."""
    if not name.startswith("data/"):
        return True
    rel = name.removeprefix("data/")
    return (
        rel in layout.SEALING
        or rel.startswith(layout.EVENTS)
        or rel.endswith(("/" + layout.RECORD, "/" + layout.PARSED))
    )


def verify_bag(bag_dir: Path, public_key: Ed25519PublicKey | None = None) -> VerifyExportReport:
    """Verify an unpacked export (`navolg open` verifies what it loads)."""
    return _verify(folder_files(bag_dir, _parsed_later), public_key)


def _verify(files: BagFiles, public_key: Ed25519PublicKey | None) -> VerifyExportReport:
    check = _Check(files)
    check.bag()
    descriptor = check.load_descriptor()
    if descriptor is not None:
        cp = check.checkpoint(public_key)
        if cp is not None:
            check.events(descriptor, cp)
        check.content(descriptor)
        check.documents(descriptor)
    return check.report(descriptor, public_key)


@dataclass
class _Check:
    files: BagFiles
    problems: list[Finding] = field(default_factory=list)
    events_ok: dict[int, dict[str, Any]] = field(default_factory=dict)
    key: str | None = None
    tree_size: int = 0

    def bad(self, what: str, reason: str) -> None:
        self.problems.append(Finding(what=what, reason=reason))

    def read(self, rel: str) -> bytes:
        """A file under data/; OSError if it is absent."""
        return self.files.read(f"data/{rel}")

    def sha256(self, rel: str) -> str | None:
        """The SHA-256 of a file under data/ as found in the export; None if absent."""
        return self.files.sha256(f"data/{rel}")

    # --- BagIt ----------------------------------------------------------------------------

    def bag(self) -> None:
        """The bag's own checks; every mismatch, missing and extra file, not just the first."""
        for what, reason in validate(self.files):
            self.bad(what, reason)

    # --- the descriptor and the checkpoint --------------------------------------------------

    def load_descriptor(self) -> Descriptor | None:
        try:
            return Descriptor.model_validate_json(self.read(layout.DESCRIPTOR))
        except (OSError, ValidationError) as err:
            self.bad(f"data/{layout.DESCRIPTOR}", f"missing or unreadable: {_short(err)}")
            return None

    def checkpoint(self, given: Ed25519PublicKey | None) -> Checkpoint | None:
        try:
            cp = Checkpoint.model_validate_json(self.read(layout.CHECKPOINT))
            public = given or load_public_key(self.read(layout.PUBLIC_KEY))
            self.key = key_id(public)
            cp.check_signature(public)
        except (OSError, ValidationError, CheckpointError) as err:
            self.bad(f"data/{layout.CHECKPOINT}", f"checkpoint not verified: {_short(err)}")
            return None
        self.tree_size = cp.tree_size
        return cp

    # --- events and their proofs --------------------------------------------------------------

    def events(self, descriptor: Descriptor, cp: Checkpoint) -> None:
        try:
            proofs = Proofs.model_validate_json(self.read(layout.PROOFS))
        except (OSError, ValidationError) as err:
            self.bad(f"data/{layout.PROOFS}", f"missing or unreadable: {_short(err)}")
            return
        if (proofs.tree_size, proofs.root_hash) != (cp.tree_size, cp.root_hash):
            self.bad(f"data/{layout.PROOFS}", "proofs are for another tree than the checkpoint")
            return
        files = set(self._event_files())
        for seq in sorted(files | set(descriptor.events)):
            self._event(seq, proofs, cp, descriptor.dossier_id)
        if set(descriptor.events) != files:
            self.bad(f"data/{layout.DESCRIPTOR}", "its list of events disagrees with the files")
        self._export_event(descriptor)

    def _event_files(self) -> list[int]:
        """The sequence numbers of the event files (other names there are named as added)."""
        seqs = []
        for name in self.files.names:
            try:
                seqs.append(layout.event_seq(name.removeprefix("data/")))
            except ValueError:
                continue
        return seqs

    def _event(self, seq: int, proofs: Proofs, cp: Checkpoint, dossier_id: str) -> None:
        what = f"event {seq} (data/{layout.event_path(seq)})"
        try:
            data = self.read(layout.event_path(seq))
            raw = json.loads(data)
            if event_hash(raw) != raw.get("hash") or raw.get("seq") != seq:
                raise ProofError("its content does not match its hash (altered)")
            proof = proofs.proofs.get(str(seq))
            if proof is None or proof.leaf_index != seq - 1:
                raise ProofError("it has no inclusion proof")
            path = [bytes.fromhex(h) for h in proof.path]
            verify_inclusion(
                leaf_hash(data), seq - 1, cp.tree_size, path, bytes.fromhex(cp.root_hash)
            )
        except (OSError, ValueError, ProofError) as err:
            self.bad(what, f"not proven: {_short(err)}")
            return
        target = str(raw.get("target", ""))
        if target != f"dossier:{dossier_id}" and not target.startswith(f"document:{dossier_id}/"):
            self.bad(what, f"is about {target}, not about dossier {dossier_id}")
        self.events_ok[seq] = raw

    def _export_event(self, descriptor: Descriptor) -> None:
        seq = descriptor.export_event_seq
        event = self.events_ok.get(seq)
        what = f"export event {seq}"
        if event is None or event.get("action") != "dossier.exported":
            self.bad(what, "the export event is missing or not proven")
            return
        if event["details"].get("content_sha256") != content_digest(descriptor.content):
            self.bad(
                f"data/{layout.DESCRIPTOR}",
                "its content map is not the one the signed export event commits to",
            )
        if event["details"].get("as_of") != descriptor.as_of:
            self.bad(f"data/{layout.DESCRIPTOR}", "its as-of date is not the exported one")

    # --- content, originals and records -------------------------------------------------------

    def content(self, descriptor: Descriptor) -> None:
        for rel, expected in sorted(descriptor.content.items()):
            found = self.sha256(rel)
            if found is None:
                self.bad(f"data/{rel}", "missing (listed in the signed content map)")
            elif found != expected:
                self.bad(f"data/{rel}", "altered: its SHA-256 is not the exported one")
        covered = set(descriptor.content) | layout.SEALING
        covered |= {layout.event_path(s) for s in descriptor.events}
        for name in self.files.names:
            rel = name.removeprefix("data/")
            if name.startswith("data/") and rel not in covered:
                self.bad(name, "added: not part of the export")

    def documents(self, descriptor: Descriptor) -> None:
        records = sorted(rel for rel in descriptor.content if rel.endswith("/" + layout.RECORD))
        originals: dict[str, list[str]] = {}
        for rel in descriptor.content:
            folder, _, name = rel.rpartition("/")
            if name.startswith(layout.ORIGINAL):
                originals.setdefault(folder + "/", []).append(rel)
        for rel in records:
            self._record(rel, originals.get(rel.removesuffix(layout.RECORD), []), descriptor.format)
        listed = {f"{d.folder}{layout.RECORD}" for d in descriptor.documents}
        if listed != set(records):
            self.bad(f"data/{layout.DESCRIPTOR}", "its document list disagrees with the records")

    def _record(self, rel: str, originals: list[str], export_format: str) -> None:
        folder = rel.removesuffix(layout.RECORD)
        try:
            record = DocumentVersion.model_validate_json(self.read(rel))
        except (OSError, ValidationError) as err:
            self.bad(f"data/{rel}", f"unreadable record: {_short(err)}")
            return
        names = {layout.version_dir(record.doc_id, record.version)}
        if export_format in layout.LEGACY_FORMATS:
            names.add(layout.legacy_version_dir(record.doc_id, record.version))
        if folder not in names:
            self.bad(f"data/{rel}", "the record is not the one for this folder (moved)")
        if len(originals) != 1:
            self.bad(f"data/{folder}", f"expected exactly one original, found {len(originals)}")
        for original in originals:
            if self.sha256(original) != record.sha256:
                self.bad(f"data/{original}", "its SHA-256 does not match its record (altered)")
        self._parsed(folder, record)
        if self.events_ok and not self._has_version_event(record):
            self.bad(
                f"data/{rel}",
                "no signed document.version.added event records this version and SHA-256",
            )

    def _parsed(self, folder: str, record: DocumentVersion) -> None:
        try:
            data = self.read(folder + layout.PARSED)
        except OSError:
            return
        try:
            parsed = ParseResult.model_validate_json(data)
        except ValidationError as err:
            self.bad(f"data/{folder}{layout.PARSED}", f"unreadable: {_short(err)}")
            return
        if parsed.sha256 != record.sha256:
            self.bad(f"data/{folder}{layout.PARSED}", "is the text of another original")

    def _has_version_event(self, record: DocumentVersion) -> bool:
        target = f"document:{record.dossier_id}/{record.doc_id}"
        return any(
            e.get("action") == "document.version.added"
            and e.get("target") == target
            and e["details"].get("version") == record.version
            and e["details"].get("sha256") == record.sha256
            for e in self.events_ok.values()
        )

    def report(
        self, descriptor: Descriptor | None, given: Ed25519PublicKey | None
    ) -> VerifyExportReport:
        return VerifyExportReport(
            ok=not self.problems,
            dossier_id=descriptor.dossier_id if descriptor else None,
            documents=len(descriptor.documents) if descriptor else 0,
            events=len(self.events_ok),
            tree_size=self.tree_size,
            key_id=self.key,
            key_source="given" if given else "embedded",
            trace=bool(descriptor and descriptor.trace),
            problems=self.problems,
        )


def _short(err: Exception) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text[:200]
