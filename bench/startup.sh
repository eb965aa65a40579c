#!/usr/bin/env bash
# Start-up time to the first 200 and idle memory (RSS), for the API and for a bare Kestrel app (bench/Startup),
# both published as README says (Release, one runtime: linux-x64, framework-dependent) and started the same way,
# alternating, in one sitting. The API's first start in a fresh folder validates the content and stamps it;
# the restarts after it (same folder, same database) are what a deployment restarting sees.
# Usage: bash bench/startup.sh [restarts=5] [idle-seconds=5]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
restarts="${1:-5}" idle="${2:-5}"
out=$(mktemp -d)
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$out"; }
trap cleanup EXIT

dotnet publish api -c Release -r linux-x64 --self-contained false -o "$out/api" --nologo -v quiet >/dev/null
dotnet publish bench/Startup -c Release -r linux-x64 --self-contained false -o "$out/bare" --nologo -v quiet >/dev/null
mkdir -p "$out/data"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Prints "<ms to first 200> <RSS KiB after idling>" for one start: dll, path to poll, extra arguments.
measure() {
  local dll="$1" path="$2"; shift 2
  local port; port=$(free_port)
  local start; start=$(date +%s%N)
  dotnet "$dll" --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default Warning "$@" >"$out/log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port$path" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the app exited before answering:" >&2; cat "$out/log" >&2; exit 1; }
    sleep 0.005
  done
  local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "$idle"
  local rss; rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  echo "$ms $rss"
}

api() { measure "$out/api/ELearning.Api.dll" /api/course --ConnectionStrings:ELearning "Data Source=$out/data/elearning.db" \
  --Certificates:SigningKeyPath "$out/data/key.pem"; }
bare() { measure "$out/bare/ELearning.Bench.Startup.dll" /; }

read -r first_ms first_rss < <(api)
echo "API first start (validates and stamps the content, creates the database): $first_ms ms, $((first_rss / 1024)) MiB"
: >"$out/api.txt"; : >"$out/bare.txt"
for i in $(seq "$restarts"); do
  api >>"$out/api.txt"
  bare >>"$out/bare.txt"
  echo "restart $i: API $(tail -1 "$out/api.txt" | awk '{print $1 " ms, " int($2/1024) " MiB"}'); bare $(tail -1 "$out/bare.txt" | awk '{print $1 " ms, " int($2/1024) " MiB"}')"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
api_ms=$(cut -d' ' -f1 "$out/api.txt" | median); bare_ms=$(cut -d' ' -f1 "$out/bare.txt" | median)
api_mib=$(cut -d' ' -f2 "$out/api.txt" | median | awk '{printf "%.1f", $1/1024}')
bare_mib=$(cut -d' ' -f2 "$out/bare.txt" | median | awk '{printf "%.1f", $1/1024}')
size_api=$(du -sm "$out/api" | cut -f1)
echo
echo "publish folder: $size_api MB (linux-x64, framework-dependent)"
echo "startup: API $api_ms ms to first 200, idle $api_mib MiB; bare Kestrel $bare_ms ms, $bare_mib MiB" \
  "(ratios $(awk -v a="$api_ms" -v b="$bare_ms" 'BEGIN {printf "%.2f", a/b}'), $(awk -v a="$api_mib" -v b="$bare_mib" 'BEGIN {printf "%.2f", a/b}')); median of $restarts restarts"
