"""Zip archives: every entry becomes a child document, within limits on count, size, ratio.

Declared sizes are checked before anything is expanded (a bomb is refused unread), and entries
are read in chunks against the remaining budget, so one that lies about its size is stopped at
the budget, never expanded in memory. Names that try to escape (`../`, absolute paths, drive
letters) or carry odd characters are made safe; the raw name is kept.
"""

import io
import zipfile

from ingest.formats.base import Child, FormatHandler, Limits, Parsed, failed
from ingest.formats.media import ZIP
from ingest.formats.safenames import ChildNames
from store.parsed import Element, Page

NAME = "zip/zipfile"
CHUNK = 1 << 20
_UTF8_FLAG = 0x800


class LimitReached(Exception):
    """A limit was reached: `str(self)` is the reason, for a person; `stop` ends the archive."""

    def __init__(self, reason: str, *, stop: bool) -> None:
        super().__init__(reason)
        self.stop = stop


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return failed(ZIP, NAME, f"The zip archive is damaged and cannot be opened ({exc}).")
    children, problems = _expand(archive, infos, limits)
    listing = "\n".join(c.name for c in children)
    return Parsed(
        media_type=ZIP,
        parser=NAME,
        status="failed" if problems else ("parsed" if children else "empty"),
        reason=" ".join(problems) or (None if children else "The zip archive has no files."),
        pages=[Page(number=1, text=listing)],
        elements=[Element(kind="ArchiveListing", text=listing, page=1)] if listing else [],
        children=children,
    )


def _expand(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits
) -> tuple[list[Child], list[str]]:
    children: list[Child] = []
    problems: list[str] = []
    names = ChildNames()
    budget = limits.max_expanded_bytes
    if len(infos) > limits.max_entries:
        problems.append(
            f"The archive has {len(infos)} files, more than the limit of {limits.max_entries}; "
            f"only the first {limits.max_entries} were taken out."
        )
    for index, info in enumerate(infos[: limits.max_entries], start=1):
        try:
            content = _read_entry(archive, info, budget, limits)
        except LimitReached as limit:
            problems.append(str(limit))
            if limit.stop:
                break
            continue
        budget -= len(content)
        name, raw = names.make(entry_name(info), f"entry-{index}")
        children.append(Child(name=name, raw_name=raw, data=content))
    return children, problems


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name; one without the UTF-8 flag is often UTF-8 anyway (macOS, 7-Zip)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _read_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, limits: Limits
) -> bytes:
    name = entry_name(info)
    if info.flag_bits & 0x1:
        raise LimitReached(f"Entry {name!r} is encrypted and was not taken out.", stop=False)
    if info.file_size > max(info.compress_size, 1) * limits.max_ratio:
        ratio = info.file_size // max(info.compress_size, 1)
        raise LimitReached(
            f"Entry {name!r} would expand {ratio} times (limit {limits.max_ratio}); "
            "it looks like a zip bomb and was not taken out.",
            stop=False,
        )
    if info.file_size > budget:
        raise LimitReached(_over_budget(limits), stop=True)
    return _stream(archive, info, name, min(budget, info.file_size), limits)


def _stream(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, allowed: int, limits: Limits
) -> bytes:
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                out += chunk
                if len(out) > allowed:
                    raise LimitReached(_over_budget(limits), stop=True)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise LimitReached(f"Entry {name!r} is damaged ({exc}).", stop=False) from None
    return bytes(out)


def _over_budget(limits: Limits) -> str:
    return (
        f"The archive expands to more than {limits.max_expanded_bytes} bytes (limit); "
        "the remaining files were not taken out."
    )


HANDLER = FormatHandler(
    "zip", frozenset({ZIP, "application/x-zip-compressed"}), frozenset({".zip"}), parse,
    uses_unstructured=False,
)  # fmt: skip
