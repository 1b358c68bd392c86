"""BagIt 1.0 (RFC 8493) written straight into a zip, and validated straight from one.

bagit-python only works on a real folder: staging every file, reading it back for the
manifests, again for the zip, and unpacking it all again to verify cost three times a plain
zip. Here each payload file is hashed while it streams into the zip once, and the tag files
are written in the format bagit-python itself writes (tests extract a bag and validate it with
bagit). Bag paths never hold '%', CR or LF (layout.bag_path_ok), so manifest lines read the
same under RFC 8493's percent-encoding and under bagit-python's, which only encodes CR and LF.
"""

import datetime as dt
import hashlib
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, BinaryIO, Self

from export.errors import ExportError
from export.layout import bag_path_ok

CHUNK = 1 << 20
COMPRESSLEVEL = 6
BAGIT_TXT = "bagit.txt"
BAG_INFO = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
TAG_FILES = (BAGIT_TXT, BAG_INFO, MANIFEST, TAGMANIFEST)
PAYLOAD = "data/"
BAGIT_DECLARATION = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
_ONE_LINE = re.compile(r"[\r\n]+")


class ZipBagWriter:
    """A bag being written into `out` (via `out`.part): payload files, then `finish`."""

    def __init__(self, out: Path, top: str) -> None:
        self.out = out
        self.part = out.with_name(out.name + ".part")
        self.top = top
        self.zf = zipfile.ZipFile(self.part, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL)
        self.digests: dict[str, str] = {}  # data/-relative path → SHA-256 hex
        self.sizes: dict[str, int] = {}
        self.done = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        err: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.done:  # failed half way: leave nothing behind
            self.zf.close()
            self.part.unlink(missing_ok=True)

    def _name(self, rel: str) -> str:
        if not bag_path_ok(rel) or rel in self.digests:
            raise ExportError(f"cannot put {rel!r} in the bag (duplicate or unsafe name)")
        return f"{self.top}/{PAYLOAD}{rel}"

    def add(self, rel: str, data: bytes) -> None:
        """One payload file (path relative to data/)."""
        self.zf.writestr(self._name(rel), data)
        self.digests[rel] = hashlib.sha256(data).hexdigest()
        self.sizes[rel] = len(data)

    def add_stream(self, rel: str, src: BinaryIO, size: int) -> str:
        """A payload file copied from `src` in chunks, hashed on the way; its SHA-256."""
        name = self._name(rel)
        digest = hashlib.sha256()
        n = 0
        with self.zf.open(name, "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as dst:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                dst.write(chunk)
                n += len(chunk)
        self.digests[rel] = digest.hexdigest()
        self.sizes[rel] = n
        return self.digests[rel]

    def finish(self, info: dict[str, str]) -> None:
        """Write the tag files (bag-info gets Bagging-Date and Payload-Oxum) and publish."""
        manifest = manifest_text(
            (f"{PAYLOAD}{rel}", sha) for rel, sha in sorted(self.digests.items())
        )
        info = dict(info)
        info.setdefault("Bagging-Date", dt.date.today().isoformat())
        info["Payload-Oxum"] = f"{sum(self.sizes.values())}.{len(self.sizes)}"
        tags = {
            BAGIT_TXT: BAGIT_DECLARATION,
            BAG_INFO: tag_file_text(info),
            MANIFEST: manifest,
        }
        for name, data in tags.items():
            self.zf.writestr(f"{self.top}/{name}", data)
        tagmanifest = manifest_text(
            (name, hashlib.sha256(data).hexdigest()) for name, data in tags.items()
        )
        self.zf.writestr(f"{self.top}/{TAGMANIFEST}", tagmanifest)
        self.zf.close()
        self.part.replace(self.out)
        self.done = True


def manifest_text(entries: Iterable[tuple[str, str]]) -> bytes:
    """`checksum  path` lines, as bagit-python writes them (RFC 8493 §2.1.3)."""
    lines = []
    for path, sha in entries:
        if not bag_path_ok(path):
            raise ExportError(f"cannot list {path!r} in a manifest")
        lines.append(f"{sha}  {path}\n")
    return "".join(lines).encode()


def tag_file_text(tags: dict[str, str]) -> bytes:
    """`Label: value` lines, sorted, no line breaks inside a value (RFC 8493 §2.2.2)."""
    lines = (f"{label}: {_ONE_LINE.sub(' ', value)}\n" for label, value in sorted(tags.items()))
    return "".join(lines).encode()


# --- reading a bag -----------------------------------------------------------------------------

Opener = Callable[[], IO[bytes]]
READ_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error)


