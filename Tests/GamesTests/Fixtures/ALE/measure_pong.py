#!/usr/bin/env python3
"""Measures Pong as the Arcade Learning Environment plays it and writes the pong_*.json fixtures.

Run by hand, once (`pip install ale-py==0.12.1`, whose wheel ships the Pong ROM, then
`python3 measure_pong.py` in this folder; about three minutes, one process;
`python3 measure_pong.py game` writes pong_game.json alone). The Swift tests
only read the JSON it writes, so no Python is on the test path.

Everything is deterministic: ALE Pong has no randomness of its own (the 2600 program draws
nothing at random, and with repeat_action_probability 0 the ALE adds none), and every
scripted or random agent here uses a fixed seed.

Set-up: ale_py.ALEInterface with frame_skip 1, repeat_action_probability 0, the default mode
and difficulty, the minimal action set NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE (indices
0-5 in every file; RIGHT moves the agent's paddle up). "Frame t" is the t-th call of act()
after reset_game(), counted from 0; what a file gives for frame t is the state after that
call, the picture getScreenRGB() returns then.

Positions are screen pixels of the 160 x 210 RGB frame, the top row / left column of the
object as drawn (before the field's bars hide any of it), read from the RAM and checked
against the frames (see "screen_check" in each file):
  ball:     x = ram[49] - 49, y = ram[54] - 14 (2 x 4 pixels; ram[54] == 0: out of play);
  computer: y = ram[50] - 15 (4 x 16 pixels at columns 16-19; ram[50] is always even);
  agent:    y = ram[51] - 14 rounded up to even (4 x 16 at columns 140-143; the paddle is drawn
            on even rows only), and y_fine = ram[51] - 14, the position the game computes with.
Velocities are pixels per frame, + to the right and + down: dx = -signed(ram[58]),
dy = signed(ram[56]).

The file also holds PongModel, a frame-by-frame integer model of the game as the 2600
program runs it (read from the ROM's code and from these measurements). Every recording here
runs it beside the ALE and counts the frames where the two differ ("model_mismatches");
it is the specification the fixtures are meant to pin down.

Known screen differences, counted in "screen_check": in frame 0 the ALE's picture has neither
the agent's paddle nor the scores; the ball is drawn over a paddle where they overlap; for
ball x 126...156 the 2600 often draws the ball's top row rounded down to even, or 3 or 5 rows
tall (it turns the ball on mid-line); the scores on screen lag the RAM by one frame.
"""
import json
import random

import numpy as np
from ale_py import ALEInterface, __version__ as ALE_VERSION, roms

ACTIONS = ["NOOP", "FIRE", "RIGHT", "LEFT", "RIGHTFIRE", "LEFTFIRE"]
NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE = range(6)
AGENT_RGB, COMPUTER_RGB, BALL_RGB = (92, 186, 92), (213, 130, 74), (236, 236, 236)
FIELD_ROWS = (34, 193)  # rows between the bars, where anything is visible

# ---------------------------------------------------------------------------------------------
# The model (RAM units: the numbers the 2600 program keeps; see the docstring for the mapping
# to screen pixels).

# The ALE's paddle: a resistance moved by 23000 a frame, clamped, and read by the game as the
# scanline pair at which the paddle's capacitor charges.
POT_MIN, POT_MAX, POT_START, POT_STEP = 27450, 790196, 408823, 23000


