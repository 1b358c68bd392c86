"""Several processes starting on a bucket that does not exist yet all get it, none fails.

Found by tests/ops/test_scale_out.py in CI: four `navolg ingest` processes on a fresh bucket,
and one lost the create race with BucketAlreadyOwnedByYou.
"""

import threading
import uuid

from botocore.exceptions import ClientError

from store import open_backend
from store.s3 import S3Backend
from tests.conftest import S3_ENDPOINT, drop_bucket, s3_client


def test_concurrent_first_opens_of_a_new_bucket_all_succeed() -> None:
    bucket = f"navolg-test-{uuid.uuid4().hex[:12]}"
    url = f"s3://{bucket}?endpoint={S3_ENDPOINT}"
    start = threading.Barrier(8)
    errors: list[Exception] = []

    def opener() -> None:
        start.wait()
        try:
            open_backend(url)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        versioning = s3_client().get_bucket_versioning(Bucket=bucket)
        assert versioning.get("Status") == "Enabled"
    finally:
        drop_bucket(s3_client(), bucket)


def test_losing_the_create_race_is_not_an_error() -> None:
    """The race made deterministic: another process created the bucket between this one's
    HEAD (missing) and its CreateBucket, which the real SeaweedFS then answers with
    BucketAlreadyOwnedByYou. Only the HEAD's answer is staged; the create is the server's."""
    bucket = f"navolg-test-{uuid.uuid4().hex[:12]}"
    url = f"s3://{bucket}?endpoint={S3_ENDPOINT}"
    backend = open_backend(url)  # the other process: bucket made, versioning on
    assert isinstance(backend, S3Backend)
    real_head = backend.client.head_bucket
    missing = ClientError({"Error": {"Code": "404", "Message": "Not Found"}}, "HeadBucket")

    def head_before_the_other_created_it(**kw: object) -> object:
        backend.client.head_bucket = real_head
        raise missing

    backend.client.head_bucket = head_before_the_other_created_it
    try:
        backend.ensure_bucket()  # before the fix: StoreUnavailable (BucketAlreadyOwnedByYou)
        assert backend.client.head_bucket is real_head  # the staged answer was used
    finally:
        drop_bucket(s3_client(), bucket)
