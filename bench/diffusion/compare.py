#!/usr/bin/env python3
"""Print measured η beside SpeedAcc Table I (reference-numbers.md §5) from `entropyscope diffusion` summaries.

usage: python3 bench/diffusion/compare.py MIXTURE_DIR/summary.json [SWISSROLL_DIR/summary.json]
       python3 bench/diffusion/compare.py --sweep DIR/summary.json   (sampler sweep only: eta per schedule and ordering)
Standard library only (benchmark helper, not a runtime requirement).
"""
import json
import sys

PUBLISHED_MIXTURE = {  # perturbation -> (cosine, cond-OT, OT); secondary source, parameters unknown
    "mean": (9.188e-2, 8.781e-2, 8.537e-2),
    "variance": (1.078e-1, 1.047e-1, 1.022e-1),
    "mixture": (2.764e-2, 2.674e-2, 2.611e-2),
    "uniform": (2.142e-2, 2.068e-2, 2.033e-2),
}
PUBLISHED_SWISSROLL = {"rotating-g0": 9.301e-2, "rotating-g3": 3.430e-1, "rotating-g5": 5.615e-1, "ot": 7.221e-6}
SCHEDULES = ("cosine", "cond-ot", "ot")


def rows(path, sampler="exact"):
    with open(path) as f:
        summary = json.load(f)
    return summary, {(r["schedule"], r["perturbation"]): r for r in summary["rows"] if r.get("sampler", "exact") == sampler}


def samplers(path):
    with open(path) as f:
        summary = json.load(f)
    return [s["label"] for s in summary.get("samplers", [{"label": "exact"}])]


def sampler_sweep(path):
    """One line per sampler x perturbation: eta per schedule, the ordering, and the relative gaps beside the published ones."""
    labels = samplers(path)
    print("\nDiscretised samplers: eta per schedule (ordering; gaps (cos-cOT)/cOT and (cOT-OT)/OT; published: "
          "cosine > cond-OT > OT by +3-5 % and +2-3 %)")
    print(f"{'sampler':<16}{'perturbation':<13}{'cosine':>12}{'cond-OT':>12}{'OT':>12}  {'ordering':<28}{'gap c/cOT':>10}{'gap cOT/OT':>11}"
          f"{'W1 gen (cos, cOT, OT)':>30}  published order?")
    hits = 0
    total = 0
    for label in labels:
        _, by = rows(path, label)
        for p in PUBLISHED_MIXTURE:
            if not all((s, p) in by for s in SCHEDULES):
                continue
            ours = [by[(s, p)]["eta"] for s in SCHEDULES]
            gen = [by[(s, p)].get("w1_generated") if by[(s, p)].get("w1_generated") is not None else float("nan") for s in SCHEDULES]
            spread = (max(ours) - min(ours)) / max(ours)
            order = "tie" if spread < 1e-6 else " > ".join(s for _, s in sorted(zip(ours, SCHEDULES), reverse=True))
            same = spread >= 1e-6 and ours[0] > ours[1] > ours[2]
            hits += same
            total += 1
            print(f"{label:<16}{p:<13}" + "".join(f"{o:>12.4e}" for o in ours) + f"  {order:<28}{ours[0] / ours[1] - 1:>+10.1%}"
                  f"{ours[1] / ours[2] - 1:>+11.1%}" + f"{', '.join(f'{g:.1e}' for g in gen):>30}  {'YES' if same else 'no'}")
    print(f"published ordering cosine > cond-OT > OT reproduced in {hits} of {total} sampler x perturbation rows")


def mixture(path):
    summary, by = rows(path)
    if not by:
        return sampler_sweep(path)
    print(f"1D two-Gaussian mixture (tau = {summary['tau']}, wall {summary.get('wall_seconds') or float('nan'):.1f} s)")
    print(f"{'perturbation':<13}" + "".join(f"{s + ' ours':>14}{s + ' publ.':>15}" for s in SCHEDULES) + "   ordering ours | published")
    for p, published in PUBLISHED_MIXTURE.items():
        ours = [by[(s, p)]["eta"] if (s, p) in by else float("nan") for s in SCHEDULES]
        line = f"{p:<13}" + "".join(f"{o:>14.4e}{q:>15.4e}" for o, q in zip(ours, published))
        order = lambda v: " > ".join(s for _, s in sorted(zip(v, SCHEDULES), reverse=True))
        spread = (max(ours) - min(ours)) / max(ours) if max(ours) > 0 else float("nan")
        mine = f"tie (relative spread {spread:.1e})" if spread < 1e-6 else order(ours)
        print(line + f"   {mine} | {order(published)}")
    if len(samplers(path)) > 1:
        sampler_sweep(path)
    print("c1 / c2 / bound per schedule x perturbation (exact flow):")
    for (s, p), r in by.items():
        print(f"  {s:<8} {p:<9} eta {r['eta']:.5e}  c1 {r['c1']:.5e}  c2 {r['c2']:.5e}  slack c1-eta {r['slack']['c1_minus_eta']:.2e}"
              f"  c2-c1 {r['slack']['c2_minus_c1']:.2e}  bound {'holds' if r['bound_holds'] else 'VIOLATED'}")


def swissroll(path):
    summary, by = rows(path)
    print(f"\n2D Swiss roll, rotating force h = 1.1, T_fin = 0.5 (tau = {summary['tau']}, N_D = {summary.get('data_points')}, "
          f"M = {summary['particles']}, wall {summary.get('wall_seconds') or float('nan'):.1f} s)")
    print(f"{'schedule':<13}{'eta ours':>12}{'eta publ.':>12}{'c1':>12}{'c2':>12}{'w_D':>12}  bound")
    for (s, p), r in by.items():
        c2 = r["c2"] if r["c2"] is not None else float("nan")
        print(f"{s:<13}{r['eta']:>12.4e}{PUBLISHED_SWISSROLL.get(s, float('nan')):>12.4e}{r['c1']:>12.4e}{c2:>12.4e}{r['w_d']:>12.4e}"
              f"  {'holds' if r['bound_holds'] else 'VIOLATED'}  ({p})")
    g = sorted((float(s[len('rotating-g'):]), r) for (s, _), r in by.items() if s.startswith("rotating-g"))
    if len(g) > 1:
        print("w_D increasing with g:", all(a[1]["w_d"] < b[1]["w_d"] for a, b in zip(g, g[1:])),
              "| eta increasing with g:", all(a[1]["eta"] < b[1]["eta"] for a, b in zip(g, g[1:])))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if sys.argv[1] == "--sweep":
        sampler_sweep(sys.argv[2])
        sys.exit(0)
    mixture(sys.argv[1])
    if len(sys.argv) > 2:
        swissroll(sys.argv[2])
