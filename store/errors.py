"""One family of exceptions for the store, so callers never see a vendor error."""


class StoreError(Exception):
    """Base of every error the store raises on purpose."""


class InvalidId(StoreError, ValueError):
    """An id or key that is unsafe or malformed; it never reaches a path or an S3 key."""


class NotFound(StoreError, KeyError):
    """The object (dossier, document, version, blob, event) does not exist."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


class StoreUnavailable(StoreError):
    """The backend could not be reached or refused the request (network, auth, bucket)."""