def pot_reading(r):
    """What the kernel reads for resistance r: an even number 38...204."""
    cycles = r * 1904 // 100000  # Stella: 1.6 * r * 0.01e-6 s at 1.19 MHz
    return max(38, 2 * ((cycles + 591) // 152))


def round_up_even(v):
    return v + (v & 1)


class PongModel:
    """ALE Pong, game 1 of Video Olympics, one emulator frame per step()."""

    def __init__(self):
        self.pot = POT_START
        self.smoothed = 109  # ram[60]: the agent's paddle as the kernel last smoothed it
        self.agent = 109  # ram[51]: the agent's paddle as drawn and used this frame
        self.computer = 22  # ram[50] / ram[21]
        self.frame_counter = 71  # ram[8] as it is during frame 0's game logic
        self.x, self.y, self.dx, self.dy = 0, 0, 0, 0  # ram[49], ram[54], ram[58], ram[56] (signed)
        self.countdown = 59  # ram[11]: frames to the serve
        self.in_play = False
        self.last = 0xFF  # ram[18]: who hit or scored last (0 computer, 1 agent)
        self.scores = [0, 0]  # ram[13] computer, ram[14] agent
        self.fire_before = False  # the button as the game reads it: the previous frame's action
        self.drawn = None  # what the previous frame drew, for the collision latches

    def step(self, action):
        fire, self.fire_before = self.fire_before, action in (FIRE, RIGHTFIRE, LEFTFIRE)
        if action in (RIGHT, RIGHTFIRE):
            self.pot = max(POT_MIN, self.pot - POT_STEP)
        elif action in (LEFT, LEFTFIRE):
            self.pot = min(POT_MAX, self.pot + POT_STEP)
        reward, event = 0, None
        if max(self.scores) >= 21:
            pass  # game over: only the paddles move
        elif not self.in_play:
            self.countdown -= 1
            if self.countdown == 0:  # the serve, from the middle toward whoever lost the point
                self.in_play = True
                self.x, self.y, self.computer = 128, 128, 128
                self.dy = 1 if self.dy >= 0 else -1
                self.dx = 1 if self.last & 1 else -1
                self.y += self.dy
                self.x -= self.dx
                event = "serve"
            else:
                self.y = 0
        else:
            event = self._ball(fire)
            if event == "point":
                reward = 1 if self.last == 1 else -1
        self.agent = self.smoothed
        if self.frame_counter & 7 and self.computer != self.y:
            self.computer += 2 if self.computer < self.y else -2
        ball = (self.x - 49, self.y - 14 if self.x - 49 < 135 else (self.y & ~1) - 14) if self.in_play else None
        self.drawn = dict(ball=ball, agent=round_up_even(self.agent) - 14, computer=self.computer - 15)
        if self.frame_counter & 1:
            self.smoothed = (self.smoothed + pot_reading(self.pot)) >> 1
        self.frame_counter = (self.frame_counter + 1) & 255
        return reward, event

    def _ball(self, fire):
        distance = (self.x - 1) & 255
        if distance >= 128:
            distance ^= 255
        if distance >> 2 < 13:  # ram[49] <= 52 or >= 205: a point, the ball stays put
            winner = 0 if self.x >= 128 else 1
            self.scores[winner] += 1
            self.last, self.countdown, self.in_play = winner, 63, False
            return "point"
        event = None
        edge = (self.y + 2) & 255
        if edge >= 128:
            edge ^= 255
        if edge >> 3 < 6 and self.drawn and self.drawn["ball"]:  # y <= 45 or y >= 206: a bar
            self.y += 1 if self.y < 128 else -1
            self.dy = -self.dy
            event = "wall"
        else:
            hitter = self._collision()
            if hitter is not None:
                event = "hit_agent" if hitter == 1 else "hit_computer"
                self.last = hitter
                if hitter == 1 and fire:
                    self.dx = min(self.dx + 1, 4) if self.dx > 0 else max(self.dx - 1, -4)
                paddle = self.agent if hitter == 1 else self.computer
                self.dy = ((self.y - paddle + 3) >> 2) - 2  # floor((D + 3) / 4) - 2
                if (hitter == 1) == (self.dx < 0):
                    self.dx = -self.dx
        self.y = (self.y + self.dy) & 255
        self.x = (self.x - self.dx) & 255
        return event

    def _collision(self):
        """Who the ball touched in the previous frame's picture (the 2600's collision latches)."""
        if not self.drawn or not self.drawn["ball"]:
            return None
        bx, by = self.drawn["ball"]
        for who, column, top in ((1, 140, self.drawn["agent"]), (0, 16, self.drawn["computer"])):
            if bx + 1 >= column and bx <= column + 3 and by + 3 >= top and by <= top + 15:
                return who
        return None

    def ram(self):
        return dict(x=self.x, y=self.y, agent=self.agent, computer=self.computer, smoothed=self.smoothed,
                    dx=self.dx & 255, dy=self.dy & 255, computer_score=self.scores[0], agent_score=self.scores[1])


# ---------------------------------------------------------------------------------------------
# The ALE side.

def signed(v):
    return int(v) - 256 if v >= 128 else int(v)


def box(img, rgb, c0, c1, r0=0, r1=210):
    m = np.all(img[r0:r1, c0:c1] == rgb, axis=2)
    ys, xs = np.nonzero(m)
    if len(ys) == 0:
        return None
    return [int(xs.min()) + c0, int(ys.min()) + r0, int(xs.max()) + c0, int(ys.max()) + r0]


def clipped(x, y, w, h):
    top, bottom = max(y, FIELD_ROWS[0]), min(y + h - 1, FIELD_ROWS[1])
    return None if top > bottom else [x, top, x + w - 1, bottom]


class Game:
    """One ALE game from reset, with the model beside it and the frames checked."""

    def __init__(self, check_screen=True):
        self.ale = ALEInterface()
        self.ale.setInt("random_seed", 0)
        self.ale.setInt("frame_skip", 1)
        self.ale.setFloat("repeat_action_probability", 0.0)
        self.ale.setLoggerMode(ale_logger_error())
        self.ale.loadROM(roms.get_rom_path("pong"))
        self.ale.reset_game()
        self.actions = self.ale.getMinimalActionSet()
        self.model = PongModel()
        self.t = -1
        self.check_screen = check_screen
        self.model_mismatches = 0
        self.screen = {"agent": [0, 0], "computer": [0, 0], "ball_exact": 0, "ball_top_rounded_to_even": 0,
                       "ball_other": 0}
        self.ram = self.ale.getRAM()

    def step(self, action):
        self.t += 1
        reward = int(self.ale.act(self.actions[action]))
        self.ram = ram = self.ale.getRAM()
        model_reward, event = self.model.step(action)
        real = dict(x=ram[49], y=ram[54], agent=ram[51], computer=ram[50], smoothed=ram[60], dx=ram[58],
                    dy=ram[56], computer_score=ram[13], agent_score=ram[14])
        if any(int(real[k]) != v for k, v in self.model.ram().items()) or reward != model_reward:
            self.model_mismatches += 1
        f = self.frame(action, reward, event)
        if self.check_screen:
            self._check(f)
        return f

    def frame(self, action, reward, event):
        ram = self.ram
        in_play = ram[54] != 0
        return dict(t=self.t, action=action, reward=reward, event=event,
                    ball_x=int(ram[49]) - 49 if in_play else None, ball_y=int(ram[54]) - 14 if in_play else None,
                    dx=-signed(ram[58]), dy=signed(ram[56]),
                    agent_y=round_up_even(int(ram[51])) - 14, agent_y_fine=int(ram[51]) - 14,
                    computer_y=int(ram[50]) - 15, counter=int(ram[8]),
                    score=[int(ram[13]), int(ram[14])])

    def _check(self, f):
        img = self.ale.getScreenRGB()
        agent = box(img, AGENT_RGB, 136, 148, 22, 210)
        self.screen["agent"][agent == clipped(140, f["agent_y"], 4, 16)] += 1
        computer = box(img, COMPUTER_RGB, 12, 24, 22, 210)
        self.screen["computer"][computer == clipped(16, f["computer_y"], 4, 16)] += 1
        if f["ball_x"] is not None:
            ball = box(img, BALL_RGB, 0, 160, FIELD_ROWS[0], FIELD_ROWS[1] + 1)
            x, y = f["ball_x"], f["ball_y"]
            if ball == clipped(x, y, 2, 4):
                self.screen["ball_exact"] += 1
            elif ball == clipped(x, y & ~1, 2, 4):
                self.screen["ball_top_rounded_to_even"] += 1
            else:
                self.screen["ball_other"] += 1

    def game_over(self):
        return self.ale.game_over()

    def report(self):
        s = self.screen
        return {"frames": self.t + 1, "model_mismatches": self.model_mismatches,
                "screen_check": {"agent_matches": s["agent"][1], "agent_differs": s["agent"][0],
                                 "computer_matches": s["computer"][1], "computer_differs": s["computer"][0],
                                 "ball_exact": s["ball_exact"], "ball_top_rounded_to_even": s["ball_top_rounded_to_even"],
                                 "ball_other": s["ball_other"]}}


def ale_logger_error():
    from ale_py import LoggerMode
    return LoggerMode.Error


def merge_reports(reports):
    total = {"frames": 0, "model_mismatches": 0, "screen_check": {}}
    for r in reports:
        total["frames"] += r["frames"]
        total["model_mismatches"] += r["model_mismatches"]
        for k, v in r["screen_check"].items():
            total["screen_check"][k] = total["screen_check"].get(k, 0) + v
    return total


# ---------------------------------------------------------------------------------------------
# Agents (deterministic).

class Tracker:
    """Sends its paddle to where the ball will meet it (ram[51] = predicted ram[54] - offset, the
    offset drawn again at each serve and after each of its returns) and presses FIRE with probability fire,
    drawn every frame."""

    def __init__(self, seed, offsets=range(-3, 17), fire=0.0):
        self.rng = random.Random(seed)
        self.offsets = list(offsets)
        self.offset = self.rng.choice(self.offsets)
        self.pot = POT_START
        self.fire = fire
        self.last_dx, self.last_y = 0, 0

    @staticmethod
    def predict(ram):
        x, y, dx, dy = int(ram[49]), int(ram[54]), signed(ram[58]), signed(ram[56])
        for _ in range(400):
            if x >= 188 or dx >= 0:
                break
            if y <= 45 or y >= 206:
                y += 1 if y < 128 else -1
                dy = -dy
            y, x = y + dy, x - dx
        return y

    def __call__(self, ram):
        ball_y, dx = int(ram[54]), -signed(ram[58])
        if (self.last_dx > 0 and dx < 0) or (ball_y and not self.last_y):
            self.offset = self.rng.choice(self.offsets)
        self.last_dx, self.last_y = dx, ball_y
        target = (self.predict(ram) if dx > 0 else ball_y) - self.offset if ball_y else 120
        reading = pot_reading(self.pot)
        action = RIGHT if reading > target + 3 else LEFT if reading < target - 3 else NOOP
        if action == RIGHT:
            self.pot = max(POT_MIN, self.pot - POT_STEP)
        elif action == LEFT:
            self.pot = min(POT_MAX, self.pot + POT_STEP)
        if self.fire and self.rng.random() < self.fire:
            action = {NOOP: FIRE, RIGHT: RIGHTFIRE, LEFT: LEFTFIRE}[action]
        return action


class RandomAgent:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def __call__(self, ram):
        return self.rng.randrange(6)


def play(policy, max_frames=30000, check_screen=True):
    game = Game(check_screen)
    frames = []
    while game.t + 1 < max_frames and not game.game_over():
        frames.append(game.step(policy(game.ram)))
    return frames, game.report()


def columns(frames, keys):
    """Per-frame lists, one per key; actions as a string of digits."""
    out = {}
    for k in keys:
        if k == "action":
            out["actions"] = "".join(str(f["action"]) for f in frames)
        else:
            out[k] = [f[k] for f in frames]
    return out


def events_of(frames):
    return [[f["t"], f["event"]] for f in frames if f["event"]]


def write(name, data):
    data = {"description": data.pop("description"), "action_set": ACTIONS, **data}
    with open(name, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")


# ---------------------------------------------------------------------------------------------
# 1. The agent's paddle.

def paddle():
    script = [NOOP] * 5 + [RIGHT] * 30 + [NOOP] * 15 + [LEFT] * 30 + [NOOP] * 15
    for action in (RIGHT, LEFT):
        for length in (1, 2, 3):
            script += ([action] * length + [NOOP] * 10) * 3
    script += [RIGHT, LEFT] * 10 + [NOOP] * 10 + [LEFT] * 45 + [NOOP] * 10 + [RIGHT] * 45 + [NOOP] * 10
    script += [RIGHTFIRE] * 6 + [NOOP] * 8 + [LEFTFIRE] * 6 + [NOOP] * 8 + [LEFT] * 10 + [NOOP] * 10
    game = Game()
    frames, pots, readings, smoothed = [], [], [], []
    for action in script:
        f = game.step(action)
        frames.append(f)
        pots.append(game.model.pot)
        readings.append(pot_reading(game.model.pot) if (f["counter"] - 1) & 1 else None)
        smoothed.append(int(game.ram[60]))
    reachable = set()
    for start in (POT_START, POT_MIN, POT_MAX):
        for k in range(-40, 41):
            r = start + k * POT_STEP
            if POT_MIN <= r <= POT_MAX:
                reachable.add(r)
    table = [[r, pot_reading(r)] for r in sorted(reachable)]
    stella = all(int(1.6 * r * 0.01E-6 * 1.19E6) == r * 1904 // 100000 for r in reachable)
    data = {
        "description": "The agent's paddle under a scripted action sequence from reset_game(), one entry per "
                       "emulator frame: actions (digits, minimal action set), agent_y (top row as drawn, screen "
                       "pixels, even; visible part clipped to rows 34-193), agent_y_fine (ram[51] - 14, the "
                       "position the game computes with), pot (the ALE paddle resistance after the action), "
                       "reading (what the kernel read from the pot in that frame, RAM units = agent_y_fine + 14, "
                       "null on frames that read the other pot), smoothed (ram[60] after the frame). Rule: "
                       "on frames where counter is even the kernel sets smoothed = floor((smoothed + reading) / 2); "
                       "the next frame's ram[51] is that value. pot_table maps every reachable resistance to its "
                       "reading.",
        "ale_py": ALE_VERSION, **game.report(),
        "initial": {"agent_y_fine": 95, "pot": POT_START, "counter": 71},
        **columns(frames, ["action", "agent_y", "agent_y_fine", "counter"]),
        "pot": pots, "reading": readings, "smoothed": smoothed,
        "pot_constants": {"min": POT_MIN, "max": POT_MAX, "start": POT_START, "step": POT_STEP,
                          "reading": "max(38, 2 * floor((floor(r * 1904 / 100000) + 591) / 152)), 38...204",
                          "integer_cycles_equal_stella_float": stella},
        "pot_table": table,
    }
    write("pong_paddle.json", data)
    return data


# ---------------------------------------------------------------------------------------------
# 2-4. Rallies: the ball, the angles, the computer.

def rallies():
    """Whole games of a ball-tracking agent, with and without FIRE, and of random agents."""
    games = []
    for seed in range(6):
        fire = 0.0 if seed < 3 else 0.5
        frames, report = play(Tracker(seed, fire=fire))
        games.append(("tracker", seed, fire, frames, report))
    for seed in range(5):
        frames, report = play(RandomAgent(seed))
        games.append(("random", seed, 0.0, frames, report))
    return games


def hits_of(frames):
    """Every return, with the positions drawn in the frame before (the one whose picture collided)."""
    hits = []
    for i, f in enumerate(frames):
        if f["event"] not in ("hit_agent", "hit_computer") or i == 0:
            continue
        p = frames[i - 1]
        agent = f["event"] == "hit_agent"
        paddle_fine = p["agent_y_fine"] if agent else p["computer_y"] + 1
        paddle_drawn = p["agent_y"] if agent else p["computer_y"]
        hits.append(dict(t=f["t"], paddle="agent" if agent else "computer", ball_x=p["ball_x"], ball_y=p["ball_y"],
                         paddle_y=paddle_drawn, offset=p["ball_y"] - paddle_drawn, d=p["ball_y"] - paddle_fine,
                         dx_in=p["dx"], dy_in=p["dy"], dx_out=f["dx"], dy_out=f["dy"],
                         fire_before=frames[i - 1]["action"] in (FIRE, RIGHTFIRE, LEFTFIRE)))
    return hits


def ball_fixture(games):
    keep = []
    # The first 1000 frames of a FIRE-less tracker game, and the rally of a FIRE-pressing one in
    # which the ball got fastest, from its serve to its point.
    for label, seed, fire, frames, report in games:
        if label != "tracker" or seed not in (0, 3):
            continue
        if seed == 0:
            stretch = frames[:1000]
        else:
            fastest = max(range(len(frames)), key=lambda i: (abs(frames[i]["dx"]) if frames[i]["ball_x"] is not None else 0, -i))
            start = max(i for i in range(fastest + 1) if frames[i]["event"] == "serve")
            end = min(i for i in range(fastest, len(frames)) if frames[i]["event"] == "point")
            stretch = frames[start:end + 1][:900]
        keep.append({"policy": "tracker", "seed": seed, "fire_probability": fire, "first_frame": stretch[0]["t"],
                     **columns(stretch, ["action", "ball_x", "ball_y", "dx", "dy", "agent_y_fine", "computer_y"]),
                     "events": events_of(stretch)})
    speeds = {}
    for label, seed, fire, frames, report in games:
        for f in frames:
            if f["ball_x"] is not None:
                key = "%d,%d" % (f["dx"], f["dy"])
                speeds[key] = speeds.get(key, 0) + 1
    hits = [h for g in games for h in hits_of(g[3])]
    agent_hits = [h for h in hits if h["paddle"] == "agent"]
    speedup = {"fire_before_hit": {}, "no_fire_before_hit": {}}
    for h in agent_hits:
        k = "fire_before_hit" if h["fire_before"] else "no_fire_before_hit"
        change = "%d->%d" % (abs(h["dx_in"]), abs(h["dx_out"]))
        speedup[k][change] = speedup[k].get(change, 0) + 1
    walls = []
    for label, seed, fire, frames, report in games:
        for i, f in enumerate(frames):
            if f["event"] == "wall":
                p = frames[i - 1]
                walls.append([p["ball_y"], p["dy"], f["ball_y"], f["dy"]])
    wall_table = {}
    for before_y, before_dy, after_y, after_dy in walls:
        key = "y=%d,dy=%d" % (before_y, before_dy)
        wall_table.setdefault(key, {"y_after": after_y, "dy_after": after_dy, "count": 0})["count"] += 1
    data = {
        "description": "Ball motion in screen pixels per emulator frame. recordings: per-frame actions (digits), "
                       "ball_x/ball_y (left column/top row, null while out of play), dx/dy (px/frame, + right/down, "
                       "kept while out of play), agent_y_fine (the agent's drawn top is agent_y_fine rounded up to "
                       "even), computer_y, and events [frame, serve|wall|hit_agent|hit_computer|point]. The ball moves by exactly "
                       "(dx, dy) every frame: integers, no sub-pixel pattern. |dx| starts at 1 at each serve and "
                       "grows by 1 (to at most 4) only when the agent returns the ball while FIRE was held in the "
                       "frame before the return (fire_speedup); nothing else changes it. walls: the frame before a "
                       "bounce (ball top y, dy) -> the bounce frame (y, dy).",
        "ale_py": ALE_VERSION, **merge_reports([g[4] for g in games]),
        "recordings": keep,
        "velocity_frames": dict(sorted(speeds.items())),
        "fire_speedup": speedup,
        "walls": dict(sorted(wall_table.items())),
    }
    write("pong_ball.json", data)
    return data, hits


def d_rule(d):
    return (d + 3) // 4 - 2


def angles_fixture(hits, report):
    table = {}
    for h in hits:
        key = (h["paddle"], h["d"])
        e = table.setdefault(key, {"paddle": h["paddle"], "d": h["d"], "dy": {}, "offsets": {}, "count": 0})
        e["count"] += 1
        e["dy"][str(h["dy_out"])] = e["dy"].get(str(h["dy_out"]), 0) + 1
        e["offsets"][str(h["offset"])] = e["offsets"].get(str(h["offset"]), 0) + 1
    rows = [table[k] for k in sorted(table)]
    by_offset = {}
    for h in hits:
        key = "%s,%d" % (h["paddle"], h["offset"])
        e = by_offset.setdefault(key, {})
        e[str(h["dy_out"])] = e.get(str(h["dy_out"]), 0) + 1
    sample = [[h["t"], h["paddle"], h["ball_x"], h["ball_y"], h["paddle_y"], h["d"], h["dx_in"], h["dy_in"],
               h["dx_out"], h["dy_out"], int(h["fire_before"])] for h in hits[:400]]
    data = {
        "description": "Return angles. d = ball top row minus the paddle's fine top row, in the frame before the "
                       "return (the picture whose collision the game reads): for the computer the fine top is "
                       "computer_y + 1 (= ram[50] - 14), for the agent agent_y_fine (= ram[51] - 14). offset = "
                       "ball top minus the paddle's drawn top. Rule, exact for every hit recorded: dy = "
                       "floor((d + 3) / 4) - 2 pixels per frame; dx is reversed and keeps its size (plus the "
                       "FIRE speed-up). table: per paddle and d, the dy seen and the drawn offsets it came from. "
                       "by_offset: the dy distribution per drawn offset. hits: [frame, paddle, ball_x, ball_y, "
                       "paddle_y drawn, d, dx_in, dy_in, dx_out, dy_out, fire_before] for the first 400 hits.",
        "ale_py": ALE_VERSION, **report,
        "rule_holds_for_all": all(h["dy_out"] == d_rule(h["d"]) for h in hits),
        "hit_count": len(hits),
        "table": rows,
        "by_offset": dict(sorted(by_offset.items(), key=lambda kv: (kv[0].split(",")[0], int(kv[0].split(",")[1])))),
        "hits": sample,
    }
    write("pong_angles.json", data)
    return data


def opponent_fixture(games, report):
    # A recorded rally, frame by frame.
    label, seed, fire, frames, _ = next(g for g in games if g[0] == "tracker" and g[1] == 1)
    second = [f["t"] for f in frames if f["event"] == "serve"][1]
    stretch = frames[second - 64:second + 900]
    recording = {"policy": "tracker", "seed": seed, "first_frame": stretch[0]["t"],
                 **columns(stretch, ["action", "ball_x", "ball_y", "computer_y", "counter"]),
                 "events": events_of(stretch)}
    # Every agent return that was followed by the computer's return or by its miss.
    outcomes, summary = [], {}
    for label, seed, fire, frames, _ in games:
        for i, f in enumerate(frames):
            if f["event"] != "hit_agent":
                continue
            walls, j = 0, i + 1
            while j < len(frames) and frames[j]["event"] not in ("hit_computer", "point", "hit_agent"):
                walls += frames[j]["event"] == "wall"
                j += 1
            if j >= len(frames) or frames[j]["event"] == "hit_agent":
                continue
            missed = frames[j]["event"] == "point"
            passing = [g["ball_y"] - (g["computer_y"] + 1) for g in frames[i:j]
                       if g["ball_x"] is not None and 15 <= g["ball_x"] <= 19]
            outcomes.append([f["t"], f["dx"], f["dy"], f["ball_y"] - (f["computer_y"] + 1), j - i, walls,
                             passing, int(missed)])
            key = "|dx|=%d,dy=%d" % (abs(f["dx"]), f["dy"])
            s = summary.setdefault(key, {"returns": 0, "missed": 0})
            s["returns"] += 1
            s["missed"] += missed
    data = {
        "description": "The computer's paddle. Rule (exact on every frame recorded): after the ball has moved, "
                       "in every frame whose game-logic frame counter (counter - 1, counter = ram[8] after the "
                       "frame) is not a multiple of 8, the computer moves 2 pixels toward putting its top row "
                       "one row above the ball's top row (ram[50] toward ram[54]); it does not move when level "
                       "with it. It follows the ball both ways, uses this frame's ball position (no lag), "
                       "heads for ram[54] = 0 (off the top) while the ball is out of play and jumps to y = 113 "
                       "(ram 128) at each serve. recording: a rally frame by frame (actions, ball_x, ball_y, "
                       "computer_y, counter, events). outcomes: every agent return that the computer then "
                       "returned or missed: [frame, dx, dy after the return, ball top - computer fine top at the "
                       "return, frames to the outcome, wall bounces on the way, [ball top - computer fine top in each "
                       "frame in which the ball's columns overlap the computer's (ball_x 15...19)], missed 0/1]. "
                       "The computer returns the ball in the frame after the first of those frames whose "
                       "difference is -4...14 (rows overlap in that frame's picture); if none is, it misses. summary: misses per (|dx|, dy) of the agent's return.",
        "ale_py": ALE_VERSION, **report,
        "recording": recording,
        "summary": dict(sorted(summary.items())),
        "outcomes": outcomes[:600],
        "outcome_count": len(outcomes),
    }
    write("pong_opponent.json", data)
    return data


# ---------------------------------------------------------------------------------------------
# 5-6. Serves and points.

def serves_and_points(games):
    noop_frames, noop_report = play(lambda ram: NOOP)
    fire_frames, fire_report = play(lambda ram: FIRE)
    all_games = [("noop", 0, 0.0, noop_frames, noop_report), ("fire", 0, 1.0, fire_frames, fire_report)] + games
    serves, per_game = [], []
    for label, seed, fire, frames, report in all_games:
        point_frame, points, last_dy = None, [], None
        for i, f in enumerate(frames):
            if f["event"] == "point":
                point_frame = f["t"]
                last_dy = f["dy"]
                points.append([f["t"], "agent" if f["reward"] > 0 else "computer"])
            if f["event"] == "serve":
                serves.append([label, seed, point_frame, f["t"], None if point_frame is None else f["t"] - point_frame,
                               f["ball_x"], f["ball_y"], f["dx"], f["dy"], last_dy, f["computer_y"]])
        final = frames[-1]["score"]
        starts = [0] + [p[0] + 1 for p in points[:-1]]
        per_game.append({"policy": label, "seed": seed, "fire_probability": fire, "frames": len(frames),
                         "finished": max(final) == 21, "score": {"computer": final[0], "agent": final[1]},
                         "points": points,
                         "frames_per_point": [p[0] + 1 - s for p, s in zip(points, starts)]})
    write("pong_serves.json", {
        "description": "Serves. Each entry: [policy, seed, frame of the point before (null: game start), frame the "
                       "ball appears, frames between, ball_x, ball_y, dx, dy in the serve frame, dy the ball had when "
                       "the point was scored, computer_y in the serve frame]. The ball is put at ram (128, 128) = "
                       "screen (79, 114) and moved once in the serve frame; dx = +1 toward the agent when the "
                       "computer scored the last point, -1 toward the computer when the agent did and at the game's "
                       "start; dy = +1 if the previous dy was >= 0, else -1. No randomness.",
        "ale_py": ALE_VERSION, **merge_reports([g[4] for g in all_games]),
        "serves": serves,
    })
    noop = per_game[0]
    random_games = [g for g in per_game if g["policy"] == "random"]
    write("pong_points.json", {
        "description": "Frames per point and per game (emulator frames, frameskip 1). games: per policy "
                       "(noop, tracker = a ball-following agent with FIRE probability fire_probability, random = "
                       "uniform over the 6 actions, seeded) the frame of each point and who won it, frames per "
                       "point (from the frame after the previous point, the first from frame 0) and the final "
                       "score; fire = FIRE every frame. Games stop at 30000 frames (finished false).",
        "ale_py": ALE_VERSION, **merge_reports([g[4] for g in all_games]),
        "noop_frames": noop["frames"],
        "random_frames": [g["frames"] for g in random_games],
        "random_scores": [[g["score"]["computer"], g["score"]["agent"]] for g in random_games],
        "games": per_game,
    })
    return per_game, serves


# ---------------------------------------------------------------------------------------------
# 7. One whole game, frame by frame.

GAME_SEED, GAME_FIRE, GAME_MAX_FRAMES = 3, 0.5, 30000
GAME_RECORDED_FRAMES = 10000  # a whole game is ~25000 frames, 9 characters each: only the start is kept
BYTES_PER_FRAME, OUT_OF_PLAY, VELOCITY_OFFSET, PADDLE_OFFSET = 6, 255, 8, 16


def frame_bytes(f):
    values = [OUT_OF_PLAY if f["ball_x"] is None else f["ball_x"],
              OUT_OF_PLAY if f["ball_y"] is None else f["ball_y"],
              f["dx"] + VELOCITY_OFFSET, f["dy"] + VELOCITY_OFFSET,
              f["agent_y_fine"] + PADDLE_OFFSET, f["computer_y"] + PADDLE_OFFSET]
    assert all(0 <= v <= 255 for v in values) and (f["ball_x"] is None or 0 <= f["ball_x"] < OUT_OF_PLAY), f
    return bytes(values)


def game_fixture():
    """The tracker with FIRE probability 0.5 (the same game as pong_points.json's tracker seed 3), played
    to its end beside the model; its first GAME_RECORDED_FRAMES frames recorded."""
    import base64
    frames, report = play(Tracker(GAME_SEED, fire=GAME_FIRE), max_frames=GAME_MAX_FRAMES)
    kept = frames[:GAME_RECORDED_FRAMES]
    hits = [h for h in hits_of(kept) if h["paddle"] == "agent"]
    speedups = [h for h in hits if abs(h["dx_out"]) > abs(h["dx_in"])]
    final, at_end = frames[-1]["score"], kept[-1]["score"]
    data = {
        "description": "One game of ALE Pong from reset_game() (frame 0 = the first act() after it), frame skip 1, "
                       "no sticky actions, played by the tracker policy (measure_pong.py's Tracker, seed %d, FIRE "
                       "pressed with probability %.1f each frame) until the game was over (%d frames; a side reached "
                       "21). Only the first recorded_frames = %d frames are stored (the whole game would not fit "
                       "in the file); final_score, game_frames, model_mismatches and screen_check are for the whole "
                       "game, score_at_last_recorded_frame for frame recorded_frames - 1. actions: one digit per "
                       "frame, the minimal action set index 0-5 (action_set) sent in that frame. frames_b64: "
                       "base64 of %d bytes per frame, frame t at bytes 6t...6t+5, each the state after that "
                       "frame's act(), unsigned: [0] ball x = screen left column of the 2x4 ball = ram[49] - 49 "
                       "(pixels), 255 while the ball is out of play (ram[54] == 0); [1] ball y = screen top row "
                       "as the game computes it = ram[54] - 14 (pixels; the 2600 sometimes draws it rounded down "
                       "to even at x 126...156), 255 while out of play; [2] dx + %d, dx = -signed(ram[58]) "
                       "pixels per frame, + to the right (toward the agent); [3] dy + %d, dy = signed(ram[56]) "
                       "pixels per frame, + down (dx and dy keep their last values while the ball is out of "
                       "play); [4] agent fine top + %d, agent fine top = ram[51] - 14 (screen row; the paddle is "
                       "drawn from it rounded up to even, 4x16 pixels at columns 140-143); [5] computer top + %d, "
                       "computer top = ram[50] - 15 (screen row, 4x16 pixels at columns 16-19; -15 when ram[50] is "
                       "0 while the ball is out of play). events: [frame, serve|wall|hit_agent|hit_computer|point] "
                       "within the recorded frames, as PongModel reports them (a hit is reported in the frame "
                       "after the picture in which the ball touched the paddle). agent_hits: agent returns in "
                       "the recorded frames; agent_speedups: those where FIRE was held in the frame before the "
                       "return and |dx| grew; max_abs_dx: the largest |dx| recorded while the ball was in play. "
                       "model_mismatches: frames in which PongModel run beside the ALE differs from the RAM or "
                       "the reward."
                       % (GAME_SEED, GAME_FIRE, len(frames), len(kept), BYTES_PER_FRAME, VELOCITY_OFFSET,
                          VELOCITY_OFFSET, PADDLE_OFFSET, PADDLE_OFFSET),
        "ale_py": ALE_VERSION,
        "policy": "tracker", "seed": GAME_SEED, "fire_probability": GAME_FIRE,
        "game_frames": report["frames"], "recorded_frames": len(kept),
        "game_over": max(final) == 21,
        "final_score": {"computer": final[0], "agent": final[1]},
        "score_at_last_recorded_frame": {"computer": at_end[0], "agent": at_end[1]},
        "model_mismatches": report["model_mismatches"], "screen_check": report["screen_check"],
        "frame_layout": {"bytes_per_frame": BYTES_PER_FRAME, "out_of_play": OUT_OF_PLAY,
                         "fields": ["ball_x", "ball_y", "dx+%d" % VELOCITY_OFFSET, "dy+%d" % VELOCITY_OFFSET,
                                    "agent_fine_top+%d" % PADDLE_OFFSET, "computer_top+%d" % PADDLE_OFFSET]},
        "agent_hits": len(hits), "agent_speedups": len(speedups),
        "max_abs_dx": max(abs(f["dx"]) for f in kept if f["ball_x"] is not None),
        "actions": "".join(str(f["action"]) for f in kept),
        "frames_b64": base64.b64encode(b"".join(frame_bytes(f) for f in kept)).decode("ascii"),
        "events": events_of(kept),
    }
    write("pong_game.json", data)
    return data


def main():
    paddle()
    games = rallies()
    report = merge_reports([g[4] for g in games])
    _, hits = ball_fixture(games)
    angles_fixture(hits, report)
    opponent_fixture(games, report)
    serves_and_points(games)
    game_fixture()


if __name__ == "__main__":
    import sys
    game_fixture() if sys.argv[1:] == ["game"] else main()