@dataclass
class BagFiles:
    """Every file of a bag (bag-relative paths), each read and hashed exactly once.

    The bytes of the files `keep` selects (the small ones the verifier parses) stay in
    memory; the rest (originals, texts) are only hashed."""

    openers: dict[str, Opener]
    keep: Callable[[str], bool]
    hashes: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    kept: dict[str, bytes] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, opener in self.openers.items():
            try:
                self._load(name, opener)
            except READ_ERRORS as err:
                self.unreadable[name] = str(err) or type(err).__name__

    def _load(self, name: str, opener: Opener) -> None:
        with opener() as f:
            if self.keep(name):
                data = f.read()
                self.kept[name] = data
                self.hashes[name] = hashlib.sha256(data).hexdigest()
                self.sizes[name] = len(data)
                return
            digest = hashlib.sha256()
            n = 0
            while chunk := f.read(CHUNK):
                digest.update(chunk)
                n += len(chunk)
        self.hashes[name] = digest.hexdigest()
        self.sizes[name] = n

    @property
    def names(self) -> list[str]:
        return sorted(self.hashes)

    def sha256(self, name: str) -> str | None:
        return self.hashes.get(name)

    def read(self, name: str) -> bytes:
        """The bytes of a readable file; FileNotFoundError if absent or unreadable."""
        if name in self.kept:
            return self.kept[name]
        if name not in self.hashes:
            raise FileNotFoundError(name)
        with self.openers[name]() as f:
            return f.read()


def folder_files(bag_dir: Path, keep: Callable[[str], bool]) -> BagFiles:
    """The files of an unpacked bag."""
    openers: dict[str, Opener] = {}
    for path in sorted(bag_dir.rglob("*")):
        if path.is_file():
            openers[path.relative_to(bag_dir).as_posix()] = _opener(path)
    return BagFiles(openers, keep)


def _opener(path: Path) -> Opener:
    return lambda: path.open("rb")


def zip_entries(zf: zipfile.ZipFile) -> tuple[str, dict[str, zipfile.ZipInfo]]:
    """The bag folder's name and its files (bag-relative) in a zip; ExportError if unsafe."""
    tops = set()
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in zf.infolist():
        name = info.filename
        parts = [p for p in name.split("/") if p not in ("", ".")]  # as PurePosixPath would
        if name.startswith("/") or ".." in parts or "\\" in name or not parts:
            raise ExportError(f"unsafe name in the zip: {name!r}")
        tops.add(parts[0])
        if info.is_dir():
            continue
        rel = "/".join(parts[1:]) or "."
        if rel in entries:
            raise ExportError(f"{info.filename!r} is in the zip more than once")
        entries[rel] = info
    if len(tops) != 1 or "" in entries or "." in entries:
        raise ExportError("an export holds exactly one bag folder at the top of the zip")
    return tops.pop(), entries


def zip_files(
    zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], keep: Callable[[str], bool]
) -> BagFiles:
    """The files of a zipped bag (`zip_entries`), read from the zip (CRC-checked), nothing
    unpacked."""
    return BagFiles({rel: _zip_opener(zf, info) for rel, info in entries.items()}, keep)


