#!/usr/bin/env bash
# Refresh tests/deploy/compose-spec.schema.json, the Compose Specification JSON schema that
# tests/deploy validates docker-compose.yml against. It is vendored so the tests need no network;
# it comes from the npm package dclint, which ships the compose-spec project's
# schema/compose-spec.json unchanged (Apache-2.0) as schemas/compose.schema.json.
#   scripts/fetch-compose-schema.sh [DCLINT_VERSION]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${1:-3.1.0}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "dclint@$VERSION" >/dev/null && tar -xzf "dclint-$VERSION.tgz")
cp "$tmp/package/schemas/compose.schema.json" "$ROOT/tests/deploy/compose-spec.schema.json"
sum="$(sha256sum "$ROOT/tests/deploy/compose-spec.schema.json" | cut -d' ' -f1)"
echo "vendored from dclint@$VERSION, sha256 $sum: update tests/deploy/SCHEMA.md" >&2
