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
estimate = estimate.reshape(movies, -1)


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
    x.append(windows(estimate[m]))
    y.append(windows(entropy[m]))
    o.append(windows(optimum))
    parts.append(windows(np.c_[heat, system]))
x, y, o, parts = map(np.concatenate, (x, y, o, parts))

print("windows of %d steps: %d" % (steps, len(x)))
print("mean per window: estimate %.6f  optimum %.6f  truth %.6f" % (x.mean(), o.mean(), y.mean()))
print("estimate / optimum %.4f   optimum / truth %.4f" % (x.mean() / o.mean(), o.mean() / y.mean()))
print("R² against the truth: estimate %.4f  optimum %.4f" % (np.corrcoef(x, y)[0, 1] ** 2, np.corrcoef(o, y)[0, 1] ** 2))
c = np.cov(x, o)[0, 1] / o.var()
r = (x - c * o).var() / o.var()
print("estimate = %.4f · optimum + noise; noise / signal variance r = %.4f; 1/(1 + r) = %.4f" % (c, r, 1 / (1 + r)))
coefficients, *_ = np.linalg.lstsq(parts, x, rcond=None)
names = ["heat %d" % i for i in range(n)] + ["system"]
print("estimate on the truth's components: " + "  ".join("%s %.4f" % (k, v) for k, v in zip(names, coefficients)))
