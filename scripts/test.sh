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
# The suite runs on two pytest-xdist workers (tests/conftest.py sends the longest tests first
# and keeps tests that share a module fixture on one worker); NAVOLG_TEST_WORKERS=N picks
# another number, 0 runs it in one process. A warm run on 4 Dec: 6 min 30 s on two workers
# (763 passed); one process took 13 min 25 s on 3 Dec before the suite's ingest was shared.
.venv/bin/python -m pytest -q -p no:cacheprovider -n "${NAVOLG_TEST_WORKERS:-2}" --dist loadgroup "$@"
