"""Job functions for the worker-pool tests: they must be importable by the spawned workers."""

import os
import time

from pydantic import BaseModel


class Echo(BaseModel):
    value: str
    pid: int


def job(payload: str) -> Echo:
    """'sleep:N' hangs N seconds, 'crash' kills the process, 'bug' raises, else echoes."""
    if payload.startswith("sleep:"):
        time.sleep(float(payload.split(":")[1]))
    elif payload == "crash":
        os._exit(3)
    elif payload == "bug":
        raise ValueError("a parser bug")
    return Echo(value=payload, pid=os.getpid())


def slow_warm() -> None:
    """A worker start-up slower than the pool's time limit (a loaded machine)."""
    time.sleep(2.5)
