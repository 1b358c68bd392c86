"""store: the system of record — original bytes, version records and the audit log.

Nothing here is ever overwritten or deleted: every new fact is a new, create-only object.
"""

from store.audit import AuditLog, VerifyReport
from store.backend import ObjectBackend
from store.errors import InvalidId, NotFound, StoreError, StoreUnavailable
from store.factory import open_backend
from store.models import Address, AuditEvent, BlobRef, DocumentVersion, Dossier, VersionMeta
from store.records import Store

__all__ = [
    "Address",
    "AuditEvent",
    "AuditLog",
    "BlobRef",
    "DocumentVersion",
    "Dossier",
    "InvalidId",
    "NotFound",
    "ObjectBackend",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "VerifyReport",
    "VersionMeta",
    "open_backend",
]
