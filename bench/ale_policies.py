#!/usr/bin/env python3
"""ALE reference statistics for two fixed policies on Breakout and Pong (the ALE side of the
side-by-side comparison with rlrun's own clones, which implement the same wrappers and policies).

Emulator: ale_py.ALEInterface used directly (ale-py 0.12.1), frame_skip 1,
repeat_action_probability 0.0, the minimal action set, ROMs from ale_py.roms.get_rom_path(name).
Breakout's actions: 0 NOOP, 1 FIRE, 2 RIGHT, 3 LEFT. Pong's: 0 NOOP, 1 FIRE, 2 RIGHT (paddle up),
3 LEFT (paddle down), 4 RIGHTFIRE, 5 LEFTFIRE.

Preprocessing, mirroring Stable-Baselines3's AtariWrapper (innermost first), written out here:
 1. NoopReset(noop_max=30): a new game resets the ALE and takes 1 + randint(0, 29) single-frame
    NOOPs (uniform in 1..30).
 2. MaxAndSkip(4): an agent step repeats its action for 4 frames, summing the rewards, and stops
    early after the frame that ends the game (game over or truncation). (The max over the last two
    frames is irrelevant: the policies read the raw screen of the last frame.)
 3. EpisodicLife: when lives() drops and is still > 0 after an agent step, the agent's "episode"
    ends; the next "reset" is not a game reset but one agent step of NOOP (action 0).
 4. FireReset: after every reset (the game's, after the no-ops, and EpisodicLife's, after its NOOP
    step) one agent step of FIRE (1), then one agent step of action 2, as SB3's FireResetEnv. As
    there, if one of these two steps itself loses a life, EpisodicLife's reset (one NOOP step) is
    taken right after it and the sequence goes on (never seen in practice).
Whole games: play through lost lives until game over, or until 108,000 frames (counted from the
game's reset, the initial no-ops included) have been played: truncated.
Per game:
  length = agent steps (of up to 4 frames) in the game, counting the FIRE / 2 reset steps and the
           life-loss NOOP steps, but not the initial single-frame no-ops;
  score  = unclipped sum of all rewards of the game;
  frames = every emulated frame from the game's reset, the initial no-ops included;
  lost   = Breakout: lives lost (the drops of lives(): 5 in a finished game);
           Pong: points lost, the computer's points = the number of -1 rewards;
  won    = Pong: points scored = the number of +1 rewards.

Policies act once per agent step (not during the reset steps) on getScreenRGB() of the last frame,
210 rows x 160 columns, rows and columns counted from 0, ranges inclusive:
  random:   uniform over the minimal action set, rng.integers(n_actions).
  follower: Breakout: paddle = pixels of colour (200, 72, 72) in rows 189..192 and columns 8..151
            (columns 152..159 of rows 189..194 hold a fixed red piece of the right wall, in the
            paddle's colour, so they are left out); ball = pixels of (200, 72, 72) in rows 93..188
            (any column: the side walls there are grey (142, 142, 142)). Either missing: FIRE (1).
            Else with centre = (min column + max column + 1) / 2, delta = ball - paddle:
            delta > 2 -> RIGHT (2), delta < -2 -> LEFT (3), else NOOP (0).
            Pong: paddle = pixels of (92, 186, 92) in columns 140..143, rows 34..193; ball = pixels
            of (236, 236, 236) in rows 34..193, any column (the white walls are rows 24..33 and
            194..209). Either missing: NOOP (0). Else with centre y = (min row + max row + 1) / 2,
            delta = ball - paddle: delta < -2 -> RIGHT (2, up), delta > 2 -> LEFT (3, down), else
            NOOP (0).
Seeds: game k (k = 0, 1, ...) of a run sets ALE random_seed = seed + k and loads the ROM anew
(ale-py reads random_seed only in loadROM; with repeat_action_probability 0 the emulator is
deterministic anyway and the seed changes nothing, so --no-reload, one loadROM and reset_game per
game, gives the same games, faster). Its no-ops and random actions come from
numpy.random.default_rng([seed, k]): first the no-op count rng.integers(1, 31), then one
rng.integers(n_actions) per random action. So every run is reproducible game by game, and the two
policies see the same no-op counts.

Statistics per game x policy: games, mean score, its standard deviation (ddof 1), the standard
error of the mean (std / sqrt(games)), mean and std of the length, lives or points lost per minute
of play (total lost / (total frames / 60 / 60)), Pong points scored per minute likewise, truncated
games. A Markdown table on stdout; with --out a JSON with those and the per-game scores and lengths.

Run:  pip install ale-py==0.12.1 numpy
      python3 bench/ale_policies.py --games 1000 --out Tests/GamesTests/Fixtures/ALE/policies.json
      python3 bench/ale_policies.py --check-colours      # the colours and rows the follower reads
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import ale_py
from ale_py import ALEInterface, LoggerMode, roms

NOOP, FIRE = 0, 1
FRAME_SKIP = 4
NOOP_MAX = 30
MAX_FRAMES = 108_000
FRAMES_PER_MINUTE = 60 * 60

BREAKOUT_RED = (200, 72, 72)
PONG_GREEN = (92, 186, 92)
PONG_WHITE = (236, 236, 236)


def _centre(mask, axis):
    """Twice the centre, min + max + 1, of the True positions of `mask` along `axis` (0 rows,
    1 columns), or None when there are none."""
    hits = np.flatnonzero(mask.any(axis=1 - axis))
    if hits.size == 0:
        return None
    return int(hits[0]) + int(hits[-1]) + 1


def _mask(region, colour):
    return (region[..., 0] == colour[0]) & (region[..., 1] == colour[1]) & (region[..., 2] == colour[2])


def breakout_follower(screen):
    paddle = _centre(_mask(screen[189:193, 8:152], BREAKOUT_RED), axis=1)
    ball = _centre(_mask(screen[93:189], BREAKOUT_RED), axis=1)
    if paddle is None or ball is None:
        return FIRE
    delta2 = ball - (paddle + 2 * 8)  # twice the delta; the paddle's region starts at column 8
    if delta2 > 4:
        return 2
    if delta2 < -4:
        return 3
    return NOOP


def pong_follower(screen):
    paddle = _centre(_mask(screen[34:194, 140:144], PONG_GREEN), axis=0)
    ball = _centre(_mask(screen[34:194], PONG_WHITE), axis=0)
    if paddle is None or ball is None:
        return NOOP
    delta2 = ball - paddle  # both rows offset by 34, twice the delta
    if delta2 < -4:
        return 2
    if delta2 > 4:
        return 3
    return NOOP


FOLLOWERS = {"breakout": breakout_follower, "pong": pong_follower}


class Game:
    """One whole game through NoopReset, MaxAndSkip(4), EpisodicLife and FireReset."""

    def __init__(self, ale, game, policy, rng, reload, rom, seed):
        self.ale, self.game, self.policy, self.rng = ale, game, policy, rng
        if reload:
            ale.setInt("random_seed", seed)
            ale.loadROM(rom)
        ale.reset_game()
        self.actions = ale.getMinimalActionSet()
        self.screen = np.empty((210, 160, 3), dtype=np.uint8)
        self.frames = self.steps = 0
        self.score = 0
        self.lost = self.won = self.minus = 0
        self.truncated = False
        self.lives = ale.lives()

    def over(self):
        return self.ale.game_over(with_truncation=False) or self.frames >= MAX_FRAMES

    def frame(self, action):
        reward = self.ale.act(self.actions[action])
        self.frames += 1
        self.score += reward
        if reward > 0:
            self.won += 1
        elif reward < 0:
            self.minus += 1
        lives = self.ale.lives()
        if lives < self.lives:
            self.lost += self.lives - lives
        self.lives = lives

    def step(self, action):
        """One agent step (MaxAndSkip); True when EpisodicLife ends the agent's episode."""
        before = self.ale.lives()
        for _ in range(FRAME_SKIP):
            self.frame(action)
            if self.over():
                break
        self.steps += 1
        after = self.ale.lives()
        return 0 < after < before

    def fire_reset(self):
        for action in (FIRE, 2):
            if self.over():
                return
            if self.step(action) and not self.over():
                self.step(NOOP)  # EpisodicLife's reset

    def play(self):
        noops = int(self.rng.integers(1, NOOP_MAX + 1))
        for _ in range(noops):
            self.frame(NOOP)
            if self.over():
                raise RuntimeError("the game ended during the initial no-ops")
        self.fire_reset()
        n = len(self.actions)
        follower = FOLLOWERS[self.game]
        while not self.over():
            if self.policy == "random":
                action = int(self.rng.integers(n))
            else:
                self.ale.getScreenRGB(self.screen)
                action = follower(self.screen)
            life_lost = self.step(action)
            if life_lost and not self.over():
                self.step(NOOP)  # EpisodicLife's reset
                self.fire_reset()
        self.truncated = not self.ale.game_over(with_truncation=False)
        if self.game == "pong":
            self.lost = self.minus
        return self


