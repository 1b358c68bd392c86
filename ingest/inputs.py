"""What `navolg ingest PATH` finds: one InputFile per file, from a folder or a .zip.

Layout (DESIGN.md, "Ingest input"): each top-level folder is a dossier named by the folder;
a file's path inside it is its document id. Files at the top level other than the manifest
belong to no dossier; they are reported, not guessed at.
"""

import csv
import datetime as dt
import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ingest.names import printable, safe_doc_id, safe_dossier_id
from store.errors import InvalidId

MANIFEST_NAMES = ("manifest.csv", "manifest.json")


class ManifestRow(BaseModel):
    """One manifest line: which file (by path, or by dossier + document id) and what is known."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    path: str | None = None
    dossier_id: str | None = None
    doc_id: str | None = None
    doc_type: str | None = None
    date: dt.date | None = None
    postcode: str | None = None
    huisnummer: str | None = None
    toevoeging: str | None = None
    straat: str | None = None
    woonplaats: str | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value


class Manifest(BaseModel):
    rows: list[ManifestRow] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)

    def lookup(self, path: str, dossier_id: str, doc_id: str) -> ManifestRow | None:
        for row in self.rows:
            if row.path is not None and row.path.strip("/") == path:
                return row
            if row.path is None and (row.dossier_id, row.doc_id) == (dossier_id, doc_id):
                return row
        return None


class InputFile(BaseModel):
    """A file to ingest; `open` streams its bytes (from disk or from inside a zip)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    dossier_id: str | None
    doc_id: str | None
    rel_path: str = Field(description="path inside the input, as a person reads it")
    source: str = Field(description="where it came from: the input path and the path inside it")
    original_filename: str
    size: int
    opener: Callable[[], BinaryIO]
    problem: str | None = Field(default=None, description="why it cannot be placed in a dossier")


def read_manifest(name: str, data: bytes) -> Manifest:
    """Parse manifest.csv/.json; bad rows are reported, never fatal."""
    text = data.decode("utf-8-sig", errors="replace")
    try:
        raw_rows = (
            json.loads(text) if name.endswith(".json") else list(csv.DictReader(io.StringIO(text)))
        )
    except (json.JSONDecodeError, csv.Error) as exc:
        return Manifest(problems=[f"{name}: could not be read ({exc})"])
    if isinstance(raw_rows, dict):
        raw_rows = raw_rows.get("files", [])
    manifest = Manifest()
    for number, raw in enumerate(raw_rows, start=1):
        try:
            manifest.rows.append(ManifestRow.model_validate(raw))
        except ValidationError as exc:
            first = exc.errors()[0]
            manifest.problems.append(f"{name} row {number}: {first['loc']}: {first['msg']}")
    return manifest


def _place(rel_parts: list[str]) -> tuple[str | None, str | None, str | None]:
    """(dossier_id, doc_id, problem) for a path inside the input."""
    if len(rel_parts) < 2:
        return None, None, "file is not inside a dossier folder (top-level folders are dossiers)"
    try:
        return safe_dossier_id(rel_parts[0]), safe_doc_id(rel_parts[1:]), None
    except InvalidId as exc:
        return None, None, str(exc)


def scan(path: Path) -> tuple[list[InputFile], Manifest]:
    """Every file of a folder or a .zip, in a stable order, and its manifest."""
    if path.is_dir():
        return _scan_folder(path)
    if zipfile.is_zipfile(path):
        return _scan_zip(path)
    raise FileNotFoundError(f"{path} is not a folder or a .zip file")


def _scan_folder(root: Path) -> tuple[list[InputFile], Manifest]:
    manifest = Manifest()
    files: list[InputFile] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            full = Path(dirpath, name)
            rel_parts = list(full.relative_to(root).parts)
            if len(rel_parts) == 1 and name in MANIFEST_NAMES:
                manifest = read_manifest(name, full.read_bytes())
                continue
            if full.is_symlink() or not full.is_file():
                continue
            files.append(_input(rel_parts, f"{root}/", full.stat().st_size, _file_opener(full)))
    return files, manifest


def _file_opener(full: Path) -> Callable[[], BinaryIO]:
    return lambda: full.open("rb")


def _scan_zip(archive: Path) -> tuple[list[InputFile], Manifest]:
    manifest = Manifest()
    files: list[InputFile] = []
    with zipfile.ZipFile(archive) as zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            rel_parts = [p for p in info.filename.replace("\\", "/").split("/") if p]
            if len(rel_parts) == 1 and rel_parts[0] in MANIFEST_NAMES:
                manifest = read_manifest(rel_parts[0], zf.read(info))
                continue
            if any(p == ".." for p in rel_parts) or info.filename.startswith("/"):
                rel_parts = [p for p in rel_parts if p != ".."]
            files.append(
                _input(rel_parts, f"{archive}!", info.file_size, _zip_opener(archive, info))
            )
    return files, manifest


def _zip_opener(archive: Path, info: zipfile.ZipInfo) -> Callable[[], BinaryIO]:
    def opener() -> BinaryIO:
        zf = zipfile.ZipFile(archive)
        return cast(BinaryIO, zf.open(info))  # the archive closes with the GC; fine for reads

    return opener


def _input(
    rel_parts: list[str], prefix: str, size: int, opener: Callable[[], BinaryIO]
) -> InputFile:
    dossier_id, doc_id, problem = _place(rel_parts)
    rel = printable("/".join(rel_parts))
    return InputFile(
        dossier_id=dossier_id,
        doc_id=doc_id,
        rel_path=rel,
        source=f"{printable(prefix)}{rel}",
        original_filename=printable(rel_parts[-1]),
        size=size,
        opener=opener,
        problem=problem,
    )
