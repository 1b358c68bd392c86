"""S3 backend through boto3: any S3 with bucket versioning and `If-None-Match: *`.

Create-only is `PutObject` with `IfNoneMatch="*"`: the second writer gets 412 and the caller
moves on to the next number. Bucket versioning keeps every byte even if someone with bucket
rights overwrites a key; `verify` reads the current version and so notices such a change.
"""

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO, cast

from botocore.exceptions import BotoCoreError, ClientError

from store.errors import InvalidId, NotFound, StoreUnavailable
from store.keys import check_key

_MISSING = {"NoSuchKey", "404", "NotFound"}
_EXISTS = {"PreconditionFailed", "412"}
_CONFLICT = {"ConditionalRequestConflict", "409"}
PREFETCH = 16
SMALL_BODY = 1 << 20  # below this a PUT goes without `Expect: 100-continue`


def _drop_expect_for_small_bodies(request: Any, **_kwargs: Any) -> None:
    """botocore sends `Expect: 100-continue` on every PutObject, even of 300 bytes: one more
    round trip (headers, wait for 100, body) per audit event. Small bodies go in one send;
    large originals keep it, so a 412 (exists) still arrives before their body is sent."""
    length = request.headers.get("Content-Length")
    if length is not None and int(length) < SMALL_BODY:
        request.headers.pop("Expect", None)


def _code(err: ClientError) -> str:
    return str(err.response.get("Error", {}).get("Code", ""))


class S3Backend:
    listing_seeks = True  # ListObjectsV2 StartAfter starts server-side: a tail costs its keys

    def __init__(self, client: Any, bucket: str, endpoint: str | None = None) -> None:
        self.client = client
        self.bucket = bucket
        self.endpoint = endpoint
        client.meta.events.register(
            "before-send.s3.PutObject",
            _drop_expect_for_small_bodies,
            unique_id="navolg-drop-expect",
        )

    def describe(self) -> str:
        return f"s3://{self.bucket}" + (f" ({self.endpoint})" if self.endpoint else "")

    def _fail(self, err: Exception, what: str) -> StoreUnavailable:
        return StoreUnavailable(f"S3 {self.describe()}: {what} failed: {err}")

    def ensure_bucket(self) -> None:
        """Create the bucket if needed and switch versioning on (idempotent)."""
        try:
            try:
                self.client.head_bucket(Bucket=self.bucket)
            except ClientError as err:
                if _code(err) not in _MISSING | {"NoSuchBucket"}:
                    raise
                try:
                    self.client.create_bucket(Bucket=self.bucket)
                except ClientError as race:
                    # Several processes started on a new bucket at once: another made it.
                    if _code(race) != "BucketAlreadyOwnedByYou":
                        raise
            self.client.put_bucket_versioning(
                Bucket=self.bucket, VersioningConfiguration={"Status": "Enabled"}
            )
        except (ClientError, BotoCoreError) as err:
            raise self._fail(err, "preparing the bucket") from err

    def _put_if_absent(self, key: str, body: Any) -> bool:
        check_key(key)
        for _attempt in range(10):
            try:
                self.client.put_object(Bucket=self.bucket, Key=key, Body=body, IfNoneMatch="*")
                return True
            except ClientError as err:
                code = _code(err)
                if code in _EXISTS:
                    return False
                if code in _CONFLICT:  # a concurrent create is in flight; ask again
                    if hasattr(body, "seek"):
                        body.seek(0)
                    continue
                raise self._fail(err, f"creating {key}") from err
            except BotoCoreError as err:
                raise self._fail(err, f"creating {key}") from err
        raise StoreUnavailable(f"S3 kept reporting conflicts creating {key}")

    def create(self, key: str, data: bytes, *, derived: bool = False) -> bool:
        return self._put_if_absent(key, data)

    def create_from_file(self, key: str, path: Path) -> bool:
        if self.exists(key):
            return False
        with open(path, "rb") as fh:
            return self._put_if_absent(key, fh)

    def _get(self, key: str) -> Any:
        check_key(key)
        try:
            return self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        except ClientError as err:
            if _code(err) in _MISSING:
                raise NotFound(f"no object {key!r}") from None
            raise self._fail(err, f"reading {key}") from err
        except BotoCoreError as err:
            raise self._fail(err, f"reading {key}") from err

    def read(self, key: str) -> bytes:
        body = self._get(key)
        try:
            return cast(bytes, body.read())
        finally:
            body.close()

    def _read_or_none(self, key: str) -> bytes | None:
        try:
            return self.read(key)
        except NotFound:
            return None

    def read_many(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
        """Prefetch in a small thread pool: one GET per object is latency-bound."""
        with ThreadPoolExecutor(max_workers=PREFETCH) as pool:
            batch: list[str] = []
            for key in keys:
                batch.append(key)
                if len(batch) == PREFETCH * 4:
                    yield from zip(batch, pool.map(self._read_or_none, batch), strict=True)
                    batch = []
            yield from zip(batch, pool.map(self._read_or_none, batch), strict=True)

    def open(self, key: str) -> BinaryIO:
        return cast(BinaryIO, self._get(key))

    def exists(self, key: str) -> bool:
        check_key(key)
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
            return True
        except ClientError as err:
            if _code(err) in _MISSING:
                return False
            raise self._fail(err, f"checking {key}") from err
        except BotoCoreError as err:
            raise self._fail(err, f"checking {key}") from err

    def _pages(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        try:
            paginator = self.client.get_paginator("list_objects_v2")
            yield from paginator.paginate(Bucket=self.bucket, **kwargs)
        except (ClientError, BotoCoreError) as err:
            raise self._fail(err, f"listing {kwargs.get('Prefix')!r}") from err

    def list(self, prefix: str, start_after: str | None = None) -> Iterator[str]:
        extra = {"StartAfter": start_after} if start_after else {}
        for page in self._pages(Prefix=prefix, **extra):
            for obj in page.get("Contents", []):
                yield str(obj["Key"])

    def list_dirs(self, prefix: str) -> Iterator[str]:
        if not prefix.endswith("/"):
            raise InvalidId(f"list_dirs needs a prefix ending in '/', got {prefix!r}")
        for page in self._pages(Prefix=prefix, Delimiter="/"):
            for common in page.get("CommonPrefixes", []):
                yield str(common["Prefix"])[len(prefix) :].rstrip("/")
