#!/usr/bin/env bash
# The test command: installs the real components the tests drive (once), then restores, builds and runs
# every test in the solution, and ends with a plain "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bash scripts/setup-test-deps.sh
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
dotnet test ELearning.sln --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" || status=$?
counters=$(grep -ho '<Counters [^>]*>' "$results"/*.trx 2>/dev/null | head -n 1 || true)
passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
echo "${passed:-0} passed, ${failed:-0} failed"
exit $status