def make_ale():
    ale = ALEInterface()
    ale.setLoggerMode(LoggerMode.Error)
    ale.setInt("frame_skip", 1)
    ale.setFloat("repeat_action_probability", 0.0)
    return ale


def run(game, policy, games, seed, reload, progress=True):
    ale = make_ale()
    rom = roms.get_rom_path(game)
    ale.setInt("random_seed", seed)
    ale.loadROM(rom)
    records = []
    start = time.time()
    for k in range(games):
        rng = np.random.default_rng([seed, k])
        g = Game(ale, game, policy, rng, reload, rom, seed + k).play()
        records.append(g)
        if progress and (k + 1) % max(1, games // 20) == 0:
            print(f"  {game} {policy}: {k + 1}/{games} games, {time.time() - start:.0f} s, "
                  f"mean score {np.mean([r.score for r in records]):.2f}", file=sys.stderr, flush=True)
    seconds = time.time() - start
    return summarise(game, policy, records, seed, seconds, reload)


def summarise(game, policy, records, seed, seconds, reload):
    scores = np.array([r.score for r in records], dtype=float)
    lengths = np.array([r.steps for r in records], dtype=float)
    frames = np.array([r.frames for r in records], dtype=float)
    n = len(records)
    std = float(scores.std(ddof=1)) if n > 1 else 0.0
    minutes = frames.sum() / FRAMES_PER_MINUTE
    lost = sum(r.lost for r in records)
    out = {
        "game": game,
        "policy": policy,
        "games": n,
        "seed": seed,
        "mean_score": float(scores.mean()),
        "std_score": std,
        "sem_score": std / math.sqrt(n),
        "min_score": int(scores.min()),
        "max_score": int(scores.max()),
        "mean_length": float(lengths.mean()),
        "std_length": float(lengths.std(ddof=1)) if n > 1 else 0.0,
        "mean_frames": float(frames.mean()),
        "total_frames": int(frames.sum()),
        "lost_name": "lives" if game == "breakout" else "points",
        "lost_total": int(lost),
        "lost_per_minute": lost / minutes,
        "truncated": int(sum(r.truncated for r in records)),
        "seconds": round(seconds, 1),
        "reload_per_game": reload,
        "scores": [int(round(r.score)) for r in records],
        "lengths": [int(r.steps) for r in records],
    }
    if game == "pong":
        won = sum(r.won for r in records)
        out["points_scored_total"] = int(won)
        out["points_scored_per_minute"] = won / minutes
        out["games_won"] = int(sum(r.score > 0 for r in records))
    if game == "breakout":
        out["games_clearing_a_wall"] = int(sum(r.score >= 432 for r in records))  # 18 x (1+1+4+4+7+7)
    return out


def table(results):
    lines = ["| game | policy | games | mean score | std | s.e.m. | mean length (steps) | std length "
             "| lost / min | scored / min | truncated | time (s) |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        scored = f"{r['points_scored_per_minute']:.2f}" if "points_scored_per_minute" in r else "–"
        lines.append(f"| {r['game']} | {r['policy']} | {r['games']} | {r['mean_score']:.2f} | {r['std_score']:.2f} "
                     f"| {r['sem_score']:.2f} | {r['mean_length']:.1f} | {r['std_length']:.1f} "
                     f"| {r['lost_per_minute']:.2f} {r['lost_name']} | {scored} | {r['truncated']} | {r['seconds']:.0f} |")
    return "\n".join(lines)


def check_colours(frames=20_000, seed=0):
    """Prints, for random play, the distinct colours met in the regions the follower reads, each
    with the rows and columns where it was seen (every 4th frame of `frames`)."""
    regions = {
        "breakout": [("rows 189..192 (paddle)", slice(189, 193), slice(0, 160)),
                     ("rows 189..192, columns 8..151", slice(189, 193), slice(8, 152)),
                     ("rows 189..194, columns 152..159", slice(189, 195), slice(152, 160)),
                     ("rows 93..188 (ball)", slice(93, 189), slice(0, 160))],
        "pong": [("rows 34..193, columns 140..143 (paddle)", slice(34, 194), slice(140, 144)),
                 ("rows 34..193 (ball)", slice(34, 194), slice(0, 160))],
    }
    for game, parts in regions.items():
        ale = make_ale()
        ale.setInt("random_seed", seed)
        ale.loadROM(roms.get_rom_path(game))
        actions = ale.getMinimalActionSet()
        rng = np.random.default_rng(seed)
        seen = {name: {} for name, _, _ in parts}
        action = actions[0]
        for t in range(frames):
            if t % 4 == 0:
                action = actions[rng.integers(len(actions))]
            ale.act(action)
            if ale.game_over():
                ale.reset_game()
            if t % 4 or ale.getEpisodeFrameNumber() < 2:
                continue  # (the first frame after a reset is drawn in other colours)
            screen = ale.getScreenRGB().astype(np.int64)
            codes = (screen[..., 0] << 16) | (screen[..., 1] << 8) | screen[..., 2]
            for name, rows, cols in parts:
                region = codes[rows, cols]
                for code in np.unique(region):
                    bounds = seen[name].setdefault(int(code), [999, -1, 999, -1])
                    hit = region == code
                    r = np.flatnonzero(hit.any(axis=1)) + rows.start
                    c = np.flatnonzero(hit.any(axis=0)) + cols.start
                    bounds[0], bounds[1] = min(bounds[0], int(r[0])), max(bounds[1], int(r[-1]))
                    bounds[2], bounds[3] = min(bounds[2], int(c[0])), max(bounds[3], int(c[-1]))
        print(game)
        for name, colours in seen.items():
            print(f"  {name}:")
            for code, (r0, r1, c0, c1) in sorted(colours.items()):
                colour = (code >> 16, (code >> 8) & 255, code & 255)
                print(f"    {colour}: rows {r0}..{r1}, columns {c0}..{c1}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, default=1000)
    parser.add_argument("--game", choices=["breakout", "pong", "all"], default="all")
    parser.add_argument("--policy", choices=["random", "follower", "all"], default="all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pong-follower-games", type=int, default=None,
                        help="games for Pong's follower, if fewer than --games (its games are long)")
    parser.add_argument("--no-reload", action="store_true",
                        help="one loadROM, reset_game per game (same games: the seed has no effect)")
    parser.add_argument("--out", help="write the JSON here")
    parser.add_argument("--check-colours", action="store_true", help="print the colours the follower reads, and stop")
    args = parser.parse_args()
    if args.check_colours:
        check_colours(seed=args.seed)
        return
    games = ["breakout", "pong"] if args.game == "all" else [args.game]
    policies = ["random", "follower"] if args.policy == "all" else [args.policy]
    results = []
    for game in games:
        for policy in policies:
            n = args.games
            if game == "pong" and policy == "follower" and args.pong_follower_games is not None:
                n = min(n, args.pong_follower_games)
            results.append(run(game, policy, n, args.seed, not args.no_reload))
            print(table(results[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(results))
    if args.out:
        doc = {
            "source": "bench/ale_policies.py (see its docstring for the exact wrappers and policies)",
            "ale_py": ale_py.__version__,
            "frame_skip": FRAME_SKIP, "noop_max": NOOP_MAX, "max_frames": MAX_FRAMES,
            "repeat_action_probability": 0.0,
            "results": results,
        }
        with open(args.out, "w") as f:
            json.dump(doc, f, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
