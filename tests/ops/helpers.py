"""Shared by the operations tests: the sample corpus split into overlapping deliveries, the
`navolg` command line as separate processes, and a comparable picture of a store and its index."""

import csv
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.sample import generate, write
from search.documents import document_versions, load_dossier
from search.opensearch import OpenSearchIndex, _source, scan_all
from store.factory import open_store
from store.records import Store
from tests.conftest import OPENSEARCH_URL, S3_ENDPOINT, drop_bucket

NAVOLG = str(Path(sys.executable).with_name("navolg"))
# What differs between two runs of the same input by design: when, by whom, from which folder.
RUN_FIELDS = {"ingested_at", "ingested_by", "source", "recorded_at", "recorded_by"}


@dataclass
class Target:
    """A fresh bucket and a fresh alias prefix on the given services."""

    store_url: str
    index_url: str
    bucket: str
    s3_endpoint: str

    def env(self) -> dict[str, str]:
        return {**os.environ, "NAVOLG_STORE": self.store_url, "NAVOLG_INDEX": self.index_url}

    def store(self) -> Store:
        return open_store(self.store_url, create=False)

    def index(self) -> OpenSearchIndex:
        return OpenSearchIndex.from_url(self.index_url)


@contextmanager
def fresh_target(
    s3_endpoint: str = S3_ENDPOINT, opensearch: str = OPENSEARCH_URL
) -> Iterator[Target]:
    """A new bucket and alias prefix, dropped afterwards (also when the test fails)."""
    name = uuid.uuid4().hex[:10]
    bucket = f"navolg-test-ops-{name}"
    target = Target(
        store_url=f"s3://{bucket}?endpoint={s3_endpoint}",
        index_url=f"opensearch+{opensearch}?prefix=navolg-test-ops-{name}",
        bucket=bucket,
        s3_endpoint=s3_endpoint,
    )
    try:
        yield target
    finally:
        try:
            target.index().drop()
        finally:
            try:
                drop_bucket(_client_for(s3_endpoint), bucket)
            except Exception as exc:  # a bucket never made (or a service stopped) is no leak
                if "NoSuchBucket" not in str(exc) and "Not Found" not in str(exc):
                    raise


def _client_for(endpoint: str) -> Any:
    import boto3  # noqa: PLC0415
    from botocore.config import Config  # noqa: PLC0415

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
    )


def sample_corpus(root: Path, dossiers: int = 6, seed: int = 5) -> Path:
    """The sample corpus (first deliveries in dossiers/, corrections in updates/)."""
    write(generate(seed=seed, dossiers=dossiers), root)
    return root


def deliveries(folder: Path, out: Path, picks: Sequence[Sequence[int]]) -> list[Path]:
    """Copies of `folder` holding only the dossiers picked (by position), manifest rows too."""
    dossiers = sorted(p.name for p in folder.iterdir() if p.is_dir())
    manifest = folder / "manifest.csv"
    rows: list[dict[str, str]] = []
    fields: list[str] = []
    if manifest.exists():
        with manifest.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            fields = list(reader.fieldnames or [])
            rows = list(reader)
    made = []
    for number, pick in enumerate(picks):
        target = out / f"delivery-{number}"
        chosen = {dossiers[i % len(dossiers)] for i in pick}
        for name in chosen:
            shutil.copytree(folder / name, target / name)
        if fields:
            with (target / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=fields)
                writer.writeheader()
                writer.writerows(r for r in rows if r["dossier_id"] in chosen)
        made.append(target)
    return made


def start_ingest(target: Target, path: Path, *, actor: str, log: Path) -> subprocess.Popen[bytes]:
    """`navolg ingest PATH --json` as its own process (as on another machine)."""
    return subprocess.Popen(
        [NAVOLG, "ingest", str(path), "--data", target.store_url, "--actor", actor, "--json"],
        env=target.env(),
        stdout=log.open("wb"),
        stderr=log.with_suffix(".err").open("wb"),
    )


def finish(proc: subprocess.Popen[bytes], log: Path, timeout: float) -> dict[str, Any]:
    """Wait for an ingest process; its --json report (or the failure with its stderr)."""
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f"ingest {log.name} took longer than {timeout} s") from None
    err = log.with_suffix(".err").read_text(encoding="utf-8", errors="replace")
    out = log.read_text(encoding="utf-8").strip()
    assert out, f"ingest {log.name} exited {code} without a report: {err[-3000:]}"
    report: dict[str, Any] = json.loads(out.splitlines()[-1])
    report["exit_code"] = code
    report["stderr"] = err
    return report


