#!/usr/bin/env bash
# The Debian packages navolg needs, installed only where missing. One script for every place
# that installs them: scripts/setup.sh (development and CI: `dev`) and the Dockerfile (the
# production image: `runtime`), so the image and the tested machines get the same packages.
#   runtime  Tesseract with Dutch (OCR of scans) and libmagic (file types from the bytes)
#   dev      runtime plus curl, unzip, Maven and Java 17 (scripts/services.sh fetches and runs
#            OpenSearch with them)
# As root with apt-get it installs what is missing; otherwise it names it and exits 1.
# `--list` prints the profile's Debian packages, one a line, and installs nothing.
set -euo pipefail
log() { echo "[system-packages] $*" >&2; }

profile="${1:-dev}"
case "$profile" in runtime | dev) ;; *) echo "usage: $0 [runtime|dev] [--list]" >&2; exit 2 ;; esac

package_of() {  # the Debian package(s) that bring a tool
  case "$1" in
    mvn) echo maven ;;
    java) echo openjdk-17-jre-headless ;;
    tesseract | tesseract-nld) echo tesseract-ocr tesseract-ocr-nld ;;
    libmagic) echo libmagic1 ;;
    *) echo "$1" ;;
  esac
}

missing=()
tools=(tesseract)
[[ "$profile" == dev ]] && tools+=(curl unzip mvn java)
if [[ "${2:-}" == --list ]]; then
  for t in "${tools[@]}" libmagic; do package_of "$t"; done | tr ' ' '\n' | sort -u
  exit 0
fi
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
# Dutch OCR: without it scans are stored and marked needs_ocr, so tests need it.
if command -v tesseract >/dev/null && ! tesseract --list-langs 2>/dev/null | grep -qx nld; then
  missing+=(tesseract-nld)
fi
# python-magic loads libmagic at import time.
if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libmagic\.so\.1'; then
  missing+=(libmagic)
fi
((${#missing[@]})) || exit 0

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
  read -r -a pkgs <<<"$(for t in "${missing[@]}"; do package_of "$t"; done | tr '\n' ' ')"
  log "installing ${pkgs[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
else
  log "missing: ${missing[*]} — install them (Debian: $0 $profile as root) and run again"
  exit 1
fi
