"""Writes torch_reference.json: small GRU/LSTM/Linear/Conv2d/MaxPool cases computed by PyTorch, with their inputs,
weights (PyTorch parameter names), outputs and gradients of sum(out * r), for the engine's parity tests.
Run from this folder:  /usr/bin/python3 make_torch_reference.py   (Debian python3-torch; 1.13.1 was used)."""
import json
import torch
import torch.nn as nn

torch.manual_seed(7)
cases = {}


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def record(name, module, inputs, run):
    for p in module.parameters():
        p.grad = None
    for x in inputs.values():
        x.requires_grad_(True)
    out = run()
    r = torch.randn(out.shape)
    (out * r).sum().backward()
    cases[name] = {
        "inputs": {k: {"shape": list(v.shape), "data": flat(v), "grad": flat(v.grad)} for k, v in inputs.items()},
        "parameters": {k: {"shape": list(p.shape), "data": flat(p), "grad": flat(p.grad)} for k, p in module.named_parameters()},
        "seed": {"shape": list(r.shape), "data": flat(r)},
        "output": {"shape": list(out.shape), "data": flat(out)},
    }


B, T, I, H, L = 3, 5, 4, 6, 2
gru = nn.GRU(I, H, num_layers=L, batch_first=True)
x = torch.randn(B, T, I)
h0 = torch.randn(L, B, H)
record("gru", gru, {"x": x, "h0": h0}, lambda: gru(x, h0)[0])

lstm = nn.LSTM(I, H, num_layers=L, batch_first=True)
x2 = torch.randn(B, T, I)
h0b = torch.randn(L, B, H)
c0b = torch.randn(L, B, H)
record("lstm", lstm, {"x": x2, "h0": h0b, "c0": c0b}, lambda: lstm(x2, (h0b, c0b))[0])

conv = nn.Conv2d(2, 3, 3, stride=2, padding=1)
x3 = torch.randn(2, 2, 7, 6)
record("conv_pool", conv, {"x": x3}, lambda: torch.max_pool2d(torch.relu(conv(x3)), 2))

# Adam with coupled weight decay: three steps on given gradients.
w = torch.nn.Parameter(torch.randn(11))
start = flat(w)
opt = torch.optim.Adam([w], lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
grads = []
for step in range(3):
    g = torch.randn(11)
    grads.append(flat(g))
    w.grad = g.clone()
    opt.step()
state = opt.state[w]
cases["adam"] = {"start": start, "grads": grads, "after": flat(w), "exp_avg": flat(state["exp_avg"]), "exp_avg_sq": flat(state["exp_avg_sq"])}

with open("torch_reference.json", "w") as f:
    json.dump(cases, f)
