#!/usr/bin/env bash
# Sets up and runs the course: installs Node.js and npm if missing (the build installs NHS.UK frontend from the
# lockfile with them), then restores, builds and serves the API and player on http://localhost:5080.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! command -v npm >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
exec dotnet run --project api --urls "${ELEARNING_URLS:-http://localhost:5080}" "$@"
