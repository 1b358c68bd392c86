"""Where things live inside an export (paths relative to the bag's data/ folder).

Shared by the builder, the verifier and `navolg open`, so the three cannot drift apart.
"""

import re

from store.keys import doc_key

FORMAT = "navolg-export/2"
LEGACY_FORMATS = frozenset({"navolg-export/1"})  # still verified: bagit-python made, BagIt 0.97
DESCRIPTOR = "export.json"
INDEX_HTML = "index.html"
DOSSIER_RECORDS = "dossier/"
DOCUMENTS = "documents/"
EVENTS = "audit/events/"
PROOFS = "audit/proofs.json"
CHECKPOINT = "audit/checkpoint.json"
PUBLIC_KEY = "audit/public-key.pem"
TRACE = "trace/trace.json"
TRACE_PROV = "trace/trace.prov.json"
RECORD = "record.json"
PARSED = "parsed.json"
TEXT = "text.txt"
ORIGINAL = "original-"  # + its safe file name, beside the record
READINGS = "reading-"  # + v000001.json: later readings of this version

# Written after the export event (they prove it), so the event cannot commit to them.
SEALING = frozenset({DESCRIPTOR, PROOFS, CHECKPOINT, PUBLIC_KEY})


def version_dir(doc_id: str, version: int) -> str:
    """One folder per version, its name free of '%' (see `bag_path_ok`).

    The store key percent-encodes the doc id; '%' becomes '+', which `quote` never emits, so
    the name stays reversible and unique."""
    return f"{DOCUMENTS}{doc_key(doc_id).replace('%', '+')}@v{version:06d}/"


def legacy_version_dir(doc_id: str, version: int) -> str:
    """The folder name of navolg-export/1 (the store key as is, with '%')."""
    return f"{DOCUMENTS}{doc_key(doc_id)}@v{version:06d}/"


def bag_path_ok(rel: str) -> bool:
    """No '%', CR or LF: RFC 8493 percent-encodes those in manifests, bagit-python (and most
    tools) only CR and LF, so a path without them reads the same everywhere."""
    return not any(c in rel for c in "%\r\n")


def event_path(seq: int) -> str:
    return f"{EVENTS}{seq:012d}.json"


def event_seq(path: str) -> int:
    """The sequence number of an event file, or ValueError if the name is not one."""
    name = path.removeprefix(EVENTS).removesuffix(".json")
    if not (path.startswith(EVENTS) and path.endswith(".json") and name.isdigit()):
        raise ValueError(f"not an event file: {path}")
    return int(name)


def safe_name(name: str) -> str:
    """A file name that is safe on every file system (the record keeps the real one)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return re.sub(r"[^\w.\- ()]", "_", base)[:150].strip(" .") or "original"
