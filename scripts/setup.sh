#!/usr/bin/env bash
# Set up a development environment: system tools if missing, a virtualenv in .venv with navolg
# installed (editable) with its dev tools. Idempotent and quick when nothing changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { echo "[setup] $*" >&2; }

# System packages (Tesseract with Dutch, libmagic, curl, unzip, Maven, Java): the same script
# the Dockerfile runs for the image, with the development extras.
scripts/system-packages.sh dev
# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
if [[ ! -x /usr/bin/chromium ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    log "installing chromium with apt-get (no recommended extras)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends chromium >/dev/null
  else
    log "missing /usr/bin/chromium (Debian package chromium) — install it and run again"; exit 1
  fi
fi

PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { log "Python 3.11+ needed"; exit 1; }
if [[ ! -x .venv/bin/python ]]; then
  log "creating .venv"
  "$PY" -m venv .venv
fi
stamp=".venv/.navolg-installed"
if [[ ! -f "$stamp" || pyproject.toml -nt "$stamp" ]]; then
  log "installing navolg and its dev tools into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi
# axe-core (accessibility checks in the browser tests), from the npm registry, not committed.
AXE_VERSION=4.14.1
axe=".cache/axe-core/axe-$AXE_VERSION.min.js"
if [[ ! -f "$axe" ]]; then
  command -v npm >/dev/null || { log "npm is needed once to fetch axe-core"; exit 1; }
  log "fetching axe-core $AXE_VERSION with npm pack"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null && tar -xzf "axe-core-$AXE_VERSION.tgz")
  mkdir -p .cache/axe-core && cp "$tmp/package/axe.min.js" "$axe.part" && mv "$axe.part" "$axe"
  rm -rf "$tmp"
fi
log "ready: .venv/bin/navolg"
