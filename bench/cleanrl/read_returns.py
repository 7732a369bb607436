#!/usr/bin/env python
"""Summarise a CleanRL tensorboard run.

Usage: python read_returns.py PATH [PATH ...]
PATH may be an events.out.tfevents.* file or a run directory (e.g. runs/Pong-v5__pqn_atari_envpool__1__1733400000).

Prints, for charts/episodic_return: number of episodes, mean of the last 20,
global_step of the last entry, and the global_step / wall time (seconds since the
first logged scalar) at which the running mean over 20 episodes first reached
>= 0 and >= +18 (if ever); and the last charts/SPS value.
"""
import sys
from collections import deque

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

RET = "charts/episodic_return"
SPS = "charts/SPS"
WINDOW = 20
THRESHOLDS = (0.0, 18.0)


def summarise(path):
    ea = EventAccumulator(path, size_guidance={"scalars": 0})  # 0 = keep all events
    ea.Reload()
    tags = ea.Tags().get("scalars", [])
    print(f"== {path}")
    t0 = None
    for tag in tags:
        ev = ea.Scalars(tag)
        if ev:
            t0 = ev[0].wall_time if t0 is None else min(t0, ev[0].wall_time)
    if RET not in tags:
        print(f"  no {RET} scalars (tags: {tags})")
    else:
        ev = ea.Scalars(RET)
        vals = [e.value for e in ev]
        n = len(vals)
        last = vals[-WINDOW:]
        print(f"  episodes: {n}")
        print(f"  mean of last {min(WINDOW, n)}: {sum(last) / len(last):.2f}" if n else "  mean of last 20: n/a")
        if n:
            print(f"  last entry global_step: {ev[-1].step}  (wall {ev[-1].wall_time - t0:.1f}s after start)")
        win = deque(maxlen=WINDOW)
        crossed = {}
        for e in ev:
            win.append(e.value)
            if len(win) < WINDOW:
                continue
            m = sum(win) / WINDOW
            for th in THRESHOLDS:
                if th not in crossed and m >= th:
                    crossed[th] = (e.step, e.wall_time - t0, m)
        for th in THRESHOLDS:
            if th in crossed:
                s, t, m = crossed[th]
                print(f"  running mean({WINDOW}) first >= {th:+g}: global_step {s}, {t:.1f}s (mean {m:.2f})")
            else:
                print(f"  running mean({WINDOW}) first >= {th:+g}: never")
    if SPS in tags:
        ev = ea.Scalars(SPS)
        print(f"  last {SPS}: {ev[-1].value:.0f} at global_step {ev[-1].step}")
    else:
        print(f"  no {SPS} scalars")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for p in sys.argv[1:]:
        summarise(p)
