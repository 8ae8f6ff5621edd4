#!/usr/bin/env bash
# bench/maxent: kinetic-Ising β sweep (MaxEnt paper Fig. 1a) and time vs N. Usage: bench/maxent/run.sh [OUTDIR]
set -euo pipefail
OUT=${1:-bench/maxent/results}
CLI=${CLI:-"dotnet run --project src/EntropyScope.Cli -c Release --"}
mkdir -p "$OUT"
# time vs N at β = 2 (one β each), then the N = 1000 sweep over 9 β in [0, 4]
/usr/bin/time -v $CLI maxent-sweep --spins 100,300 --betas 2 --samples-per-spin 10000 --max-cg 50 --seed 1 --out "$OUT/time_vs_n" \
  > "$OUT/time_vs_n.md" 2> "$OUT/time_vs_n.log"
/usr/bin/time -v $CLI maxent-sweep --spins 1000 --betas 0:4:9 --samples-per-spin 10000 --max-cg 50 --seed 1 --out "$OUT/sweep1000" \
  > "$OUT/sweep1000.md" 2> "$OUT/sweep1000.log"
