"""Names of attachments and archive entries made safe to show and to use as a relative path.

Hostile archives carry names like `../../etc/passwd`, `/abs`, `C:\\x`, names with newlines or
control characters, or bytes that are not UTF-8. The safe name keeps what a person recognises
(folders, letters, extension); the raw name is kept beside it when it differed.
"""

import unicodedata

MAX_SEGMENT_BYTES = 255


def readable(raw: str) -> str:
    """Bytes that were not UTF-8 (surrogate-escaped) decoded as Windows-1252, the usual culprit."""
    if not any(0xDC80 <= ord(c) <= 0xDCFF for c in raw):
        return raw
    data = raw.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _clean_segment(segment: str) -> str:
    chars = ["_" if unicodedata.category(c).startswith("C") else c for c in segment]
    cleaned = "".join(chars).strip().rstrip(".")
    if len(cleaned.encode()) <= MAX_SEGMENT_BYTES:
        return cleaned
    stem, dot, ext = cleaned.rpartition(".")
    if not (dot and stem and len(ext) < 16):
        stem, dot, ext = cleaned, "", ""
    room = MAX_SEGMENT_BYTES - len(f"{dot}{ext}".encode())
    return stem.encode()[:room].decode("utf-8", "ignore") + dot + ext


def printable_raw(raw: str) -> str:
    """The raw name as JSON-safe text: bytes that were not UTF-8 shown as \\xNN."""
    return raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def safe_name(raw: str, fallback: str) -> str:
    """A relative path with no drive, no root, no '.' or '..', and no control characters."""
    path = unicodedata.normalize("NFC", readable(raw)).replace("\\", "/")
    if len(path) >= 2 and path[1] == ":" and path[0].isalpha():
        path = path[2:]
    parts = [_clean_segment(p) for p in path.split("/") if p.strip() not in ("", ".", "..")]
    return "/".join(p for p in parts if p) or fallback


class ChildNames:
    """Unique safe names among one parent's children ('brief.pdf', 'brief (2).pdf', …)."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def make(self, raw: str | None, fallback: str) -> tuple[str, str | None]:
        """(safe unique name, raw name if it differed from the safe name)."""
        name = safe_name(raw or "", fallback)
        stem, dot, ext = name.rpartition(".")
        candidate, n = name, 1
        while candidate in self._seen:
            n += 1
            candidate = f"{stem} ({n}).{ext}" if dot and stem else f"{name} ({n})"
        self._seen.add(candidate)
        if raw is None or raw == candidate:
            return candidate, None
        return candidate, printable_raw(raw)
