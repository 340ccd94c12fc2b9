#!/usr/bin/env bash
# Side by side: Mapbox Vector Tiles of N incident-like points scattered along the demo boundary, every non-empty tile
# at zooms 6–12, Demarcate's encoder (points found in a quadkey-sorted array) vs PostGIS ST_AsMVT/ST_AsMVTGeom over a
# GiST index, same run. Prints per-zoom times, the ratio, sizes, and whether both tiles hold the same points (ids and
# positions on the 4096 grid) in every tile (exit 1 if not).
# Usage: bench/tiles-vs-postgis.sh [N [minzoom maxzoom]]     (default: 1000000 6 12)
# DEMARCATE_BENCH_POSTGRES=connection string uses that PostgreSQL instead of starting a throwaway cluster on port
# $DEMARCATE_BENCH_PG_PORT (default 55442); DEMARCATE_BENCH_DLL=path/to/Demarcate.Benchmarks.dll skips the Release build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000000}
zooms=("${@:2}")
[ ${#zooms[@]} -eq 2 ] || zooms=(6 12)

if [ -z "${DEMARCATE_BENCH_POSTGRES:-}" ]; then
  work=$(mktemp -d /tmp/demarcate-tiles-bench.XXXXXX)
  chmod 755 "$work"
  trap '"$root/scripts/postgres-for-tests" stop "$work/pg"; rm -rf "$work"' EXIT
  DEMARCATE_BENCH_POSTGRES=$(DEMARCATE_TEST_PG_PORT=${DEMARCATE_BENCH_PG_PORT:-55442} "$root/scripts/postgres-for-tests" start "$work/pg")
fi

dll="${DEMARCATE_BENCH_DLL:-}"
if [ -z "$dll" ]; then
  dotnet build -c Release "$root/bench/Demarcate.Benchmarks" -v q -nologo -clp:ErrorsOnly >/dev/null
  dll="$root/bench/Demarcate.Benchmarks/bin/Release/net10.0/Demarcate.Benchmarks.dll"
fi

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
dotnet "$dll" tiles-postgis "$root/data/demo/am-az-osm.geojson" "$DEMARCATE_BENCH_POSTGRES" "$n" "${zooms[@]}"
