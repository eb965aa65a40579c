#!/usr/bin/env bash
# The test command: restores, builds and runs every test in the solution.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet test ELearning.sln --logger "console;verbosity=normal" "$@"
