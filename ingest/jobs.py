"""The work a parse worker does for one file: parse the bytes (unless cached), then analyse.

Runs in a worker process (ingest.workers), so it must stay importable and pure: bytes and
hints in, plain models out; no store, no index.
"""

from pydantic import BaseModel, ConfigDict

from ingest.analysis import Hints, analyse
from ingest.formats import Limits, Parsed, parse
from store.fields import DocumentFields
from store.parsed import Page


class ParseJob(BaseModel):
    model_config = ConfigDict(frozen=True)

    data: bytes
    filename: str
    limits: Limits
    hints: Hints


class ParseOutcome(BaseModel):
    parsed: Parsed
    fields: DocumentFields


def warm_up() -> None:
    """Once per worker, before its first file: the offline set-up, unstructured's partitioners
    and the spaCy pipeline its text classifiers use. Measured at ~2 s of imports and ~0.7 s of
    first-call set-up per worker; done here it overlaps the parent storing the first originals
    instead of sitting in the first file's parse (and its time limit)."""
    from ingest.formats import _offline  # noqa: PLC0415

    _offline.apply()
    import unstructured.partition.docx  # noqa: PLC0415
    import unstructured.partition.email  # noqa: PLC0415
    import unstructured.partition.html  # noqa: PLC0415
    import unstructured.partition.msg  # noqa: PLC0415, F401
    from unstructured.partition.text import partition_text  # noqa: PLC0415

    partition_text(text="Warm-up.\nDe woning voldoet aan de norm.", languages=["nld"])


def run_job(job: ParseJob) -> ParseOutcome:
    parsed = parse(job.data, job.filename, job.limits)
    fields = analyse_pages(parsed.pages, job.filename, job.hints, parsed.media_type)
    return ParseOutcome(parsed=parsed, fields=fields)


def analyse_pages(
    pages: list[Page], filename: str, hints: Hints, media_type: str
) -> DocumentFields:
    return analyse(pages, filename, hints.model_copy(update={"media_type": media_type}))
