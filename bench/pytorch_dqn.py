#!/usr/bin/env python3
"""PyTorch CPU peer benchmark for rlrun (reproducible reference numbers).

Measures, on the CPU, with torch.set_num_threads(--threads):
  dqn_train_step  one Nature-DQN training step, batch 32, input float32 [32,4,84,84]
                  in [0,1]: no_grad target-net forward on next_states, max over actions,
                  y = r + 0.99*(1-done)*max; online forward on states, gather Q at the
                  taken actions, smooth_l1_loss (Huber, delta 1, mean), zero_grad
                  (set_to_none), backward, Adam(lr=1e-4) step.
  act_latency     no_grad online forward on one observation [1,4,84,84] + argmax.
  act_latency_b8  the same on eight observations [8,4,84,84] (vector environments).
  sgemm_N         torch.mm of two float32 NxN matrices, N in 256/512/1024 (GFLOP/s).
Network: Conv(4,32,8,s4) ReLU Conv(32,64,4,s2) ReLU Conv(64,64,3,s1) ReLU Flatten
         Linear(3136,512) ReLU Linear(512,4).
Each item: warm-up, then repeated for >= --seconds of wall time; reports the MEDIAN
per-iteration time (time.perf_counter). Not run by tests.

Run:   pip install torch numpy
       python3 bench/pytorch_dqn.py --threads 2          # table
       python3 bench/pytorch_dqn.py --threads 1 --json   # one JSON object
"""
import argparse
import copy
import json
import platform
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def nature_dqn(n_actions=4):
    return nn.Sequential(
        nn.Conv2d(4, 32, 8, stride=4), nn.ReLU(),
        nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),
        nn.Conv2d(64, 64, 3, stride=1), nn.ReLU(),
        nn.Flatten(),
        nn.Linear(3136, 512), nn.ReLU(),
        nn.Linear(512, n_actions))


def measure(fn, seconds, warmup):
    """Run fn `warmup` times, then repeatedly for >= `seconds`; return (median s, iters)."""
    for _ in range(warmup):
        fn()
    times, start = [], time.perf_counter()
    while time.perf_counter() - start < seconds or len(times) < 5:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=3.0, help="min timed seconds per item")
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    batch, n_actions, gamma = 32, 4, 0.99

    online = nature_dqn(n_actions)
    target = copy.deepcopy(online)
    opt = torch.optim.Adam(online.parameters(), lr=1e-4)
    states = torch.rand(batch, 4, 84, 84)
    next_states = torch.rand(batch, 4, 84, 84)
    actions = torch.randint(0, n_actions, (batch,))
    rewards = torch.rand(batch)
    dones = (torch.rand(batch) < 0.1).float()
    obs = torch.rand(1, 4, 84, 84)
    obs8 = torch.rand(8, 4, 84, 84)

    def train_step():
        with torch.no_grad():
            y = rewards + gamma * (1.0 - dones) * target(next_states).max(dim=1).values
        q = online(states).gather(1, actions.unsqueeze(1)).squeeze(1)
        loss = F.smooth_l1_loss(q, y)  # Huber, beta=1, mean
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    def act():
        with torch.no_grad():
            return int(online(obs).argmax(dim=1))

    def act8():
        with torch.no_grad():
            return online(obs8).argmax(dim=1)

    results = {}
    med, n = measure(train_step, args.seconds, args.warmup)
    results["dqn_train_step"] = {"median_ms": med * 1e3, "iters": n, "steps_per_s": 1 / med}
    med, n = measure(act, args.seconds, args.warmup * 10)
    results["act_latency"] = {"median_ms": med * 1e3, "iters": n}
    med, n = measure(act8, args.seconds, args.warmup * 10)
    results["act_latency_b8"] = {"median_ms": med * 1e3, "iters": n}
    for size in (256, 512, 1024):
        a, b = torch.rand(size, size), torch.rand(size, size)
        med, n = measure(lambda: torch.mm(a, b), args.seconds, args.warmup * 5)
        results[f"sgemm_{size}"] = {"median_ms": med * 1e3, "iters": n,
                                    "gflops": 2 * size ** 3 / med / 1e9}

    meta = {"torch": torch.__version__, "threads": torch.get_num_threads(),
            "python": platform.python_version(), "machine": platform.machine()}
    if args.json:
        print(json.dumps({"meta": meta, **results}))
        return
    print(f"torch {meta['torch']}  threads={meta['threads']}  python {meta['python']}")
    print(f"{'item':<16}{'median ms':>12}{'iters':>8}  extra")
    for name, r in results.items():
        extra = (f"{r['gflops']:.1f} GFLOP/s" if "gflops" in r else
                 f"{r['steps_per_s']:.1f} steps/s" if "steps_per_s" in r else "")
        print(f"{name:<16}{r['median_ms']:>12.3f}{r['iters']:>8}  {extra}")


if __name__ == "__main__":
    main()