def _zip_opener(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Opener:
    return lambda: zf.open(info)


# --- validating a bag --------------------------------------------------------------------------

Problem = tuple[str, str]  # (what, why)


def validate(files: BagFiles) -> list[Problem]:
    """A BagIt validity check (RFC 8493 §3) that names every problem, not just the first.

    Complete: bagit.txt, a SHA-256 payload manifest, every listed file present, every payload
    file listed, Payload-Oxum; valid: every checksum in the manifest and tag manifest. Only
    the four tag files navolg writes are expected; any other is named as added."""
    problems: list[Problem] = [
        (name, f"unreadable in the zip (damaged): {why}") for name, why in files.unreadable.items()
    ]
    try:
        tags = parse_tags(files.read(BAGIT_TXT))
        version = tuple(int(p) for p in tags["BagIt-Version"].split("."))
        encoding = tags["Tag-File-Character-Encoding"]
    except (OSError, KeyError, ValueError, UnicodeDecodeError) as err:
        return [*problems, ("bag", f"not a valid BagIt bag: bagit.txt unreadable ({err!r})")]
    if not (0, 96) <= version < (2,) or encoding.upper().replace("_", "-") != "UTF-8":
        return [*problems, ("bag", f"unsupported BagIt version or encoding: {tags}")]
    payload = {n for n in files.names if n.startswith(PAYLOAD)}
    listed = _check_manifest(files, MANIFEST, version, problems, required=True)
    for name in sorted(payload - set(listed)):
        problems.append((name, "added: not listed in the bag manifest"))
    for name in listed:
        if not name.startswith(PAYLOAD):
            problems.append((MANIFEST, f"lists {name}, which is not under data/"))
    _check_manifest(files, TAGMANIFEST, version, problems, required=False)
    _check_oxum(files, payload, problems)
    for name in files.names:
        if name not in payload and name not in TAG_FILES:
            problems.append((name, "added: not part of a navolg export"))
    return problems


def _check_manifest(
    files: BagFiles,
    manifest: str,
    version: tuple[int, ...],
    problems: list[Problem],
    *,
    required: bool,
) -> list[str]:
    """Check every entry of one manifest; the paths it lists."""
    try:
        text = files.read(manifest).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        if required or not isinstance(err, FileNotFoundError):
            problems.append(("bag", f"not a valid BagIt bag: {manifest} unreadable ({err!r})"))
        return []
    listed: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.strip().split(None, 1)
        path = decode_path(parts[1], version) if len(parts) == 2 else ""
        if not path or not _safe(path) or path in listed:
            problems.append((manifest, f"line {number} is malformed, unsafe or a duplicate"))
            continue
        listed.append(path)
        found = files.sha256(path)
        if found is None:
            if path not in files.unreadable:
                problems.append((path, f"removed: listed in {manifest} but missing"))
        elif found != parts[0].lower():
            problems.append((path, f"altered: its checksum does not match {manifest}"))
    return listed


def _check_oxum(files: BagFiles, payload: set[str], problems: list[Problem]) -> None:
    try:
        info = files.read(BAG_INFO)
    except OSError:
        return  # bag-info.txt is optional
    try:
        oxums = [v for k, v in iter_tags(info) if k == "Payload-Oxum"]
    except (ValueError, UnicodeDecodeError) as err:
        problems.append((BAG_INFO, f"malformed: {err}"))
        return
    if not oxums:
        return
    octets, count = sum(files.sizes[n] for n in payload), len(payload)
    if len(oxums) > 1 or oxums[0] != f"{octets}.{count}":
        problems.append((BAG_INFO, f"Payload-Oxum {oxums} is not the payload's {octets}.{count}"))


def _safe(path: str) -> bool:
    return not path.startswith("/") and ".." not in path.split("/") and "\\" not in path


def decode_path(path: str, version: tuple[int, ...]) -> str:
    """RFC 8493 decodes %0D, %0A and %25; BagIt 0.97 as bagit-python wrote it, CR and LF only."""
    codes = {"%0D": "\r", "%0A": "\n"} | ({"%25": "%"} if version >= (1, 0) else {})
    return re.sub("|".join(codes), lambda m: codes[m.group().upper()], path, flags=re.I)


def iter_tags(data: bytes) -> Iterable[tuple[str, str]]:
    """`Label: value` pairs of a tag file, folded lines joined; ValueError if malformed."""
    label: str | None = None
    value = ""
    for line in data.decode("utf-8-sig").splitlines():
        if not line.strip():
            continue
        if line[0].isspace() and label is not None:
            value += " " + line.strip()
            continue
        if label is not None:
            yield label, value.strip()
        if ":" not in line:
            raise ValueError(f"not a tag line: {line[:80]!r}")
        label, _, value = line.partition(":")
        label = label.strip()
    if label is not None:
        yield label, value.strip()


def parse_tags(data: bytes) -> dict[str, str]:
    return dict(iter_tags(data))
