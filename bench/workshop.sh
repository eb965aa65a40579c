#!/usr/bin/env bash
# A workshop of N delegates answering the same node together: prints the time from each answer's response to its count
# appearing on the facilitator's event stream (p50, p99) beside the answers' own latency (the baseline, same run), and
# the API's memory per open event stream. Usage: bash bench/workshop.sh [delegates=300] [streams=200]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet publish api -c Release -o "$out/api" --nologo -v quiet >/dev/null
dotnet run -c Release --project bench/Workshop -- "$out/api/ELearning.Api.dll" "${1:-300}" "${2:-200}"
