#!/usr/bin/env bash
# The store's attribution write (RecordAttributionsAsync: N attributions in one journaled write into a store of N
# incidents) on a GeoPackage file and on PostgreSQL + PostGIS, in one run.
# Usage: bench/attribution-write.sh [N ...]   (default 100000). Starts a throwaway cluster with scripts/postgres-for-tests
# on port $DEMARCATE_BENCH_PG_PORT (default 55439), gives each N a fresh GeoPackage and a fresh database, prints one
# RESULT line per backend and N, and stops the cluster.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/demarcate-attribution-write.XXXXXX)
chmod 755 "$work" # the cluster may run as the postgres user
cluster="$work/pg"
cleanup() { "$root/scripts/postgres-for-tests" stop "$cluster" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
export DEMARCATE_TEST_PG_PORT=${DEMARCATE_BENCH_PG_PORT:-55439}
postgres=$("$root/scripts/postgres-for-tests" start "$cluster")
if [ -z "$postgres" ]; then
  echo "attribution-write.sh: the PostgreSQL cluster did not start (see $cluster/log)" >&2
  exit 1
fi
cd "$root"
dotnet build -c Release bench/Demarcate.Benchmarks -v q -clp:ErrorsOnly >/dev/null
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000)
for n in "${sizes[@]}"; do
  database="attribution_write_$n"
  psql -h 127.0.0.1 -p "$DEMARCATE_TEST_PG_PORT" -U postgres -qc "CREATE DATABASE $database" >/dev/null
  dotnet run -c Release --no-build --project bench/Demarcate.Benchmarks -- attribution-write "$n" "$work/write-$n.gpkg" \
    "$(sed -E "s/Database=[^;]*/Database=$database/" <<<"$postgres")"
done
