#!/usr/bin/env bash
# Installs what the test suite drives for real: Debian's Chromium for the browser tests, poppler-utils to
# render PDFs, Debian's PostgreSQL server (the provider tests start their own cluster from /usr/lib/postgresql/*/bin,
# as the postgres user when run as root) and the xAPI LRS (npm). Idempotent: a second run installs nothing.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# xAPI tests: Learning Locker's xapi-statements LRS, installed with npm into a cache folder outside the
# repository (the tests' LrsFixture looks in the same place, and installs it there itself if it is missing).
command -v npm >/dev/null || {
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
}
LRS_DIR="${ELEARNING_TEST_TOOLS:-$HOME/.cache/elearning-test-tools}/lrs"
if [ ! -f "$LRS_DIR/node_modules/xapi-statements/dist/index.js" ]; then
  mkdir -p "$LRS_DIR"
  [ -f "$LRS_DIR/package.json" ] || echo '{ "name": "elearning-test-lrs", "private": true }' > "$LRS_DIR/package.json"
  (cd "$LRS_DIR" && npm install --no-audit --no-fund --loglevel=error xapi-statements@5.0.1)
fi

# OpenAPI lint: @redocly/cli from tools/openapi-lint's lockfile (OpenApiLintTests runs it, and installs it itself if missing).
LINT_DIR="$(cd "$(dirname "$0")/.." && pwd)/tools/openapi-lint"
if [ ! -x "$LINT_DIR/node_modules/.bin/redocly" ]; then
  (cd "$LINT_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
