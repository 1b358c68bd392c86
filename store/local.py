"""Local-directory backend: the embedded default, same keys as in a bucket.

Create-only is a write to a private temporary file, fsync, then a hard link to the final name:
link(2) fails if the name exists (so two writers never both win) and a reader sees either no
file or the whole file, never a partial one, even if the writer is killed half-way.
"""

import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from store.errors import InvalidId, NotFound
from store.keys import TMP, check_key

STALE_TMP_SECONDS = 3600


class LocalBackend:
    def __init__(self, root: Path, durable: bool = True) -> None:
        self.root = Path(root).resolve()
        self.durable = durable
        self.root.mkdir(parents=True, exist_ok=True)
        self._tmp = self.root / TMP
        self._tmp.mkdir(exist_ok=True)
        self._sweep_stale_tmp()

    def describe(self) -> str:
        return str(self.root)

    def _path(self, key: str) -> Path:
        # check_key refuses absolute paths, '..' and empty segments, so root/key stays inside
        # the root (symlinks planted inside the store folder by hand are not followed up).
        check_key(key)
        if key.startswith(TMP):
            raise InvalidId(f"key {key!r} is in the store's temp area")
        return self.root / key

    def _sweep_stale_tmp(self) -> None:
        """Temp files of writers killed mid-write; never visible as records, so safe to drop."""
        cutoff = time.time() - STALE_TMP_SECONDS
        for entry in self._tmp.iterdir():
            if entry.stat().st_mtime < cutoff:
                entry.unlink(missing_ok=True)

    def _publish(self, tmp: Path, key: str, sync: bool = True) -> bool:
        dest = self._path(key)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(tmp, dest)
        except FileExistsError:
            return False
        finally:
            tmp.unlink(missing_ok=True)
        if self.durable and sync:
            dir_fd = os.open(dest.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        return True

    def _tmp_path(self) -> Path:
        return self._tmp / f"{os.getpid()}-{uuid.uuid4().hex}"

    def create(self, key: str, data: bytes, *, derived: bool = False) -> bool:
        self._path(key)
        tmp = self._tmp_path()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, data)
            if self.durable and not derived:
                os.fsync(fd)
        finally:
            os.close(fd)
        return self._publish(tmp, key, sync=not derived)

    def create_from_file(self, key: str, path: Path) -> bool:
        self._path(key)
        if self.exists(key):
            return False
        tmp = self._tmp_path()
        with open(path, "rb") as src, open(tmp, "xb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            if self.durable:
                dst.flush()
                os.fsync(dst.fileno())
        return self._publish(tmp, key)

    def read(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise NotFound(f"no object {key!r}") from None

    def read_many(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
        for key in keys:
            try:
                yield key, self.read(key)
            except NotFound:
                yield key, None

    def open(self, key: str) -> BinaryIO:
        try:
            return open(self._path(key), "rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise NotFound(f"no object {key!r}") from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def list(self, prefix: str, start_after: str | None = None) -> Iterator[str]:
        base = self._dir_of(prefix)
        if base is None:
            return
        keys: list[str] = []
        for dirpath, _dirs, files in os.walk(base):
            rel = Path(dirpath).relative_to(self.root).as_posix()
            keys.extend(f"{rel}/{name}" for name in files)
        for key in sorted(k for k in keys if k.startswith(prefix)):
            if start_after is None or key > start_after:
                yield key

    def list_dirs(self, prefix: str) -> Iterator[str]:
        if not prefix.endswith("/"):
            raise InvalidId(f"list_dirs needs a prefix ending in '/', got {prefix!r}")
        base = self._dir_of(prefix)
        if base is None:
            return
        yield from sorted(e.name for e in base.iterdir() if e.is_dir())

    def _dir_of(self, prefix: str) -> Path | None:
        """The deepest directory that holds every key starting with prefix."""
        dir_part = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        base = self._path(dir_part + "/") if dir_part else self.root
        if dir_part and not base.is_dir():
            return None
        return base
