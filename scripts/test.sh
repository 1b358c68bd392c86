#!/usr/bin/env bash
# The whole test suite, as CI runs it: set up, lint and type-check, start the real services
# (SeaweedFS S3 and OpenSearch), run pytest against them, and stop the services at the end,
# also when something fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh

echo "[test] ruff (lint + format) and mypy" >&2
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy

trap 'scripts/services.sh stop' EXIT
scripts/services.sh start
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-navolg-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-navolg-test}"
# NAVOLG_TEST_WORKERS=N runs the suite on N pytest-xdist workers (tests/conftest.py sends the
# longest tests first and keeps tests that share a module fixture on one worker). The default
# is one process: warm runs on 3 Dec took 12 min 22 s in one process, 8 min 50 s with two
# workers and 9 min 57 s with three (README); parallel runs have no record in CI yet.
.venv/bin/python -m pytest -q -p no:cacheprovider -n "${NAVOLG_TEST_WORKERS:-0}" --dist loadgroup "$@"
