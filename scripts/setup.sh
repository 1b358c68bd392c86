#!/usr/bin/env bash
# Set up a development environment: system tools if missing, a virtualenv in .venv with navolg
# installed (editable) with its dev tools. Idempotent and quick when nothing changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { echo "[setup] $*" >&2; }

missing=()
for tool in curl unzip mvn java tesseract; do command -v "$tool" >/dev/null || missing+=("$tool"); done
# Dutch OCR: without it scans are stored and marked needs_ocr, so tests need it.
if command -v tesseract >/dev/null && ! tesseract --list-langs 2>/dev/null | grep -qx nld; then
  missing+=(tesseract-nld)
fi
if ((${#missing[@]})); then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    pkgs=()
    for t in "${missing[@]}"; do
      case "$t" in mvn) pkgs+=(maven) ;; java) pkgs+=(openjdk-17-jre-headless) ;;
        tesseract | tesseract-nld) pkgs+=(tesseract-ocr tesseract-ocr-nld) ;; *) pkgs+=("$t") ;; esac
    done
    log "installing ${pkgs[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
  else
    log "missing tools: ${missing[*]} — install them and run again"; exit 1
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
log "ready: .venv/bin/navolg"
