#!/usr/bin/env python3
"""Read the N = 5 bead-spring bonds off an `estimate` folder's map.npy under two region rules, against truth.json.

  centre:  a feature column belongs to bond (b, b+1) when its centre S·c + S/2 − 1 lies in [10 + 20b, 30 + 20b)
           (what `estimate` does; docs/cneep.md);
  overlap: each S-px cell is shared among bonds by the fraction of its footprint inside [9.5 + 20b, 29.5 + 20b).

Usage: python3 bench/cneep/bond_rules.py ESTIMATE_DIR TRUTH_JSON   (needs python3-numpy)
"""
import json
import sys

import numpy as np

estimate, truth = sys.argv[1], json.load(open(sys.argv[2]))
rates = [b["exchanged_entropy_rate"] for b in truth["bonds"] if b["i"] >= 0 and b["j"] >= 0]
columns = np.load(estimate + "/map.npy").sum(axis=-2).reshape(-1)   # Σ over rows of ⟨Ḣ⟩, one value per column
stride = 8 if len(columns) == 12 else 4                              # 100-px frames: 25 cells at depth 2, 12 at depth 3
centres = stride * np.arange(len(columns)) + stride / 2 - 1
print("column sums by centre (px):", " ".join("%g:%.4f" % (x, v) for x, v in zip(centres, columns)))
for rule in ("centre", "overlap"):
    ratios = []
    for b, rate in enumerate(rates):
        lo, hi = 9.5 + 20 * b, 29.5 + 20 * b
        if rule == "centre":
            weight = ((centres >= 10 + 20 * b) & (centres < 30 + 20 * b)).astype(float)
        else:
            weight = np.clip(np.minimum(hi, centres + stride / 2) - np.maximum(lo, centres - stride / 2), 0, None) / stride
        ratios.append(float(weight @ columns) / rate)
    print("%-8s bonds / analytic: %s" % (rule, " / ".join("%.2f" % r for r in ratios)))
