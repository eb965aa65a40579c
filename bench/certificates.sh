#!/usr/bin/env bash
# Certificate rendering benchmark: 1,000 PDFs (or the count given), Release build, whole-process figures.
# Not part of the test run. Usage: bash bench/certificates.sh [count]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run -c Release --project bench/Certificates -- "$@"
