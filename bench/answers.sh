#!/usr/bin/env bash
# Answers against the published API, after a warm-up: a burst (N delegates answering the same node at the same
# moment, round after round: answers/s, p50/p95/p99/max, failures), a steady load (M delegates each answering every
# T seconds: p99), and on SQLite the group-commit ceiling of the same disk (the same rows, 50 answers per
# transaction, synchronous=FULL) with the burst's ratio to it. One provider and node count (SQLite by default, about
# two minutes), or `all`: SQLite, PostgreSQL on one node and on three nodes side by side.
# Last line: answers: burst <n>/s p99 <x> ms (ceiling <c>/s, ratio <r>); steady p99 <y> ms
# Usage: bash bench/answers.sh [sqlite | all | postgresql | sqlserver] [nodes=1] [delegates=300] [rounds=20]
#                              [steady-delegates=500] [interval-s=5] [steady-s=30]
#   postgresql: a temporary cluster from Debian's package (as the postgres user when run as root), on a free
#   127.0.0.1 port, stopped at the end; or ELEARNING_BENCH_POSTGRES=<connection string> for your own server.
#   sqlserver: ELEARNING_BENCH_SQLSERVER=<connection string> (the database must exist and be empty).
set -euo pipefail
cd "$(dirname "$0")/.."
provider="${1:-sqlite}" nodes="${2:-1}" delegates="${3:-300}" rounds="${4:-20}"
steady="${5:-500}" interval="${6:-5}" steady_s="${7:-30}"
out=$(mktemp -d)
pgdata=""
cleanup() {
  if [ -n "$pgdata" ]; then run_pg pg_ctl -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$pgdata"; fi
  rm -rf "$out"
}
trap cleanup EXIT
run_pg() { local tool="$1"; shift; if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$PGBIN/$tool" "$@"; else "$PGBIN/$tool" "$@"; fi; }

start_postgres() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pgdata=$(mktemp -d /tmp/elearning-bench-pg-XXXX)
  pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdata"
  run_pg initdb -D "$pgdata" -U postgres --auth=trust --no-sync >/dev/null
  # Durable settings (fsync on): the figures are what a real server would do on this disk.
  run_pg pg_ctl -D "$pgdata" -l "$pgdata/log" -w -o "-p $pgport -c listen_addresses=127.0.0.1 -k $pgdata -c max_connections=300" start >/dev/null
}

pg_database() { # a fresh database per run, so each starts empty
  local name="bench_$1"
  run_pg psql -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE $name" >/dev/null
  echo "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$name;Maximum Pool Size=100"
}

dotnet publish api -c Release -r linux-x64 --self-contained false -o "$out/api" --nologo -v quiet >/dev/null
dotnet build bench/Answers -c Release --nologo -v quiet >/dev/null
# The HTTP floor: a bare Kestrel app, published as the API is, takes the same burst from the same client.
dotnet publish bench/Startup -c Release -r linux-x64 --self-contained false -o "$out/bare" --nologo -v quiet >/dev/null

run() { # provider nodes connection-string
  dotnet run -c Release --no-build --project bench/Answers -- "$out/api/ELearning.Api.dll" "$delegates" "$rounds" "$1" "$2" "${3:-}" \
    "$steady" "$interval" "$steady_s" "$out/bare/ELearning.Bench.Startup.dll" | tee -a "$out/results"
}

case "$provider" in
  all)
    run sqlite 1
    if [ -n "${ELEARNING_BENCH_POSTGRES:-}" ]; then run postgresql 1 "$ELEARNING_BENCH_POSTGRES"; run postgresql 3 "$ELEARNING_BENCH_POSTGRES"
    else start_postgres; run postgresql 1 "$(pg_database one)"; run postgresql 3 "$(pg_database three)"; fi ;;
  sqlite) run sqlite "$nodes" ;;
  postgresql)
    if [ -n "${ELEARNING_BENCH_POSTGRES:-}" ]; then run postgresql "$nodes" "$ELEARNING_BENCH_POSTGRES"
    else start_postgres; run postgresql "$nodes" "$(pg_database run)"; fi ;;
  sqlserver) run sqlserver "$nodes" "${ELEARNING_BENCH_SQLSERVER:?set ELEARNING_BENCH_SQLSERVER to a connection string}" ;;
  *) echo "usage: bash bench/answers.sh [sqlite|all|postgresql|sqlserver] [nodes] [delegates] [rounds] [steady-delegates] [interval-s] [steady-s]" >&2; exit 2 ;;
esac

echo
printf '%-11s %5s %10s %8s %8s %8s %9s %8s\n' provider nodes answers/s p50_ms p95_ms p99_ms failures answers
grep '^RESULT|' "$out/results" | while IFS='|' read -r _ p n rate p50 p95 p99 fail total; do
  printf '%-11s %5s %10s %8s %8s %8s %9s %8s\n' "$p" "$n" "$rate" "$p50" "$p95" "$p99" "$fail" "$total"
done
echo
grep '^answers:' "$out/results" | head -1
