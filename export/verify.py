"""Verify an export without our servers, and name everything that was altered.

Checksums alone prove little: whoever alters a file can rewrite the manifests too. So besides
the bag's checksums (bagit), the chain of trust is followed from the signed checkpoint down:
signature → Merkle root → an inclusion proof per event → the export event → the hash of the
content map → every content file; and each original → its record → its version event.
"""

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import bagit
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from export import layout
from export.errors import ExportError
from export.models import Descriptor, Finding, Proofs, VerifyExportReport, content_digest
from store.canonical import event_hash
from store.checkpoint import Checkpoint, CheckpointError, key_id, load_public_key
from store.merkle import ProofError, leaf_hash, verify_inclusion
from store.models import DocumentVersion
from store.parsed import ParseResult

CHUNK = 1 << 20
MAX_UNPACKED = 64 << 30  # refuse archives that claim more than this (zip bombs)


def unpack(zip_path: Path, into: Path) -> Path:
    """Extract the bag safely (no absolute or '..' names, one top folder); its folder."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as err:
        raise ExportError(f"{zip_path} is not a readable zip file: {err}") from err
    with zf:
        infos = zf.infolist()
        tops = set()
        for info in infos:
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in info.filename:
                raise ExportError(f"unsafe name in the zip: {info.filename!r}")
            tops.add(name.parts[0])
        if len(tops) != 1:
            raise ExportError("an export holds exactly one bag folder at the top of the zip")
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise ExportError("the zip claims to unpack to more than 64 GiB; refused")
        zf.extractall(into)
    return into / tops.pop()


def verify_export(zip_path: Path, public_key: Ed25519PublicKey | None = None) -> VerifyExportReport:
    with tempfile.TemporaryDirectory(prefix=".navolg-verify-", dir=_scratch(zip_path)) as tmp:
        try:
            bag_dir = unpack(zip_path, Path(tmp))
        except ExportError as err:
            problem = Finding(what=str(zip_path), reason=str(err))
            return VerifyExportReport(ok=False, problems=[problem])
        report = verify_bag(bag_dir, public_key)
        shutil.rmtree(bag_dir, ignore_errors=True)
        return report


def _scratch(zip_path: Path) -> Path | None:
    """Unpack beside the zip when that folder is writable (same disk), else in the temp dir."""
    folder = zip_path.resolve().parent
    return folder if os.access(folder, os.W_OK) else None


def verify_bag(bag_dir: Path, public_key: Ed25519PublicKey | None = None) -> VerifyExportReport:
    check = _Check(bag_dir / "data")
    check.bag(bag_dir)
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
    data: Path
    problems: list[Finding] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)  # data/-relative path → sha256
    events_ok: dict[int, dict[str, Any]] = field(default_factory=dict)
    key: str | None = None
    tree_size: int = 0

    def bad(self, what: str, reason: str) -> None:
        self.problems.append(Finding(what=what, reason=reason))

    # --- BagIt ----------------------------------------------------------------------------

    def bag(self, bag_dir: Path) -> None:
        """The bag's own checks; every mismatch, missing and extra file, not just the first."""
        try:
            bag = bagit.Bag(str(bag_dir))
        except bagit.BagError as err:
            self.bad("bag", f"not a valid BagIt bag: {err}")
            return
        # The Payload-Oxum pre-check stops at the first difference; the per-file checks below
        # name every one, and tagmanifest covers bag-info.txt itself.
        bag.info.pop("Payload-Oxum", None)
        failed: set[str] = set()
        try:
            bag.validate(processes=1)
        except bagit.BagValidationError as err:
            for detail in err.details or [err]:
                path = str(getattr(detail, "path", "bag"))
                failed.add(path)
                self.bad(path, _bagit_reason(detail))
        for rel, sums in bag.payload_entries().items():
            if rel not in failed and "sha256" in sums:
                self.hashes[rel.removeprefix("data/")] = sums["sha256"]

    def sha256(self, rel: str) -> str | None:
        """A file's SHA-256: from the validated manifest, else computed; None if absent."""
        if rel in self.hashes:
            return self.hashes[rel]
        path = self.data / rel
        if not path.is_file():
            return None
        digest = hashlib.sha256()
        with path.open("rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
        self.hashes[rel] = digest.hexdigest()
        return self.hashes[rel]

    # --- the descriptor and the checkpoint --------------------------------------------------

    def load_descriptor(self) -> Descriptor | None:
        try:
            return Descriptor.model_validate_json((self.data / layout.DESCRIPTOR).read_bytes())
        except (OSError, ValidationError) as err:
            self.bad(f"data/{layout.DESCRIPTOR}", f"missing or unreadable: {_short(err)}")
            return None

    def checkpoint(self, given: Ed25519PublicKey | None) -> Checkpoint | None:
        try:
            cp = Checkpoint.model_validate_json((self.data / layout.CHECKPOINT).read_bytes())
            public = given or load_public_key((self.data / layout.PUBLIC_KEY).read_bytes())
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
            proofs = Proofs.model_validate_json((self.data / layout.PROOFS).read_bytes())
        except (OSError, ValidationError) as err:
            self.bad(f"data/{layout.PROOFS}", f"missing or unreadable: {_short(err)}")
            return
        if (proofs.tree_size, proofs.root_hash) != (cp.tree_size, cp.root_hash):
            self.bad(f"data/{layout.PROOFS}", "proofs are for another tree than the checkpoint")
            return
        files = {layout.event_seq(p.relative_to(self.data).as_posix()) for p in self._event_files()}
        for seq in sorted(files | set(descriptor.events)):
            self._event(seq, proofs, cp, descriptor.dossier_id)
        if set(descriptor.events) != files:
            self.bad(f"data/{layout.DESCRIPTOR}", "its list of events disagrees with the files")
        self._export_event(descriptor)

    def _event_files(self) -> list[Path]:
        folder = self.data / layout.EVENTS
        return sorted(folder.glob("*.json")) if folder.is_dir() else []

    def _event(self, seq: int, proofs: Proofs, cp: Checkpoint, dossier_id: str) -> None:
        what = f"event {seq} (data/{layout.event_path(seq)})"
        try:
            data = (self.data / layout.event_path(seq)).read_bytes()
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
        for path in sorted(self.data.rglob("*")):
            rel = path.relative_to(self.data).as_posix()
            if path.is_file() and rel not in covered:
                self.bad(f"data/{rel}", "added: not part of the export")

    def documents(self, descriptor: Descriptor) -> None:
        records = sorted(rel for rel in descriptor.content if rel.endswith("/" + layout.RECORD))
        originals: dict[str, list[str]] = {}
        for rel in descriptor.content:
            folder, _, name = rel.rpartition("/")
            if name.startswith(layout.ORIGINAL):
                originals.setdefault(folder + "/", []).append(rel)
        for rel in records:
            self._record(rel, originals.get(rel.removesuffix(layout.RECORD), []))
        listed = {f"{d.folder}{layout.RECORD}" for d in descriptor.documents}
        if listed != set(records):
            self.bad(f"data/{layout.DESCRIPTOR}", "its document list disagrees with the records")

    def _record(self, rel: str, originals: list[str]) -> None:
        folder = rel.removesuffix(layout.RECORD)
        try:
            record = DocumentVersion.model_validate_json((self.data / rel).read_bytes())
        except (OSError, ValidationError) as err:
            self.bad(f"data/{rel}", f"unreadable record: {_short(err)}")
            return
        if folder != layout.version_dir(record.doc_id, record.version):
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
        path = self.data / folder / layout.PARSED
        if not path.is_file():
            return
        try:
            parsed = ParseResult.model_validate_json(path.read_bytes())
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


def _bagit_reason(detail: object) -> str:
    if isinstance(detail, bagit.ChecksumMismatch):
        return "altered: its checksum does not match the bag manifest"
    if isinstance(detail, bagit.FileMissing):
        return "removed: listed in the bag manifest but missing"
    if isinstance(detail, bagit.UnexpectedFile):
        return "added: not listed in the bag manifest"
    return str(detail)


def _short(err: Exception) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text[:200]
