#!/usr/bin/env bash
# Side by side: PROJ (proj_trans_generic, libproj-dev) and Demarcate on the same fixed pipeline
# EPSG:28408 -> EPSG:32638 via EPSG:15865, N generated points (default 10 000 000), one run.
# Prints points/second for each, the ratio, and the largest difference between the two outputs (must be <= 1 mm).
# Usage: bench/geodesy-vs-proj.sh [N]
# DEMARCATE_BENCH_DLL=path/to/Demarcate.Benchmarks.dll skips the Release build and runs that build instead (the test
# suite's small run uses its own build; its timings are then those of that configuration).
set -euo pipefail
N="${1:-10000000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# The pipeline PROJ itself offers for this pair through EPSG:15865 ("Pulkovo 1942 to WGS 84 (16)").
PIPELINE="$(projinfo -s EPSG:28408 -t EPSG:32638 --spatial-test intersects -o PROJ 2>/dev/null \
  | awk '/^Operation No/ {keep=0} /Pulkovo 1942 to WGS 84 \(16\)/ {keep=1} keep && /^ *\+/ {print}' \
  | tr -s ' \n' ' ')"
echo "Pipeline: $PIPELINE"

gcc -O2 -o "$WORK/proj-bench" "$ROOT/bench/geodesy-vs-proj.c" -lproj -lm
BENCH_DLL="${DEMARCATE_BENCH_DLL:-}"
if [ -z "$BENCH_DLL" ]; then
  dotnet build -c Release "$ROOT/bench/Demarcate.Benchmarks" -v q -nologo >/dev/null
  BENCH_DLL="$ROOT/bench/Demarcate.Benchmarks/bin/Release/net10.0/Demarcate.Benchmarks.dll"
fi

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
PROJ_LINE="$("$WORK/proj-bench" "$N" "$WORK/proj.bin" "$PIPELINE")"
echo "$PROJ_LINE"
PROJ_RATE="$(echo "$PROJ_LINE" | sed -E 's/.*= ([0-9.]+) points\/s/\1/')"
dotnet "$BENCH_DLL" proj-compare "$N" "$WORK/proj.bin" "$PROJ_RATE"
