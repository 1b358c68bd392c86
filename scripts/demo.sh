#!/usr/bin/env bash
# The main job on the embedded default (local folder store, no servers): set up, then run
# `navolg demo`, which ingests the sample corpus, shows what navolg found, and serves the web
# interface on http://127.0.0.1:8000 with demo accounts for each role (Ctrl+C stops it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
exec .venv/bin/navolg demo --data "${NAVOLG_DATA:-./navolg-data}"
