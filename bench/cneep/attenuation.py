#!/usr/bin/env python3
"""How a CNEEP estimate on Euler-simulated bead-spring movies falls short: attenuation against the optimal estimator.

For Euler–Maruyama data the best a pair (or n-frame) estimator can do is the Euler chain's log pair ratio
  ln p(z_{t+1} | z_t) − ln p(z_t | z_{t+1}) + ln p_S(z_t) − ln p_S(z_{t+1}),
with p(·|·) the Euler step N(z + 𝒜zΔτ, 2𝒟Δτ) and p_S its stationary law (S = ΦSΦᵀ + 2𝒟Δτ); docs/models.md.
This script sums it, the truth (entropy.npy) and the estimate (delta_s.npy) over the estimate's windows of n − 1
steps, and prints:
  - the three means per window and their ratios;
  - R² of the estimate and of the optimum against the truth;
  - the estimate as c · optimum + noise: c, and the noise-to-signal variance ratio r. For the J objective and small
    ΔS, a noise of relative variance r shrinks the optimal scale to about 1/(1 + r): the total's shortfall;
  - the estimate regressed on the components of the truth (each bead's heat Σ F_i∘Δz_i / T_i and the system term):
    a shortfall shared by every component is attenuation by noise, one confined to a bead is a missing term.
With K > 1 estimators (`train --estimators K`) it prints these per estimator, then the correlation of their noises
and the average of their outputs: as it is, and with one scale c fitted by J on the first half of the movies and
scored on the second half (an ensemble whose noise is independent would gain what averaging removes from r).

Usage: python3 bench/cneep/attenuation.py ESTIMATE_DIR DATA_DIR [FRAMES_PER_INPUT]   (needs python3-numpy;
DATA_DIR is the simulated folder the estimate was run on: entropy.npy, trajectories.npy, truth.json; chain with walls,
k = γ = 1, as `simulate bead-spring` writes it)
"""
import json
import sys

import numpy as np

estimate_dir, data_dir = sys.argv[1], sys.argv[2]
steps = int(sys.argv[3]) - 1 if len(sys.argv) > 3 else 3
truth = json.load(open(data_dir + "/truth.json"))
if truth.get("integrator") != "euler":
    sys.exit("error: the optimum here is the Euler chain's; %s has integrator %s" % (data_dir, truth.get("integrator")))
temperatures = np.array(truth["temperatures"])
dt = truth["dt"]
n = len(temperatures)
force = -(2 * np.eye(n) - np.eye(n, k=1) - np.eye(n, k=-1))          # K with both ends wall-tied, k = 1
phi = np.eye(n) + force * dt                                          # γ = 1: 𝒜 = K
noise_inv = np.linalg.inv(2 * np.diag(temperatures) * dt)
stationary, power = 2 * np.diag(temperatures) * dt, phi.copy()        # S = Σ_k Φ^k Q Φ^kᵀ by doubling
for _ in range(64):
    stationary, power = stationary + power @ stationary @ power.T, power @ power
stationary_inv = np.linalg.inv(stationary)
covariance_inv = np.linalg.inv(np.array(truth["covariance"]))

estimate = np.load(estimate_dir + "/delta_s.npy").astype(np.float64)
entropy = np.load(data_dir + "/entropy.npy")
trajectories = np.load(data_dir + "/trajectories.npy", mmap_mode="r")
movies = entropy.shape[0]
estimate = estimate.reshape(-1, movies, estimate.shape[-1])              # (K, movies, steps)


def quadratic(u, m):
    return np.einsum("ti,ij,tj->t", u, m, u)


def windows(per_step):
    w = per_step.shape[0] // steps
    return per_step[: w * steps].reshape((w, steps) + per_step.shape[1:]).sum(axis=1)


x, y, o, parts = [], [], [], []
for m in range(movies):
    z = np.asarray(trajectories[m], dtype=np.float64)
    a, b = z[:-1], z[1:]
    forward, backward = b - a @ phi.T, a - b @ phi.T
    optimum = (-0.5 * quadratic(forward, noise_inv) + 0.5 * quadratic(backward, noise_inv)
               + 0.5 * quadratic(b, stationary_inv) - 0.5 * quadratic(a, stationary_inv))
    heat = (0.5 * (a + b) @ force.T) * (b - a) / temperatures             # midpoint F_i Δz_i / T_i per bead
    system = 0.5 * quadratic(b, covariance_inv) - 0.5 * quadratic(a, covariance_inv)
    x.append(windows(estimate[:, m].T))
    y.append(windows(entropy[m]))
    o.append(windows(optimum))
    parts.append(windows(np.c_[heat, system]))
x, y, o, parts = map(np.concatenate, (x, y, o, parts))


def report(label, xk):
    c = np.cov(xk, o)[0, 1] / o.var()
    r = (xk - c * o).var() / o.var()
    print("%s: mean / optimum %.4f, R² %.4f; = %.4f · optimum + noise, r = %.4f, 1/(1 + r) = %.4f"
          % (label, xk.mean() / o.mean(), np.corrcoef(xk, y)[0, 1] ** 2, c, r, 1 / (1 + r)))
    return xk - c * o


print("windows of %d steps: %d; mean per window: optimum %.6f, truth %.6f (optimum / truth %.4f, R² %.4f)"
      % (steps, len(y), o.mean(), y.mean(), o.mean() / y.mean(), np.corrcoef(o, y)[0, 1] ** 2))
names = ["heat %d" % i for i in range(n)] + ["system"]
noises = []
for k in range(x.shape[1]):
    noises.append(report("estimator %d" % (k + 1), x[:, k]))
    coefficients, *_ = np.linalg.lstsq(parts, x[:, k], rcond=None)
    print("  on the truth's components: " + "  ".join("%s %.4f" % (a, v) for a, v in zip(names, coefficients)))
if x.shape[1] > 1:
    print("noise correlation between estimators:\n" + np.array2string(np.corrcoef(np.array(noises)), precision=3))
    mean = x.mean(axis=1)
    report("average of %d" % x.shape[1], mean)
    half = len(y) // 2                        # windows are in movie order, so the halves are two sets of movies
    scales = np.linspace(0.8, 1.3, 501)
    fitted = scales[np.argmax([np.mean(c * mean[:half] - np.exp(-c * mean[:half])) for c in scales])]
    print("average with its scale fitted by J on the first half of the movies: c = %.3f; on the second half "
          "mean / optimum %.4f (the plain average %.4f)" % (fitted, fitted * mean[half:].mean() / o[half:].mean(),
                                                             mean[half:].mean() / o[half:].mean()))
