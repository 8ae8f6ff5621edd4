#!/usr/bin/env python3
"""Reference training throughput of NEEP and RNEEP in PyTorch on this CPU (the anchor of `entropyscope bench neep`).

Written from the spec (estimators.md section 3), not from the reference code:
- NEEP: h(s_t, s_t+1) = n_layer x [Linear + ReLU] of width n_hidden, then Linear -> 1, on the concatenated pair
  (2d inputs); DeltaS = h(s_t, s_t+1) - h(s_t+1, s_t).
- RNEEP: embedding n_token -> H, GRU(H, H, batch_first, zero initial state) over the k-state window and over the
  reversed window; h = Linear(H -> 1) of the time mean of the GRU outputs; DeltaS = h(x) - h(reversed x).
Loss = mean(-DeltaS + exp(-DeltaS)); Adam(lr 1e-4, weight decay 5e-5). Random inputs.

Run with the system Python (python3-torch): /usr/bin/python3 bench/neep/torch_neep_bench.py --model neep
Prints one JSON line with samples (windows) per second of training.
"""
import argparse, json, time
import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("--model", choices=["neep", "rneep"], default="neep")
p.add_argument("--threads", type=int, default=2)
p.add_argument("--batch", type=int, default=4096)
p.add_argument("--dim", type=int, default=5, help="NEEP: coordinates per state (bead-spring N = 5)")
p.add_argument("--hidden", type=int, default=None, help="NEEP width (256) / RNEEP GRU size (128)")
p.add_argument("--layers", type=int, default=3, help="NEEP hidden layers")
p.add_argument("--window", type=int, default=32, help="RNEEP: states per window k")
p.add_argument("--tokens", type=int, default=3, help="RNEEP: discrete states")
p.add_argument("--steps", type=int, default=5)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)


class Neep(nn.Module):
    def __init__(self, d, hidden, layers):
        super().__init__()
        mods, width = [], 2 * d
        for _ in range(layers):
            mods += [nn.Linear(width, hidden), nn.ReLU()]
            width = hidden
        mods.append(nn.Linear(width, 1))
        self.h = nn.Sequential(*mods)

    def forward(self, x):  # x: [B, 2, d]
        fwd = x.flatten(1)
        rev = x.flip(1).flatten(1)
        return (self.h(fwd) - self.h(rev)).squeeze(1)


class Rneep(nn.Module):
    def __init__(self, tokens, hidden):
        super().__init__()
        self.embed = nn.Embedding(tokens, hidden)
        self.gru = nn.GRU(hidden, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def h(self, s):  # s: [B, k] long
        out, _ = self.gru(self.embed(s))
        return self.fc(out.mean(1)).squeeze(1)

    def forward(self, s):
        return self.h(s) - self.h(s.flip(1))


a.hidden = a.hidden or (256 if a.model == "neep" else 128)
if a.model == "neep":
    net = Neep(a.dim, a.hidden, a.layers)
    x = torch.randn(a.batch, 2, a.dim)
else:
    net = Rneep(a.tokens, a.hidden)
    x = torch.randint(0, a.tokens, (a.batch, a.window))
opt = torch.optim.Adam(net.parameters(), 1e-4, weight_decay=5e-5)


def step():
    s = net(x)
    loss = (-s + torch.exp(-s)).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()


for _ in range(2):
    step()
t0 = time.perf_counter()
for _ in range(a.steps):
    step()
rate = a.batch * a.steps / (time.perf_counter() - t0)
print(json.dumps({"impl": "pytorch-" + torch.__version__, "model": a.model, "threads": torch.get_num_threads(),
                  "batch": a.batch, "hidden": a.hidden, "window": a.window if a.model == "rneep" else 2,
                  "train_samples_per_s": round(rate, 1), "steps_per_s": round(rate / a.batch, 3)}))
