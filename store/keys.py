"""Key layout of the store and validation of every id that becomes part of a key.

The same keys are used in a bucket and in a local directory (DESIGN.md, "Store layout").
Ids are checked here once, so no caller can produce a path outside the store root or a key
outside its prefix.
"""

import re
from urllib.parse import quote, unquote

from store.errors import InvalidId

MAX_DOSSIER_ID = 128
MAX_DOC_ID = 400
MAX_VERSION = 999_999
_DOSSIER_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_SHA256_RE = re.compile(r"[0-9a-f]{64}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")

BLOBS = "blobs/sha256/"
DOSSIERS = "dossiers/"
AUDIT_EVENTS = "audit/events/"
AUDIT_SEGMENTS = "audit/segments/"
TMP = ".tmp/"
LOCKS = ".locks/"  # local store only: lock files of writers that take turns across processes


def check_dossier_id(dossier_id: str) -> str:
    """A dossier id is one safe path segment: letters, digits, '.', '_' and '-'."""
    if not isinstance(dossier_id, str) or not dossier_id:
        raise InvalidId("dossier id must be a non-empty string")
    if len(dossier_id) > MAX_DOSSIER_ID:
        raise InvalidId(f"dossier id longer than {MAX_DOSSIER_ID} characters")
    if not _DOSSIER_RE.fullmatch(dossier_id) or dossier_id.endswith("."):
        raise InvalidId(
            f"dossier id {dossier_id!r} may only hold letters, digits, '.', '_' and '-' "
            "and must start with a letter or digit"
        )
    return dossier_id


def check_doc_id(doc_id: str) -> str:
    """A document id is a relative path inside its dossier (e.g. 'rapporten/opname.pdf')."""
    if not isinstance(doc_id, str) or not doc_id:
        raise InvalidId("document id must be a non-empty string")
    if len(doc_id) > MAX_DOC_ID:
        raise InvalidId(f"document id longer than {MAX_DOC_ID} characters")
    if _CONTROL_RE.search(doc_id):
        raise InvalidId(f"document id {doc_id!r} contains NUL or control characters")
    if doc_id.startswith("/") or "\\" in doc_id:
        raise InvalidId(f"document id {doc_id!r} must be a relative path with '/' separators")
    for segment in doc_id.split("/"):
        if segment in ("", ".", ".."):
            raise InvalidId(f"document id {doc_id!r} has an empty, '.' or '..' segment")
    return doc_id


def check_sha256(sha256: str) -> str:
    if not isinstance(sha256, str) or not _SHA256_RE.fullmatch(sha256):
        raise InvalidId(f"not a lowercase hex SHA-256: {sha256!r}")
    return sha256


def check_version(version: int) -> int:
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= MAX_VERSION:
        raise InvalidId(f"version must be an integer from 1 to {MAX_VERSION}, got {version!r}")
    return version


def doc_key(doc_id: str) -> str:
    """One key segment per document id; percent-encoding keeps it reversible and '/'-free."""
    return quote(check_doc_id(doc_id), safe="")


def doc_id_from_key(segment: str) -> str:
    return unquote(segment)


def blob_key(sha256: str) -> str:
    check_sha256(sha256)
    return f"{BLOBS}{sha256[:2]}/{sha256}"


def parsed_key(sha256: str, parser_version: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", parser_version):
        raise InvalidId(f"unsafe parser version {parser_version!r}")
    return f"parsed/{check_sha256(sha256)}/{parser_version}.json"


def dossier_prefix(dossier_id: str) -> str:
    return f"{DOSSIERS}{check_dossier_id(dossier_id)}/"


def dossier_record_prefix(dossier_id: str) -> str:
    return f"{dossier_prefix(dossier_id)}dossier/"


def docs_prefix(dossier_id: str) -> str:
    return f"{dossier_prefix(dossier_id)}docs/"


def versions_prefix(dossier_id: str, doc_id: str) -> str:
    return f"{docs_prefix(dossier_id)}{doc_key(doc_id)}/"


def readings_prefix(dossier_id: str, doc_id: str, version: int) -> str:
    return (
        f"readings/{check_dossier_id(dossier_id)}/{doc_key(doc_id)}/v{check_version(version):06d}/"
    )


def numbered(prefix: str, number: int) -> str:
    """Zero-padded so that lexical order (S3 listings) equals numeric order."""
    return f"{prefix}v{check_version(number):06d}.json"


def number_of(key: str) -> int:
    name = key.rsplit("/", 1)[-1]
    if not (name.startswith("v") and name.endswith(".json")):
        raise InvalidId(f"not a numbered record key: {key!r}")
    return int(name[1:-5])


def audit_event_key(seq: int) -> str:
    if seq < 1:
        raise InvalidId(f"audit sequence numbers start at 1, got {seq}")
    return f"{AUDIT_EVENTS}{seq:012d}.json"


def audit_segment_key(first_seq: int) -> str:
    """A sealed segment is keyed by its FIRST event: only one segment can start at a seq."""
    if first_seq < 1:
        raise InvalidId(f"audit sequence numbers start at 1, got {first_seq}")
    return f"{AUDIT_SEGMENTS}{first_seq:012d}.jsonl"


def seq_of(key: str) -> int:
    return int(key.rsplit("/", 1)[-1].removesuffix(".json").removesuffix(".jsonl"))


def check_key(key: str) -> str:
    """Last line of defence in the backends: a key is a clean relative path."""
    if not key or key.startswith("/") or "\\" in key or _CONTROL_RE.search(key) or len(key) > 1000:
        raise InvalidId(f"unsafe store key {key!r}")
    if any(seg in ("", ".", "..") for seg in key.rstrip("/").split("/")):
        raise InvalidId(f"unsafe store key {key!r}")
    return key
