#!/usr/bin/env bash
# The main job on the embedded default (local folder store, no servers): set up, then run
# `navolg demo`, which shows what exists so far and says what does not yet.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
exec .venv/bin/navolg demo --data "${NAVOLG_DATA:-./navolg-data}"
