#!/usr/bin/env bash
# Side by side: attribution of N incidents to S sectors of a synthetic border (1 000 sectors of ten segments, about
# 1 750 km, UTM 38N; incidents up to 25 km off, deterministic seeds): Demarcate's SectorAttribution (nearest sector,
# UTM and geodesic distance, side) on one core and on all cores, vs PostGIS KNN (ORDER BY geom <-> p LIMIT 1 over a
# GiST index, plus ST_Distance) in one session and split over two concurrent sessions, same run. Prints the times, the
# ratios, and whether every incident got the same sector and distance (within 1 mm) as PostGIS (exit 1 if not).
# Usage: bench/attribution-vs-postgis.sh [N [S]]     (default: 1000000 1000)
# DEMARCATE_BENCH_POSTGRES=connection string uses that PostgreSQL instead of starting a throwaway cluster on port
# $DEMARCATE_BENCH_PG_PORT (default 55444); DEMARCATE_BENCH_DLL=path/to/Demarcate.Benchmarks.dll skips the Release build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000000}
sectors=${2:-1000}

if [ -z "${DEMARCATE_BENCH_POSTGRES:-}" ]; then
  work=$(mktemp -d /tmp/demarcate-attribution-bench.XXXXXX)
  chmod 755 "$work"
  trap '"$root/scripts/postgres-for-tests" stop "$work/pg"; rm -rf "$work"' EXIT
  DEMARCATE_BENCH_POSTGRES=$(DEMARCATE_TEST_PG_PORT=${DEMARCATE_BENCH_PG_PORT:-55444} "$root/scripts/postgres-for-tests" start "$work/pg")
fi

dll="${DEMARCATE_BENCH_DLL:-}"
if [ -z "$dll" ]; then
  dotnet build -c Release "$root/bench/Demarcate.Benchmarks" -v q -nologo -clp:ErrorsOnly >/dev/null
  dll="$root/bench/Demarcate.Benchmarks/bin/Release/net10.0/Demarcate.Benchmarks.dll"
fi

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$dll" attribution-postgis "$DEMARCATE_BENCH_POSTGRES" "$n" "$sectors"