def run_ingests(
    target: Target, paths: Sequence[Path], logs: Path, timeout: float = 600
) -> list[dict[str, Any]]:
    """Run one ingest per path, all at once; their reports in the same order."""
    logs.mkdir(parents=True, exist_ok=True)
    stamp = time.monotonic_ns()
    procs = [
        (start_ingest(target, p, actor=f"worker-{i}", log=logs / f"{stamp}-{i}.json"), i)
        for i, p in enumerate(paths)
    ]
    return [finish(proc, logs / f"{stamp}-{i}.json", timeout) for proc, i in procs]


def picture(store: Store) -> dict[str, Any]:
    """Everything a run decides about the content, without when, by whom or from where."""
    docs: dict[str, list[dict[str, Any]]] = {}
    dossiers: dict[str, list[dict[str, Any]]] = {}
    for dossier_id in store.list_dossiers():
        dossiers[dossier_id] = [
            _without_run(d.model_dump(mode="json")) for d in store.dossier_history(dossier_id)
        ]
        for doc_id in store.list_documents(dossier_id):
            versions = []
            for record in store.list_versions(dossier_id, doc_id):
                data = record.model_dump(mode="json")
                if record.document_date is None and record.registered_date is None:
                    data.pop("effective_at")  # the ingest time then: differs by design
                versions.append(_without_run(data))
            docs[f"{dossier_id}/{doc_id}"] = versions
    return {"documents": docs, "dossiers": dossiers}


def _without_run(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in RUN_FIELDS}


def version_problems(store: Store) -> list[str]:
    """Gaps, forks and doubles: numbers 1..n, no two neighbours with the same bytes, one
    `document.version.added` event per record and none without a record."""
    problems = []
    records: set[tuple[str, int]] = set()
    for dossier_id in store.list_dossiers():
        for doc_id in store.list_documents(dossier_id):
            versions = store.list_versions(dossier_id, doc_id)
            numbers = [v.version for v in versions]
            key = f"{dossier_id}/{doc_id}"
            if numbers != list(range(1, len(numbers) + 1)):
                problems.append(f"{key}: version numbers {numbers}")
            for a, b in itertools.pairwise(versions):
                if a.sha256 == b.sha256:
                    problems.append(f"{key}: v{a.version} and v{b.version} have the same bytes")
            records |= {(key, n) for n in numbers}
    events = Counter(
        (ev.target.removeprefix("document:"), int(ev.details["version"]))
        for ev in store.audit.events()
        if ev.action == "document.version.added"
    )
    problems += [f"{k} v{n}: {c} version events" for (k, n), c in events.items() if c != 1]
    problems += [f"{k} v{n}: no version event" for k, n in records - set(events)]
    problems += [f"{k} v{n}: event without record" for k, n in set(events) - records]
    return problems


def index_problems(store: Store, index: OpenSearchIndex) -> list[str]:
    """Where the index differs from what the store calls for (one document per version, with
    the version's fields, text and validity interval): missing, extra or different."""
    expected = {}
    for dossier_id in store.list_dossiers():
        dossier = load_dossier(store, dossier_id)
        for doc_id in store.list_documents(dossier_id):
            for doc in document_versions(store, dossier_id, doc_id, dossier):
                expected[doc.id] = _source(doc)  # what OpenSearch must hold for it
    index.client.indices.refresh(index=index.alias)
    found = {hit["_id"]: hit["_source"] for hit in scan_all(index.client, index.alias)}
    problems = [f"not indexed: {i}" for i in sorted(set(expected) - set(found))]
    problems += [f"indexed but not in the store: {i}" for i in sorted(set(found) - set(expected))]
    for doc_id in sorted(set(expected) & set(found)):
        want = expected[doc_id]
        diff = sorted(k for k in want if found[doc_id].get(k) != want[k])
        if diff:
            problems.append(f"{doc_id}: differs in {diff}")
    if not expected:
        problems.append("the store holds no versions at all")
    return problems


def run_cli(
    args: Sequence[str], target: Target, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NAVOLG, *args],
        env=target.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
