"""Safe, deterministic ids from the names people give files.

A file name may hold newlines, control characters, backslashes or bytes that are not UTF-8.
Ids must be safe store keys (store.keys refuses those), and the same odd name must give the
same id on every run, so that re-ingest stays idempotent. Odd characters are percent-escaped
(readable and reversible); the raw name is kept beside the id as the original filename.
"""

import re

from store.errors import InvalidId
from store.keys import MAX_DOC_ID, check_doc_id, check_dossier_id

_UNSAFE_IN_SEGMENT = re.compile(r"[\x00-\x1f\x7f\\%]|[\udc80-\udcff]")
_UNSAFE_IN_DOSSIER = re.compile(r"[^A-Za-z0-9._-]")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        code -= 0xDC00
    return f"%{code:02X}"


def safe_segment(name: str) -> str:
    """One path segment made safe: odd characters escaped, '.'/'..'/empty replaced."""
    escaped = _UNSAFE_IN_SEGMENT.sub(_escape, name.replace("/", "%2F"))
    if escaped in ("", ".", ".."):
        return escaped.replace(".", "%2E") or "%00"
    return escaped


def safe_doc_id(segments: list[str]) -> str:
    """A document id from path segments (already split on '/'); long ids are refused."""
    doc_id = "/".join(safe_segment(s) for s in segments if s not in ("", "."))
    if len(doc_id) > MAX_DOC_ID:
        raise InvalidId(f"path too long for a document id ({len(doc_id)} > {MAX_DOC_ID} chars)")
    return check_doc_id(doc_id)


def safe_dossier_id(name: str) -> str:
    """A folder name as a dossier id: letters, digits, '.', '_' and '-' kept, others '_'."""
    cleaned = _UNSAFE_IN_DOSSIER.sub("_", name).lstrip("._-").rstrip(".")
    return check_dossier_id(cleaned)


def child_doc_id(parent_doc_id: str, child_name: str) -> str:
    """An attachment's or archive entry's id: its parent's id, then its own (safe) path."""
    return safe_doc_id([*parent_doc_id.split("/"), *child_name.split("/")])


def printable(name: str) -> str:
    """The raw name as a person can read it (non-UTF-8 bytes shown as \\xNN)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
