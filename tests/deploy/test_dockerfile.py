"""The Dockerfile, checked without a Docker engine: same install script as the README's set-up,
a slim Python base, an unprivileged user, a health check on /healthz, and a complete copy."""

import fnmatch
import os
import re
import subprocess
import tomllib
from pathlib import Path

from api.routes.system import router

ROOT = Path(__file__).resolve().parents[2]
INSTALL = "scripts/system-packages.sh"


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        pending += stripped
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        word, _, rest = pending.partition(" ")
        out.append((word.upper(), rest.strip()))
        pending = ""
    assert not pending
    return out


def _all(kind: str) -> list[str]:
    return [args for word, args in _instructions() if word == kind]


def test_slim_python_base_like_our_machines() -> None:
    (base,) = _all("FROM")
    assert re.fullmatch(r"python:3\.11-slim-bookworm", base), base


def test_system_packages_come_from_the_setup_script() -> None:
    runs = _all("RUN")
    installs = [r for r in runs if INSTALL in r]
    assert len(installs) == 1 and f"{INSTALL} runtime" in installs[0]
    assert not any("apt-get install" in r or "apt install" in r for r in runs)
    assert any(INSTALL in args.split()[:-1] for args in _all("COPY"))
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(INSTALL)} dev$", setup, re.M), "setup.sh must run it"
    assert "apt-get install" not in setup.split("Browser tests")[0]


def test_runtime_packages_include_dutch_ocr_and_libmagic() -> None:
    listed = subprocess.run(
        ["bash", str(ROOT / INSTALL), "runtime", "--list"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {"tesseract-ocr", "tesseract-ocr-nld", "libmagic1"} <= set(listed)
    dev = subprocess.run(
        ["bash", str(ROOT / INSTALL), "dev", "--list"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert set(listed) < set(dev) and {"maven", "openjdk-17-jre-headless"} <= set(dev)


def test_install_script_names_what_is_missing(tmp_path: Path) -> None:
    """Without the tools (and no apt-get on PATH) it names them and fails, not half-installs."""
    for tool in ("bash", "grep", "sort", "tr", "id", "cat"):
        (tmp_path / tool).symlink_to(_which(tool))
    done = subprocess.run(
        ["bash", str(ROOT / INSTALL), "runtime"],
        capture_output=True,
        text=True,
        env={"PATH": str(tmp_path)},
        check=False,
    )
    assert done.returncode == 1
    assert "missing: tesseract" in done.stderr


def _which(tool: str) -> str:
    for folder in os.environ["PATH"].split(os.pathsep):
        if (Path(folder) / tool).is_file():
            return str(Path(folder) / tool)
    raise AssertionError(f"{tool} not on PATH")


def test_runs_as_an_unprivileged_user() -> None:
    instructions = _instructions()
    users = [i for i, (word, _) in enumerate(instructions) if word == "USER"]
    assert users, "no USER"
    user = instructions[users[-1]][1]
    assert user not in {"root", "0"} and not user.startswith(("root:", "0:"))
    useradd = re.compile(r"useradd [^&;]*?(\S+)\s*(?:&&|;|$)")
    created = [m[1] for r in _all("RUN") for m in useradd.finditer(r)]
    assert created == [user], created
    assert not any(word == "RUN" for word, _ in instructions[users[-1] :]), "RUN after USER"


def test_health_check_on_healthz_of_the_served_port() -> None:
    (check,) = _all("HEALTHCHECK")
    (cmd,) = _all("CMD")
    assert "/healthz" in check
    assert "/healthz" in {getattr(r, "path", "") for r in router.routes}
    port = re.search(r"--port\", \"(\d+)\"", cmd)
    assert port and f"127.0.0.1:{port[1]}/healthz" in check
    assert '"--host", "0.0.0.0"' in cmd and cmd.startswith('["navolg", "serve"')
    assert "curl" not in check  # the slim image has none; python is there


def test_copies_every_package_and_nothing_ignored() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = set(pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"])
    sources = [src for args in _all("COPY") for src in args.split()[:-1]]
    for source in sources:
        assert (ROOT / source).exists(), source
    assert packages <= set(sources), packages - set(sources)
    assert {"pyproject.toml", "README.md"} <= set(sources)  # hatch reads the readme
    ignored = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert {".git", ".venv", "navolg-data"} <= set(ignored)
    for source in sources:
        assert not any(fnmatch.fnmatch(source, pattern) for pattern in ignored), source
