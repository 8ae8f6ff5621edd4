#!/usr/bin/env bash
# CNEEP accuracy benches (docs/cneep.md, bench/cneep/README.md). Usage: bench/cneep/run.sh CASE [WORKDIR]
# Each case simulates its data, trains, estimates and prints the figures and the wall time.
# ES can point at a built CLI (default: dotnet run on the Release build).
set -euo pipefail
CASE=${1:?case: a a-short b c d4 d6 e-random e-shot e-res e-crop}
WORK=${2:-bench-cneep-work}
ES=${ES:-"dotnet src/EntropyScope.Cli/bin/Release/net10.0/EntropyScope.Cli.dll"}
MIN=${MINUTES:-30}
# the filament recipe of cases d4/d6 (bench/cneep/README.md, 2026-12-06): 4-frame windows, difference basis, batch 256;
# FIL_ARGS="" gives the plain `train` defaults
FIL_ARGS=${FIL_ARGS-"--frames-per-input 4 --window-input differences --batch 256"}
# the recipe of case b (bench/cneep/README.md, "Case (b) with four-frame windows"): 4-frame windows carry three steps
# of the small N = 5 signal per window; B_ARGS="" gives the plain `train` defaults (n = 2)
B_ARGS=${B_ARGS-"--frames-per-input 4"}
mkdir -p "$WORK"
start=$(date +%s)

# Every case also simulates an independent test set ($out-test, seed 2, TEST_MOVIES movies, default 25; 200 for case
# b, whose weak bonds a 25-movie set cannot resolve) and the figures are measured on it: the training folder's movies
# were (4 in 5 of them) seen in training. Filament test sets keep the training network (--hot-seed 1).
sim_bs() { # out beads tc [extra simulate args...]
  local out=$1 beads=$2 tc=$3; shift 3
  [ -d "$WORK/$out" ] || $ES simulate bead-spring --beads "$beads" --tc "$tc" --th 10 --movies "${MOVIES:-125}" --frames "${FRAMES:-10000}" --seed 1 --out "$WORK/$out" "$@" >/dev/null
  [ -d "$WORK/$out-test" ] || $ES simulate bead-spring --beads "$beads" --tc "$tc" --th 10 --movies "${TEST_MOVIES:-25}" --frames "${FRAMES:-10000}" --seed 2 --out "$WORK/$out-test" "$@" >/dev/null
  check_movies "$WORK/$out" MOVIES "${MOVIES:-125}"
  check_movies "$WORK/$out-test" TEST_MOVIES "${TEST_MOVIES:-25}"
}
check_movies() { # folder variable expected: a folder left by an earlier run with another count would silently be reused
  local have
  have=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["movies"])' "$1/truth.json")
  [ "$have" = "$3" ] || { echo "error: $1 holds $have movies, $2 is $3: remove the folder or set $2=$have" >&2; exit 2; }
}
sim_fil() { # out nodes [extra simulate args...]
  local out=$1 nodes=$2; shift 2
  [ -d "$WORK/$out" ] || $ES simulate filaments --nodes "$nodes" --movies "${MOVIES:-50}" --frames "${FRAMES:-20000}" --seed 1 --out "$WORK/$out" "$@" >/dev/null
  [ -d "$WORK/$out-test" ] || $ES simulate filaments --nodes "$nodes" --movies "${TEST_MOVIES:-3}" --frames "${FRAMES:-20000}" --seed 2 --hot-seed 1 --out "$WORK/$out-test" "$@" >/dev/null
}
# RESTART_MINUTES=M adds a warm restart to every training: a second run of M minutes that starts from the first run's
# θ* (`train --init-from`) with a new cosine cycle peaking at RESTART_LR; RESTART_CHANNELS=C widens it to C channels on
# the way (bead-spring cases, whose first run has the default width); RESTART_ARGS adds `train` options to the restart
# only (e.g. "--last-block-first-kernel 5": the 3×3 layer widened to 5×5 with a zero ring); both runs are then scored on
# the test set (bench/cneep/README.md, "Case (b): a warm restart", "widened"). LR sets the peak lr of the first run only
# (TRAIN_ARGS and the case's own arguments reach both runs, and `train` refuses a repeated --lr).
# A run folder that already holds a config.json (a run killed part-way, or one carried over from another machine, see
# bench/cneep/README.md "Case (b): 5×5 from scratch, a run that spans sessions") is continued with `train --resume`
# instead of started anew: the run's own config.json then decides everything, so MINUTES, TRAIN_ARGS and the RESTART_*
# settings no longer apply.
train_or_resume() { # data run [train options for a new run...]
  local data=$1 run=$2; shift 2
  if [ -f "$WORK/$run/config.json" ]; then
    echo "resuming $WORK/$run from its checkpoint (its config.json decides: MINUTES, TRAIN_ARGS, RESTART_* are ignored)" >&2
    $ES train "$WORK/$data" --dt "${DT:-0.01}" --out "$WORK/$run" --resume
  else
    $ES train "$WORK/$data" --dt "${DT:-0.01}" --out "$WORK/$run" "$@"
  fi
}
train_est() { # data run [extra train args...]
  local data=$1 run=$2; shift 2
  # shellcheck disable=SC2086  # TRAIN_ARGS: extra `train` options for every training of the case, word-split on purpose
  train_or_resume "$data" "$run" --max-minutes "$MIN" --iterations "${ITER:-100000}" ${LR:+--lr "$LR"} "$@" ${TRAIN_ARGS:-}
  estimate_run "$data" "$run"
  if [ "${RESTART_MINUTES:-0}" != 0 ]; then
    # shellcheck disable=SC2086  # TRAIN_ARGS and RESTART_ARGS, as above
    train_or_resume "$data" "$run-restart" --init-from "$WORK/$run" --lr "${RESTART_LR:-1.5e-4}" \
        ${RESTART_CHANNELS:+--channels "$RESTART_CHANNELS"} --max-minutes "$RESTART_MINUTES" --iterations "${ITER:-100000}" "$@" ${TRAIN_ARGS:-} ${RESTART_ARGS:-}
    echo "warm restart ($RESTART_MINUTES minutes from $run's θ*):"
    estimate_run "$data" "$run-restart"
  fi
}
estimate_run() { # data run: score RUN on the test set and print the figures
  local data=$1 run=$2
  $ES estimate "$WORK/$run" "$WORK/$data-test" --out "$WORK/$run-estimate" --json | tee "$WORK/$run-estimate.json" | \
      /usr/bin/python3 -c 'import json,sys; s=json.load(sys.stdin); print("sigma_hat=%.4f ± %.4f  sigma=%s  ratio=%s  r2=%s  best_iteration=%s  train_s=%s" % (s["entropy_rate_estimate"], s["entropy_rate_estimate_std"], s.get("entropy_rate_true"), s.get("ratio"), s.get("r2"), s.get("best_iteration"), s.get("train_seconds"))); e=s.get("entropy_rate_true_empirical"); e and print("  realised in the test movies: %.4f, sigma_hat / realised = %.4f" % (e, s["entropy_rate_estimate"] / e)); f=lambda v: "-" if v is None else "%.4f" % v; [print("  bond %d-%d (%s px): %.4f ± %.4f  true %s ratio %s  realised %s ± %s ratio %s" % (b["i"], b["j"], b.get("region_width_px"), b["exchanged_entropy_rate_estimate"], b["exchanged_entropy_rate_estimate_sem"], f(b["exchanged_entropy_rate_true"]), f(b["ratio"]), f(b["exchanged_entropy_rate_realised"]), f(b["exchanged_entropy_rate_realised_sem"]), f(b["ratio_realised"]))) for b in (s.get("bonds") or [])]; print("  reference=%s ratio_reference=%s" % (s.get("entropy_rate_reference"), s.get("ratio_reference")))'
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); t=json.load(open(sys.argv[2])); p=t.get("pair_entropy_rate")
if p: print("  pair ceiling (two-frame KL) = %.4f = %.4f sigma; sigma_hat / ceiling = %.4f" % (p, p / t["entropy_rate"], s["entropy_rate_estimate"] / p))' "$WORK/$run-estimate.json" "$WORK/$data-test/truth.json"
}

