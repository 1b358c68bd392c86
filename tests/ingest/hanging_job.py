"""A parser that hangs on one file: the only way to test the time limit without a real hang."""

import time

from ingest.jobs import ParseJob, ParseOutcome, run_job


def hang_on_marker(job: ParseJob) -> ParseOutcome:
    if b"HANG" in job.data:
        time.sleep(600)
    return run_job(job)
