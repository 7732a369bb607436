#!/usr/bin/env python3
"""Makes cartpole_v1_trajectories.json: CartPole-v1 trajectories from Gymnasium itself.

Run once by hand (`pip install gymnasium`, then `python3 make_cartpole_fixtures.py` in this
folder); the Swift tests only read the JSON it writes, so no Python is on the test path.

Each trajectory starts from the state Gymnasium's reset(seed=k) draws and follows a fixed
action sequence: random actions from Python's random.Random(k) for some, a simple balancing
controller for others (those last the full 500 steps and end truncated). For every step the
file keeps the action, the float64 state Gymnasium holds after the step, the float32
observation it returns, the reward and the two end flags. Floats are stored as the hex of
their IEEE 754 bits, so the comparison can be bit for bit.
"""
import json
import random
import struct

import gymnasium
import numpy as np


def double_bits(value):
    return struct.pack(">d", float(value)).hex()


def float_bits(value):
    return struct.pack(">f", np.float32(value)).hex()


def balancing_action(state):
    _, _, theta, theta_dot = state
    return 1 if theta + 0.5 * theta_dot > 0 else 0


def trajectory(seed, policy):
    env = gymnasium.make("CartPole-v1")
    env.reset(seed=seed)
    rng = random.Random(seed)
    state = env.unwrapped.state
    record = {"seed": seed, "policy": policy, "initial_state": [double_bits(v) for v in state], "steps": []}
    while True:
        action = rng.randrange(2) if policy == "random" else balancing_action(env.unwrapped.state)
        observation, reward, terminated, truncated, _ = env.step(action)
        record["steps"].append({
            "action": action,
            "state": [double_bits(v) for v in env.unwrapped.state],
            "observation": [float_bits(v) for v in observation],
            "reward": reward,
            "terminated": terminated,
            "truncated": truncated,
        })
        if terminated or truncated:
            return record


def main():
    trajectories = [trajectory(seed, "random") for seed in range(10)]
    trajectories += [trajectory(seed, "balancing") for seed in (100, 101)]
    with open("cartpole_v1_trajectories.json", "w") as f:
        json.dump({"gymnasium": gymnasium.__version__, "numpy": np.__version__, "trajectories": trajectories}, f)


if __name__ == "__main__":
    main()
