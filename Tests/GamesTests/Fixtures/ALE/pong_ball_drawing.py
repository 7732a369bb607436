#!/usr/bin/env python3
"""The exact rule for which pixels of ALE Pong's ball are white, checked against the ALE's frames.

Run by hand (`python3 pong_ball_drawing.py`, a few minutes, one process). It plays the same games
as measure_pong.py's rallies() (trackers with and without FIRE, random agents), runs PongModel
beside the ALE, predicts the ball's white pixels from the model's state alone, and counts the
frames where the prediction differs from the RGB frame's (236,236,236) pixels in rows 34..193.

Why (from the ROM's kernel, $F5E0-$F63C): each loop pass draws two scanlines, A then B, with
X = v - 2 at its start (v = 40, 42, ..., 220; line A is screen row v - 17, line B row v - 16).
ENABL is written by PHP after CMP-like `(v - ram[54]) & $FC`, so the ball is on for the two passes
with y <= v <= y + 3, and the write lands mid-line on line B (CPU cycle 140..146 of the pass).
The game sets VDELBL = (ram[54] ^ 1) & 1, so for even y the visible copy is taken when GRP1 is
written instead, late in line A (cycle 71..74). Where in the line each write lands depends on
branches: the paddle read (BMI, 2 cycles more while the capacitor is still charging) and the two
paddle-visibility BEQs (1 cycle more where the paddle is not drawn). Pixels right of a write's
position show the new value, pixels left of it the old one.
"""
import collections
import json
import sys

import numpy as np

import measure_pong as mp


def ball_pixels(x, y, computer, agent, logic_counter, pot):
    """White pixels (row, column) of the ball, rows 34..193 only.

    x, y: ram[49], ram[54] (y == 0: out of play); computer, agent: ram[50], ram[51];
    logic_counter: the frame counter during the frame's game logic (ram[8] after the frame - 1);
    pot: the ALE resistance of the agent's paddle after this frame's action."""
    if y == 0:
        return set()
    left, top = x - 49, y - 14
    # The paddle the kernel reads this frame: the agent's on odd frames, else the other
    # (untouched, at the ALE's default resistance: reading 110).
    reading = mp.pot_reading(pot) if logic_counter & 1 else 110

    def charging(v):  # the capacitor read at the start of the pass is still charging: +2 cycles
        return 1 if 40 <= v - 2 <= reading else 0

    def agent_off(v):  # the agent's paddle is not drawn in the pass: +1 cycle
        return 0 if ((v - 2 - agent) & 0xF0) == 0 else 1

    def computer_off(v):  # the computer's paddle is not drawn on line B: +1 cycle
        return 0 if ((v - computer) & 0xF0) == 0 else 1

    if y & 1:  # ENABL write on line B of pass v
        def cut(v):
            return 127 + 6 * charging(v) + 3 * agent_off(v) + 3 * computer_off(v)
        on_from, off_from = cut(y + 1), cut(y + 5)
    else:  # VDELBL: the copy at the GRP1 write on line A of pass v
        def cut(v):
            return 149 + 6 * charging(v) + 3 * agent_off(v)
        on_from, off_from = cut(y + 2), cut(y + 6)
    pixels = set()
    for column in (left, (left + 1) % 160):  # at x = 159 the second column is column 0
        rows = [top, top + 1, top + 2]
        if column >= on_from:
            rows.append(top - 1)
        if column < off_from:
            rows.append(top + 3)
        pixels.update((r, column) for r in rows if mp.FIELD_ROWS[0] <= r <= mp.FIELD_ROWS[1])
    return pixels


def check(policy, max_frames=30000):
    game = mp.Game(check_screen=False)
    counts = collections.Counter()
    while game.t + 1 < max_frames and not game.game_over():
        game.step(policy(game.ram))
        m = game.model
        # m.y is 0 while out of play; in a point's frame the ball is still drawn where it stopped
        predicted = ball_pixels(m.x, m.y, m.computer, m.agent,
                                (m.frame_counter - 1) & 255, m.pot)
        img = game.ale.getScreenRGB()
        white = np.all(img[34:194] == mp.BALL_RGB, axis=2)
        ys, xs = np.nonzero(white)
        seen = set(zip((ys + 34).tolist(), xs.tolist()))
        counts["frames"] += 1
        counts["ball_drawn"] += m.y != 0
        counts["mismatches"] += predicted != seen
        x, y = int(game.ram[49]) - 49, int(game.ram[54]) - 14
        plain = {(r, c) for r in range(y, y + 4) for c in (x, x + 1) if 34 <= r <= 193} if game.ram[54] else set()
        counts["plain_2x4_mismatches"] += plain != seen
    counts["model_mismatches"] = game.model_mismatches
    return counts


def main():
    total = collections.Counter()
    runs = [("tracker", s, mp.Tracker(s, fire=0.0 if s < 3 else 0.5)) for s in range(6)]
    runs += [("random", s, mp.RandomAgent(s)) for s in range(5)]
    for label, seed, policy in runs:
        c = check(policy)
        print(label, seed, dict(c), flush=True)
        total.update(c)
    print("total", dict(total))




def record_fixture(path="pong_ball_pixels.json"):
    """pong_ball_pixels.json: the ALE's ball pixels over pong_game.json's 10,000 frames, for the
    Swift tests (`python3 pong_ball_drawing.py fixture`). Only the frames whose ball is not the
    plain 2 x 4 block at (ram[49] - 49, ram[54] - 14) are listed, each with its white pixels in
    rows 34..193; every other frame shows the plain block (clipped to those rows), or no ball."""
    recorded = json.load(open("pong_game.json"))
    game = mp.Game(check_screen=False)
    odd, plain_frames = [], 0
    for t, digit in enumerate(recorded["actions"]):
        game.step(int(digit))
        img = game.ale.getScreenRGB()
        ys, xs = np.nonzero(np.all(img[34:194] == mp.BALL_RGB, axis=2))
        seen = sorted(zip((ys + 34).tolist(), xs.tolist()))
        x, y = int(game.ram[49]) - 49, int(game.ram[54]) - 14
        plain = sorted((r, c) for r in range(y, y + 4) for c in (x, (x + 1) % 160) if 34 <= r <= 193) if game.ram[54] else []
        if seen == plain:
            plain_frames += 1
        else:
            odd.append([t, [[r, c] for r, c in seen]])
    doc = {"description": record_fixture.__doc__.strip().replace("\n    ", " "),
           "frames": len(recorded["actions"]), "plain_frames": plain_frames, "odd_frames": odd}
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print(path, len(odd), "odd frames of", len(recorded["actions"]))


if __name__ == "__main__":
    record_fixture() if sys.argv[1:] == ["fixture"] else main()
