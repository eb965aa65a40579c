#!/usr/bin/env bash
# Benchmark: statements per second the outbox dispatcher delivers to a local LRS, and the time to drain a
# backlog, next to the LRS's own ingest rate for the same batches POSTed directly. Not part of the tests.
# Usage: bash bench/xapi-dispatch.sh [statements=10000] [batch=50]
# Starts the test LRS (Learning Locker's xapi-statements, installed by scripts/setup-test-deps.sh) on
# 127.0.0.1 and stops it, and everything else it starts, on the way out.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-10000}"; BATCH="${2:-50}"
LRS_ENTRY="${ELEARNING_TEST_TOOLS:-$HOME/.cache/elearning-test-tools}/lrs/node_modules/xapi-statements/dist/index.js"
[ -f "$LRS_ENTRY" ] || bash scripts/setup-test-deps.sh

WORK="$(mktemp -d)"
LRS_PID=""
cleanup() {
  if [ -n "$LRS_PID" ] && kill -0 "$LRS_PID" 2>/dev/null; then kill "$LRS_PID"; wait "$LRS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
EXPRESS_PORT="$PORT" MODELS_REPO=memory STORAGE_REPO=local FS_LOCAL_STORAGE_DIR="$WORK" \
  EXPRESS_MORGAN_DIRECTORY="$WORK/accessLogs" AUTH_REPO=test EVENTS_REPO=test \
  node tests/lrs/start-lrs.js "$LRS_ENTRY" >"$WORK/lrs.log" 2>&1 &
LRS_PID=$!
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/xAPI/about" >/dev/null 2>&1 && break
  kill -0 "$LRS_PID" 2>/dev/null || { cat "$WORK/lrs.log"; exit 1; }
  sleep 0.1
done

dotnet build bench/XapiDispatch -c Release -v quiet -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
dotnet bench/XapiDispatch/bin/Release/net10.0/XapiDispatch.dll "http://127.0.0.1:$PORT/xAPI/" "$COUNT" "$BATCH"
