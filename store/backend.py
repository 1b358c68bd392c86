"""The one interface every storage backend implements (S3 and a local directory).

Only four primitives matter for a system of record: create an object if and only if it does
not exist yet, read it (whole or streamed), test for it and list keys in order. There is no
overwrite and no delete: that is what makes the store append-only on every backend.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol


class ObjectBackend(Protocol):
    def describe(self) -> str:
        """Human-readable location, e.g. 's3://bucket (http://127.0.0.1:8333)'."""
        ...

    def create(self, key: str, data: bytes, *, derived: bool = False) -> bool:
        """Write data under key only if key does not exist; False if it already did.

        derived=True marks recomputable data (parse results, ledger): a backend may skip
        flushing it to disk; it is still never visible half-written."""
        ...

    def create_from_file(self, key: str, path: Path) -> bool:
        """Like create, streaming from a local file (originals can be large)."""
        ...

    def read(self, key: str) -> bytes:
        """Whole object; raises NotFound."""
        ...

    def read_many(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
        """Objects in the order given (None for a missing one); backends may prefetch."""
        ...

    def open(self, key: str) -> BinaryIO:
        """A readable stream of the object, for large originals; raises NotFound."""
        ...

    def exists(self, key: str) -> bool: ...

    def list(self, prefix: str, start_after: str | None = None) -> Iterator[str]:
        """Keys under prefix, recursively, in lexical order."""
        ...

    def list_dirs(self, prefix: str) -> Iterator[str]:
        """Names of the immediate 'folders' under prefix, in lexical order."""
        ...
