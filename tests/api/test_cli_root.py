"""The root `navolg` command: every command reachable, and a command imports only its own part."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import COMMANDS, build

ROOT = Path(__file__).resolve().parents[2]


def _navolg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )


def test_help_lists_every_command() -> None:
    shown = _navolg("-m", "api.cli", "--help")
    assert shown.returncode == 0, shown.stderr
    listed = set(re.findall(r"^│ ([a-z][a-z-]*) ", shown.stdout, re.M))
    assert listed == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_works_when_built_alone(name: str) -> None:
    """The console script builds the root with only the command it runs."""
    result = CliRunner().invoke(build([name]), [name, "--help"], prog_name="navolg")
    assert result.exit_code == 0, result.output
    assert f"navolg {name}" in result.output


def test_an_unknown_command_gets_the_whole_list(tmp_path: Path) -> None:
    wrong = _navolg("-m", "api.cli", "verfiy")
    assert wrong.returncode == 2 and "No such command" in wrong.stderr


RUN_AND_LIST_MODULES = """
import json, sys
from api.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    print(json.dumps({"code": done.code, "modules": sorted(sys.modules)}))
"""


def test_audit_log_imports_neither_the_web_app_nor_the_parsers(tmp_path: Path) -> None:
    """Importing every command cost about a second before each `navolg audit verify`."""
    done = _navolg("-c", RUN_AND_LIST_MODULES, "audit", "log", "--data", str(tmp_path / "none"))
    assert "no store at" in done.stderr, done.stderr  # it ran, and said why it stopped
    ran = json.loads(done.stdout.splitlines()[-1])
    assert ran["code"] == 2
    imported = set(ran["modules"])
    assert "store.cli" in imported
    assert not imported & {"fastapi", "api.app", "ingest.pipeline", "unstructured", "fpdf"}
