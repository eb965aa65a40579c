#!/usr/bin/env bash
# Prints answers per second and latency percentiles for N delegates answering at the same moment
# against the published API on SQLite. Usage: bash bench/answers.sh [delegates=300] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet publish api -c Release -o "$out/api" --nologo -v quiet >/dev/null
dotnet run -c Release --project bench/Answers -- "$out/api/ELearning.Api.dll" "${1:-300}" "${2:-3}"
