#!/usr/bin/env bash
# Builds a small real CNEEP run (simulate bead-spring → train → estimate), renders `entropyscope report` for it and
# checks the page in headless Chromium (Debian's `chromium`): no console errors/warnings, no uncaught exceptions,
# no network request, images decode, full-page screenshot not blank. Also checks an unfinished run's page, and that
# the checker itself catches a deliberately broken page. Prints figures and wall time; exit 0 = all good.
#   usage: bench/reports/check_in_chromium.sh [WORKDIR]   (default: a fresh temp folder; the screenshots stay there)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(cd "$here/../.." && pwd)"
work="${1:-$(mktemp -d /tmp/es-report-check.XXXXXX)}"; mkdir -p "$work"
command -v chromium >/dev/null || { echo "chromium not found: apt-get install -y chromium"; exit 1; }
start=$(date +%s)
dotnet build "$repo/src/EntropyScope.Cli" -c Release -v q -nologo >/dev/null
es() { dotnet "$repo/src/EntropyScope.Cli/bin/Release/net10.0/EntropyScope.Cli.dll" "$@"; }
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync)

echo "== 1. small real run in $work"
rm -rf "$work/data" "$work/run" "$work/estimate" "$work/unfinished"
es simulate bead-spring --beads 2 --movies 8 --frames 1500 --seed 3 --out "$work/data" 2>&1 | tail -1
es train "$work/data" --dt 0.01 --out "$work/run" --channels 8 --estimators 2 --iterations 800 --batch 128 \
   --eval-every 40 --lr 1e-3 --warmup 20 --seed 3 2>&1 | grep -E "estimator|run folder"
es estimate "$work/run" "$work/data" --out "$work/estimate" 2>&1 | grep -E "σ̂|R²|bond"
es report "$work/run" --out "$work/report.html"
ls -l "$work/report.html"

echo "== 2. the page in headless Chromium (DevTools protocol)"
python3 "$here/cdp_check.py" "$work/report.html" "$work/report.png"

echo "== 3. second opinion: chromium --screenshot with console logging on stderr"
profile=$(mktemp -d)
chromium "${flags[@]}" --user-data-dir="$profile" --enable-logging=stderr --v=0 --window-size=1400,6000 \
  --screenshot="$work/report-flags.png" "file://$work/report.html" 2>"$work/chromium.log" >/dev/null || true
rm -rf "$profile"
if grep -E "CONSOLE|Uncaught" "$work/chromium.log"; then echo "FAILED: console messages above"; exit 1; fi
echo "no console messages in chromium.log; screenshot $(stat -c %s "$work/report-flags.png") bytes"

echo "== 4. an unfinished run (training log only): the page lists what is missing"
mkdir -p "$work/unfinished/estimator-1"
cp "$work/run/config.json" "$work/unfinished/"
head -n 5 "$work/run/estimator-1/train_log.csv" > "$work/unfinished/estimator-1/train_log.csv"
es report "$work/unfinished" --out "$work/unfinished.html" 2>&1 | tail -2
python3 "$here/cdp_check.py" "$work/unfinished.html" "$work/unfinished.png"
grep -q "This report is incomplete" "$work/unfinished.html"

echo "== 5. a NEEP run on trajectories (its page has no map/bond sections)"
rm -rf "$work/trj" "$work/neep-run" "$work/neep-estimate"
es simulate bead-spring --beads 2 --movies 8 --frames 2000 --seed 4 --no-movies --out "$work/trj" 2>&1 | tail -1
es train "$work/trj/trajectories.npy" --dt 0.01 --out "$work/neep-run" --estimator neep --hidden 32 --layers 2 --estimators 2 \
   --iterations 600 --batch 256 --eval-every 50 --seed 4 2>&1 | grep -E "^estimator"
es estimate "$work/neep-run" "$work/trj/trajectories.npy" --out "$work/neep-estimate" 2>&1 | grep -E "σ̂|R²"
es report "$work/neep-estimate" --out "$work/neep.html" 2>&1 | tail -1
python3 "$here/cdp_check.py" "$work/neep.html" "$work/neep.png"

echo "== 6. the checker catches a broken page (negative control)"
printf '<!DOCTYPE html><html><body><img src="http://example.invalid/a.png"><script>console.error("x")</script></body></html>' > "$work/broken.html"
if python3 "$here/cdp_check.py" "$work/broken.html" "$work/broken.png" --min-colours 2 > "$work/broken.txt"; then
  echo "FAILED: the checker passed a broken page"; exit 1; fi
grep -c PROBLEM "$work/broken.txt" | sed 's/^/broken page flagged with /; s/$/ problem(s), as expected/'

echo "ALL OK in $(( $(date +%s) - start )) s (screenshots: $work/report.png, $work/unfinished.png, $work/neep.png)"
