"""Zip archives: every entry becomes a child document, within limits on count, size, ratio.

Entries are read in chunks against the remaining budget, so a bomb that lies about its size is
stopped after at most the budget, never expanded in memory. Names that try to escape
(`../`, absolute paths, drive letters) are made safe; the raw name is kept.
"""

import io
import zipfile

from ingest.formats.base import Child, ChildNames, Handler, Limits, Parsed, failed
from store.parsed import Element, Page

MEDIA = "application/zip"
NAME = "zip/zipfile"
CHUNK = 1 << 20


class _Stop(Exception):
    """A limit was reached: the reason, for a person."""


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return failed(MEDIA, NAME, f"zip archive is damaged ({exc})")
    children: list[Child] = []
    problems: list[str] = []
    names = ChildNames()
    budget = limits.max_expanded_bytes
    for index, info in enumerate(infos, start=1):
        try:
            if index > limits.max_entries:
                raise _Stop(f"more than {limits.max_entries} entries; the rest were not expanded")
            content = _read_entry(archive, info, budget, limits)
        except _Stop as stop:
            problems.append(str(stop))
            if "not expanded" in str(stop):
                break
            continue
        budget -= len(content)
        name, raw = names.make(info.filename, f"entry-{index}")
        children.append(Child(name=name, raw_name=raw, data=content))
    listing = "\n".join(c.name for c in children)
    return Parsed(
        media_type=MEDIA,
        parser=NAME,
        status="failed" if problems else "parsed",
        reason="; ".join(problems) or None,
        pages=[Page(number=1, text=listing)] if listing else [],
        elements=[Element(kind="ArchiveListing", text=listing, page=1)] if listing else [],
        children=children,
    )


def _read_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, limits: Limits
) -> bytes:
    if info.flag_bits & 0x1:
        raise _Stop(f"entry {info.filename!r} is encrypted and was not expanded")
    if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
        raise _Stop(
            f"entry {info.filename!r} expands {info.file_size // max(info.compress_size, 1)}x "
            f"(limit {limits.max_ratio}x): looks like a zip bomb, not expanded"
        )
    if info.file_size > budget:
        raise _Stop("archive expands beyond the size limit; the rest were not expanded")
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                out += chunk
                if len(out) > budget or len(out) > info.file_size:
                    raise _Stop(f"entry {info.filename!r} is larger than it claims; not expanded")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _Stop(f"entry {info.filename!r} is damaged ({exc})") from None
    return bytes(out)


HANDLER = Handler(
    "zip", frozenset({MEDIA, "application/x-zip-compressed"}), frozenset({".zip"}), parse
)
