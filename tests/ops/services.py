"""Private SeaweedFS and OpenSearch instances for the fault tests: own ports, own data folders.

The shared services (S3 :8333, OpenSearch :9200) serve every helper and CI job at once and must
never be stopped; a test that stops a service starts its own copy from the same cached binaries
(`weed` in the venv, the OpenSearch that scripts/services.sh unpacked in its cache folder) and
stops only that one, by the process id it started. Data folders survive a stop, so a restarted
instance holds what it held before, as a real restart would.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

from tests.serve import free_port

ROOT = Path(__file__).resolve().parents[2]
WEED = Path(sys.executable).with_name("weed")
OS_VERSION = os.environ.get("NAVOLG_OPENSEARCH_VERSION", "2.19.6")
OS_USER = "navolg-os"  # what scripts/services.sh runs OpenSearch as when it runs as root


def _cache() -> Path:
    """The cache folder scripts/services.sh uses (same rule, same variable)."""
    if "NAVOLG_CACHE" in os.environ:
        return Path(os.environ["NAVOLG_CACHE"])
    if os.getuid() == 0:
        return Path("/var/cache/navolg")
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "navolg"


def _status(url: str) -> int | None:
    """The HTTP status a URL answers with; None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status)
    except OSError as exc:
        code = getattr(exc, "code", None)  # HTTPError: the server is up, it just said no
        return int(code) if code is not None else None


class Private:
    """One service process we started: start, wait until it answers, stop (by our pid)."""

    name = "service"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = folder / f"{self.name}.log"

    def command(self) -> tuple[list[str], dict[str, str]]:
        raise NotImplementedError

    def health_url(self) -> str:
        raise NotImplementedError

    def healthy(self, status: int | None) -> bool:
        return status is not None and status < 500

    def start(self, timeout: float) -> float:
        """Start and wait until it answers; returns the seconds it took."""
        started = time.monotonic()
        args, env = self.command()
        self.proc = subprocess.Popen(
            args,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: a stop reaches its children too
        )
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited {self.proc.returncode}: {self.tail()}")
            if self.healthy(_status(self.health_url())):
                return time.monotonic() - started
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout} s: {self.tail()}")

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 30) -> None:
        """Stop the process we started and its children (SIGKILL if it does not go in time)."""
        if self.proc is None or self.proc.poll() is not None:
            self.proc = None
            return
        try:
            family = [psutil.Process(self.proc.pid), *psutil.Process(self.proc.pid).children(True)]
        except psutil.NoSuchProcess:
            family = []
        for proc in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.send_signal(sig)
        _gone, alive = psutil.wait_procs(family, timeout=timeout)
        for proc in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
        psutil.wait_procs(alive, timeout=10)
        self.proc.wait(timeout=10)
        self.proc = None

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


class PrivateSeaweed(Private):
    """`weed mini` with every port of its own (it opens a dozen; the defaults are taken)."""

    name = "seaweedfs"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.data = folder / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        ports = [
            "s3.port",
            "s3.port.grpc",
            "master.port",
            "master.port.grpc",
            "volume.port",
            "volume.port.grpc",
            "filer.port",
            "filer.port.grpc",
            "admin.port",
            "admin.port.grpc",
            "webdav.port",
            "metricsPort",
            "s3.port.iceberg",
            "s3.port.lance",
            "debug.port",
        ]
        self.ports = {name: free_port() for name in ports}  # kept across restarts

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3.port']}"

    def command(self) -> tuple[list[str], dict[str, str]]:
        args = [str(WEED), "mini", f"-dir={self.data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1"]
        args += [f"-{name}={port}" for name, port in self.ports.items()]
        return args, dict(os.environ)

    def health_url(self) -> str:
        return self.endpoint + "/"

    def start(self, timeout: float) -> float:
        """Start, then wait until the master serves every volume on disk again.

        The S3 port answers before a restarted volume server has registered its volumes with
        the master; reads in that window fail with InternalError (a CI run at load 6 read one).
        """
        started = time.monotonic()
        super().start(timeout)
        on_disk = self._volumes_on_disk()
        while time.monotonic() - started < timeout:
            if on_disk <= self._volumes_served():
                return time.monotonic() - started
            time.sleep(0.2)
        missing = sorted(on_disk - self._volumes_served())
        self.stop()
        raise RuntimeError(f"{self.name}: volumes {missing} not served within {timeout} s")

    def _volumes_on_disk(self) -> set[int]:
        """Volume ids of the data folder's `<collection>_<id>.dat` (or `<id>.dat`) files."""
        found = (re.fullmatch(r"(?:.*_)?(\d+)", p.stem) for p in self.data.rglob("*.dat"))
        return {int(m.group(1)) for m in found if m}

    def _volumes_served(self) -> set[int]:
        """Volume ids the master knows a volume server for (empty while it knows none)."""
        url = f"http://127.0.0.1:{self.ports['master.port']}/vol/status"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                status = json.load(response)
        except (OSError, ValueError):
            return set()
        centres = (status.get("Volumes") or {}).get("DataCenters") or {}
        return {
            int(volume["Id"])
            for racks in centres.values()
            for nodes in (racks or {}).values()
            for volumes in (nodes or {}).values()
            for volume in volumes or []
        }


class PrivateOpenSearch(Private):
    """A single-node OpenSearch with a small heap, from the distribution services.sh cached."""

    name = "opensearch"

    def __init__(self, folder: Path, heap: str = "320m") -> None:
        super().__init__(folder)
        self.home = _cache() / f"opensearch-{OS_VERSION}"
        if not (self.home / "bin" / "opensearch").exists():
            raise RuntimeError(
                f"no OpenSearch at {self.home}: scripts/services.sh start installs it"
            )
        self.heap = heap
        self.http_port, self.transport_port = free_port(), free_port()
        for sub in ("data", "logs"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        self.as_root = os.getuid() == 0
        if self.as_root:  # OpenSearch refuses to run as root, as in scripts/services.sh
            shutil.chown(folder, OS_USER, OS_USER)
            for sub in ("data", "logs"):
                shutil.chown(folder / sub, OS_USER, OS_USER)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def command(self) -> tuple[list[str], dict[str, str]]:
        java = shutil.which("java")
        java_home = os.environ.get("JAVA_HOME") or (
            str(Path(java).resolve().parents[1]) if java else ""
        )
        env = {
            **os.environ,
            "OPENSEARCH_JAVA_HOME": java_home,
            "OPENSEARCH_JAVA_OPTS": f"-Xms{self.heap} -Xmx{self.heap}",
        }
        args = [
            str(self.home / "bin" / "opensearch"),
            "-Ediscovery.type=single-node",
            "-Enetwork.host=127.0.0.1",
            f"-Ehttp.port={self.http_port}",
            f"-Etransport.port={self.transport_port}",
            f"-Epath.data={self.folder / 'data'}",
            f"-Epath.logs={self.folder / 'logs'}",
            f"-Ecluster.name=navolg-private-{self.http_port}",
            "-Ecluster.routing.allocation.disk.threshold_enabled=false",
        ]
        if self.as_root:
            args = ["setpriv", f"--reuid={OS_USER}", f"--regid={OS_USER}", "--clear-groups", *args]
        return args, env

    def health_url(self) -> str:
        return self.url + "/_cluster/health?wait_for_status=yellow&timeout=1s"

    def healthy(self, status: int | None) -> bool:
        return status == 200  # 408 while the cluster is not yellow yet
