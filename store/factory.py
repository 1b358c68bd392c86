"""Build a backend from a store URL (the only place that reads such a URL).

`s3://BUCKET?endpoint=http://127.0.0.1:8333&region=us-east-1` — credentials come from the usual
AWS sources (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profile, instance role).
Anything else is a local directory path (`file://` prefix optional).
"""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
from botocore.config import Config

from store.audit import AuditLog
from store.backend import ObjectBackend
from store.errors import InvalidId, NotFound
from store.local import LocalBackend
from store.records import Store
from store.s3 import S3Backend


def open_backend(url: str, *, create: bool = True) -> ObjectBackend:
    if url.startswith("s3://"):
        return _open_s3(url, create=create)
    path = Path(url.removeprefix("file://"))
    if not str(path):
        raise InvalidId("empty store location")
    if not create and not path.is_dir():
        raise NotFound(f"no store at {path} (nothing has been written there yet)")
    return LocalBackend(path)


def _open_s3(url: str, *, create: bool) -> S3Backend:
    parts = urlsplit(url)
    if not parts.netloc:
        raise InvalidId(f"no bucket in store URL {url!r}")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    unknown = set(query) - {"endpoint", "region"}
    if unknown:
        raise InvalidId(f"unknown store URL options {sorted(unknown)} in {url!r}")
    endpoint = query.get("endpoint")
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=query.get("region", "us-east-1"),
        config=Config(
            retries={"max_attempts": 5, "mode": "standard"},
            s3={"addressing_style": "path"},
            max_pool_connections=32,
            connect_timeout=5,
            read_timeout=60,
        ),
    )
    backend = S3Backend(client, parts.netloc, endpoint)
    if create:
        backend.ensure_bucket()
    return backend


def open_store(url: str, *, create: bool = True) -> Store:
    """The system of record at a store URL, with its audit log on the same backend."""
    backend = open_backend(url, create=create)
    return Store(backend, AuditLog(backend))
