#!/usr/bin/env bash
# Side by side: discrepancy polygons between two lines (polygonize the noded union of both lines and the two joining
# segments, sum the face areas) and their Hausdorff distance, Demarcate vs PostGIS vs NetTopologySuite, same run.
# Lines: the OSM main-section line densified to N vertices and a smoothly perturbed copy with the same ends (UTM 38N).
# Prints times, ratios, allocation, and whether PostGIS and Demarcate found the same faces and areas (exit 1 if not).
# Usage: bench/compare-vs-postgis.sh [N ...]     (default: 10000 100000 1000000)
# DEMARCATE_BENCH_POSTGRES=connection string uses that PostgreSQL instead of starting a throwaway cluster on port
# $DEMARCATE_BENCH_PG_PORT (default 55441); DEMARCATE_BENCH_DLL=path/to/Demarcate.Benchmarks.dll skips the Release build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)

if [ -z "${DEMARCATE_BENCH_POSTGRES:-}" ]; then
  work=$(mktemp -d /tmp/demarcate-compare-bench.XXXXXX)
  chmod 755 "$work"
  trap '"$root/scripts/postgres-for-tests" stop "$work/pg"; rm -rf "$work"' EXIT
  DEMARCATE_BENCH_POSTGRES=$(DEMARCATE_TEST_PG_PORT=${DEMARCATE_BENCH_PG_PORT:-55441} "$root/scripts/postgres-for-tests" start "$work/pg")
fi

dll="${DEMARCATE_BENCH_DLL:-}"
if [ -z "$dll" ]; then
  dotnet build -c Release "$root/bench/Demarcate.Benchmarks" -v q -nologo -clp:ErrorsOnly >/dev/null
  dll="$root/bench/Demarcate.Benchmarks/bin/Release/net10.0/Demarcate.Benchmarks.dll"
fi

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
dotnet "$dll" compare-postgis "$root/data/demo/am-az-osm.geojson" "$DEMARCATE_BENCH_POSTGRES" "${sizes[@]}"
