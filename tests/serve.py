"""`navolg serve` as its own process, as production runs it: started, waited on, stopped."""

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest

NAVOLG = str(Path(sys.executable).parent / "navolg")


def free_port() -> int:
    """A port nobody listens on now (the kernel's choice, so parallel runs do not collide)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_serve(
    args: list[str],
    env: Mapping[str, str],
    log: Path,
    *,
    ready: str = "/readyz",
    timeout: float = 90,
) -> subprocess.Popen[bytes]:
    """`navolg serve ARGS` (ARGS hold --port), returned once `ready` answers 200."""
    port = args[args.index("--port") + 1]
    with log.open("ab") as out:  # the child keeps its own handle
        proc = subprocess.Popen(
            [NAVOLG, "serve", *args], stdout=out, stderr=subprocess.STDOUT, env=dict(env)
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{port}{ready}", timeout=2).status_code == 200:
                return proc
        time.sleep(0.3)
    stop_serve(proc)
    pytest.fail(f"navolg serve did not get ready in {timeout:.0f} s: {log.read_text()[-3000:]}")


def stop_serve(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def serving(
    args: list[str], env: Mapping[str, str], log: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """(base URL, process) of a ready `navolg serve`, stopped on exit."""
    port = free_port()
    proc = start_serve([*args, "--port", str(port)], env, log)
    try:
        yield f"http://127.0.0.1:{port}", proc
    finally:
        stop_serve(proc)
