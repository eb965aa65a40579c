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

dotnet build bench/XapiDispatch -c Release -v quiet -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }

start_lrs() {
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  mkdir -p "$WORK/lrs-$PORT"
  EXPRESS_PORT="$PORT" MODELS_REPO=memory STORAGE_REPO=local FS_LOCAL_STORAGE_DIR="$WORK/lrs-$PORT" \
    EXPRESS_MORGAN_DIRECTORY="$WORK/lrs-$PORT/accessLogs" AUTH_REPO=test EVENTS_REPO=test \
    node tests/lrs/start-lrs.js "$LRS_ENTRY" >"$WORK/lrs-$PORT/lrs.log" 2>&1 &
  LRS_PID=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$PORT/xAPI/about" >/dev/null 2>&1 && return 0
    kill -0 "$LRS_PID" 2>/dev/null || { cat "$WORK/lrs-$PORT/lrs.log"; exit 1; }
    sleep 0.1
  done
  echo "the LRS did not start" >&2; exit 1
}
stop_lrs() {
  if [ -n "$LRS_PID" ] && kill -0 "$LRS_PID" 2>/dev/null; then kill "$LRS_PID"; wait "$LRS_PID" 2>/dev/null || true; fi
  LRS_PID=""
}

# Each run on a fresh LRS (it keeps statements in memory and slows as it fills); the modes alternate, ROUNDS
# times each, and the median of each is reported, since the machine is shared and single runs are noisy.
ROUNDS="${ROUNDS:-3}"
declare -A RUNS
for ROUND in $(seq 1 "$ROUNDS"); do
  for MODE in direct dispatch; do
    start_lrs
    read -r _ _ SECS RPS < <(dotnet bench/XapiDispatch/bin/Release/net10.0/XapiDispatch.dll "$MODE" "http://127.0.0.1:$PORT/xAPI/" "$COUNT" "$BATCH")
    stop_lrs
    echo "round $ROUND $MODE: $SECS s, $RPS statements/s"
    RUNS[$MODE]+="$SECS "
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
DIRECT=$(echo "${RUNS[direct]}" | median); DISPATCH=$(echo "${RUNS[dispatch]}" | median)
echo
echo "backlog of $COUNT statements, batch size $BATCH, median of $ROUNDS runs each, one fresh LRS per run (xapi-statements 5.0.1, in memory)"
python3 - "$COUNT" "$DIRECT" "$DISPATCH" "${RUNS[direct]}" "${RUNS[dispatch]}" <<'PY'
import sys, statistics
count, direct, dispatch = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
rounds = [d / p for d, p in zip(map(float, sys.argv[4].split()), map(float, sys.argv[5].split()))]
print(f"LRS direct ingest (same batches POSTed back to back): {direct:.2f} s -> {count/direct:.0f} statements/s")
print(f"dispatcher (outbox -> LRS): drained in {dispatch:.2f} s -> {count/dispatch:.0f} statements/s")
print(f"ratio dispatcher/direct: {direct/dispatch:.2f} (medians); per round {' '.join(f'{r:.2f}' for r in rounds)}, "
      f"median {statistics.median(rounds):.2f} (each round's two runs are back to back, so they share the machine's load)")
PY
