#!/usr/bin/env bash
# The store's read paths on 100 000 sectors, GeoPackage and PostgreSQL + PostGIS side by side.
# Starts a throwaway cluster (scripts/postgres-for-tests, port $DEMARCATE_BENCH_PG_PORT, default 55439),
# runs StoreReadBenchmarks for both backends in one BenchmarkDotNet run, prints the means side by side,
# and stops the cluster. Raw BenchmarkDotNet output goes to BenchmarkDotNet.Artifacts/ as usual.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/demarcate-store-bench.XXXXXX)
chmod 755 "$work" # the cluster may run as the postgres user
cluster="$work/pg"
cleanup() { "$root/scripts/postgres-for-tests" stop "$cluster"; rm -rf "$work"; }
trap cleanup EXIT
export DEMARCATE_TEST_PG_PORT=${DEMARCATE_BENCH_PG_PORT:-55439}
DEMARCATE_BENCH_POSTGRES=$("$root/scripts/postgres-for-tests" start "$cluster")
if [ -z "$DEMARCATE_BENCH_POSTGRES" ]; then
  echo "store-read.sh: the PostgreSQL cluster did not start (see $cluster/log)" >&2
  exit 1
fi
export DEMARCATE_BENCH_POSTGRES
export DEMARCATE_BENCH_GPKG="$work/bench-100k.gpkg"
cd "$root"
dotnet run -c Release --project bench/Demarcate.Benchmarks -- --filter '*StoreReadBenchmarks*' --artifacts "$work/artifacts" "$@"
mkdir -p BenchmarkDotNet.Artifacts
cp -r "$work/artifacts/." BenchmarkDotNet.Artifacts/
python3 - "$work/artifacts/results/Demarcate.Benchmarks.StoreReadBenchmarks-report.csv" <<'PY'
import csv, sys, re
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
def ms(text):
    value, unit = re.match(r'([\d.,]+)\s*(\S+)', text).groups()
    return float(value.replace(',', '')) * {'ns': 1e-6, 'us': 1e-3, 'μs': 1e-3, 'ms': 1, 's': 1000}[unit]
table = {}
for r in rows:
    table.setdefault(r['Method'], {})[r['Backend']] = (ms(r['Mean']), r['Allocated'])
print()
print(f"{'read path (100 000 sectors)':<42} {'GeoPackage':>14} {'PostgreSQL':>14} {'PG / GPKG':>10}")
for method, by in table.items():
    g, p = by['GeoPackage'][0], by['PostgreSQL'][0]
    print(f"{method:<42} {g:>11.3f} ms {p:>11.3f} ms {p / g:>10.2f}")
PY
