#!/usr/bin/env bash
# Sets up and runs the course: restores, builds and serves the API and player on http://localhost:5080.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project api --urls "${ELEARNING_URLS:-http://localhost:5080}" "$@"