case $CASE in
  a)        sim_bs bs2-0.1 2 1; train_est bs2-0.1 run-a ;;                          # target: ratio in [0.95, 1.05], r2 >= 0.97
  a-short)  MOVIES=${MOVIES:-25} FRAMES=${FRAMES:-4000} sim_bs bs2-0.1-short 2 1; MIN=${MINUTES:-8} train_est bs2-0.1-short run-a-short ;;
  b)        MOVIES=${MOVIES:-375} TEST_MOVIES=${TEST_MOVIES:-200} sim_bs bs5-0.1 5 1   # 300 + 75 training movies (README: "Three times the training movies")
            # shellcheck disable=SC2086  # B_ARGS: word-split on purpose
            train_est bs5-0.1 run-b $B_ARGS ;;                                      # total within 5 %, bonds within 15 %
  c)        for tc in ${TCS:-1 5 10}; do sim_bs bs2-tc$tc 2 $tc; train_est bs2-tc$tc run-c-tc$tc; done ;;   # T_c/T_h = 0.1, 0.5, 1.0 (TCS: a subset)
  d4|d6)    n=${CASE#d}; MOVIES=${MOVIES:-$([ "$n" = 4 ] && echo 100 || echo 50)} sim_fil fil$n "$n"
            # shellcheck disable=SC2086  # FIL_ARGS: word-split on purpose
            train_est fil$n run-$CASE --channels "${CHANNELS:-32}" $FIL_ARGS ;;    # paper C = 128; ratio >= 0.8, r2 >= 0.7
  e-random|e-shot) kind=${CASE#e-}
            sim_bs bs2-$kind 2 1 --noise "$kind" --alpha 0.4
            for n in ${NS:-2 14}; do train_est bs2-$kind run-$CASE-n$n --frames-per-input "$n"; done ;;   # NS: a subset
  e-res)    for std in 0.1 0.3 1.0; do sim_bs bs2-std$std 2 1 --std $std
              for n in 2 4; do train_est bs2-std$std run-e-res-std$std-n$n --frames-per-input $n; done; done ;;
  e-crop)   for a in a1 a2; do sim_fil fil6-$a 6 --th 2 --crop $a
              for n in 2 4; do train_est fil6-$a run-e-crop-$a-n$n --frames-per-input $n --channels "${CHANNELS:-32}"; done; done ;;
  *) echo "unknown case $CASE" >&2; exit 2 ;;
esac
echo "case $CASE wall time: $(( $(date +%s) - start )) s"
