#!/usr/bin/env bash
# Sets up and runs the course: installs Node.js and npm if missing (the build installs NHS.UK frontend from the
# lockfile with them), publishes the API and player for this machine's runtime only (Release, framework-dependent,
# ReadyToRun: no other platforms' native libraries) to out/api, and serves it on http://localhost:5080. The
# database and signing key live in api/data/, as before.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! command -v npm >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
rid="${ELEARNING_RID:-$(dotnet --info | awk '/ RID:/ {print $2; exit}')}"
dotnet publish api -c Release -r "${rid:-linux-x64}" --self-contained false -o out/api --nologo -v quiet
cd api # the content root: appsettings.json and data/ (database, signing key) are found here
exec dotnet ../out/api/ELearning.Api.dll --urls "${ELEARNING_URLS:-http://localhost:5080}" "$@"
