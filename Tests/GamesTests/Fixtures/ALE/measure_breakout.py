#!/usr/bin/env python3
"""Measures Atari 2600 Breakout as the Arcade Learning Environment plays it; writes breakout_*.json.

Run by hand (`pip install ale-py==0.12.1`, then `python3 measure_breakout.py` in this folder,
about a minute on one core); it is not on the test path: the Swift tests only read the JSON
files it writes. Everything is deterministic: ALEInterface with frame_skip 1, no sticky
actions, a fixed random_seed, scripted or RAM-driven (deterministic) action choices.

Conventions used in every file:
- actions are indices into the minimal action set [NOOP, FIRE, RIGHT, LEFT] (0..3);
  frame k is the k-th ale.act() after loadROM() (frame 0 is the first action).
- positions are screen pixels of the 160 x 210 RGB frame, left column / top row of the object
  as drawn in the frame produced by that act(): ball_x = RAM[99] - 49, paddle_x = RAM[72] - 47,
  ball top row = RAM[101] + 8 if RAM[101] <= 84 else RAM[101] + 9 (the 2600 kernel draws the
  ball one row lower below the bricks). RAM[101] == 0 means no ball.
- velocities are the game's own 8.8 fixed point values in 1/256 pixel per frame:
  dy = +v (down), dx = +h (right) (the ROM stores -h and subtracts it).
Positions read from RAM are checked against the RGB frames (counts in each file's "checks").

The embedded BreakoutModel is the mechanics as read from the ROM and measured; every recorded
run is replayed through it and must match the emulator's RAM on every frame ("model_mismatches").
"""
import base64
import json
import random

import ale_py
import numpy as np

NOOP, FIRE, RIGHT, LEFT = 0, 1, 3, 4          # ALE action ids
MINIMAL = [NOOP, FIRE, RIGHT, LEFT]           # index in the minimal action set -> ALE id
INDEX = {a: i for i, a in enumerate(MINIMAL)}
SEED = 1234

# ALE's paddle ("resistance") model, src/ale/environment/ale_state.{hpp,cpp}
PADDLE_MIN, PADDLE_MAX, PADDLE_DELTA = 27450, 790196, 23000
PADDLE_DEFAULT = (PADDLE_MAX - PADDLE_MIN) // 2 + PADDLE_MIN

# ROM tables (2K ROM at $F800)
VELOCITY_TABLE = [0x81, 0x01, 0x01, 0x81, 0x81, 0x02, 0x80, 0x02, 0x02, 0x01,
                  0x02, 0x01, 0x02, 0x02, 0x02, 0x02, 0x02, 0x63, 0x02, 0x63]   # $FFDC
SERVE_TABLE = [(64, True), (128, False), (128, True), (192, False)]              # $FF88: x_ram, moving right
ROW_POINTS = [7, 7, 4, 4, 1, 1]                                                  # $FF8C
BRICK_BYTE = [0x1E, 0x18, 0x18, 0x18, 0x18, 0x12, 0x12, 0x12, 0x12,
              0x0C, 0x0C, 0x06, 0x06, 0x06, 0x06, 0x00, 0x00, 0x00]             # $FF98
BRICK_MASK = [0x3F, 0x3F, 0xCF, 0xF3, 0xFC, 0xFC, 0xF3, 0xCF, 0x3F,
              0xCF, 0x3F, 0x3F, 0xCF, 0xF3, 0xFC, 0xFC, 0xF3, 0xCF]             # $FFBE
RED = (200, 72, 72)

EVENT_FIELDS = {
    "paddle": ["frame", "type", "ball_x", "ball_top", "paddle_x", "paddle_width", "rel", "rom_offset", "paddle_hits",
               "level", "angle", "dx_in", "dy_in", "dx_out", "dy_out", "nudge"],
    "brick": ["frame", "type", "row", "column", "ball_x", "ball_top", "dx_in", "dy_in", "dx_out", "dy_out", "score"],
    "wall": ["frame", "type", "ball_x", "ball_top", "dx_out", "dy_out"],
    "top": ["frame", "type", "ball_x", "ball_top", "dx_out", "dy_out"],
    "serve": ["frame", "type", "frame_counter_mod4", "ball_x", "ball_top", "dx", "dy"],
    "lost": ["frame", "type", "lives", "ball_y_ram"],
    "refill": ["frame", "type", "score"],
}
EVENT_NOTE = ("events are lists named by event_fields: frame = emulator frame of the act() in which the game handled "
              "it; ball_x/ball_top/paddle_x/paddle_width as drawn the frame before (what the collision saw); rel = "
              "ball_x - paddle_x; rom_offset = RAM[72] + (8, or 6 shrunk) - RAM[99] = paddle_x + (6, or 4) - ball_x; "
              "level = speed level (paddle hits & 0x3C, 16 after a top-three-row brick); angle 2 steep, 0 shallow; "
              "dx/dy in 1/256 pixel per frame (+ right, + down); nudge = pixels the hit moved the ball sideways; "
              "brick row 0 = top (red), column 0 = left; 'top' = back wall; 'wall' = side wall.")


def make_ale():
    ale = ale_py.ALEInterface()
    ale.setInt("random_seed", SEED)
    ale.setInt("frame_skip", 1)
    ale.setFloat("repeat_action_probability", 0.0)
    ale.setLoggerMode(ale_py.LoggerMode.Error)
    ale.loadROM(ale_py.roms.get_rom_path("breakout"))
    assert [int(a.value) for a in ale.getMinimalActionSet()] == MINIMAL
    return ale


def bcd(b):
    return (b >> 4) * 10 + (b & 15)


def signed16(v):
    return v - 0x10000 if v & 0x8000 else v


class Ram:
    """The RAM variables this file uses (RAM[i] is 6502 address $80 + i)."""

    def __init__(self, r):
        r = [int(v) for v in r]
        self.r = r
        self.x, self.xf, self.y, self.yf = r[99], r[100], r[101], r[102]   # $E3 $E4 $E5 $E6
        self.v = r[103] * 256 + r[104]          # $E7:$E8 vertical speed, + is down
        self.h = r[105] * 256 + r[106]          # $E9:$EA horizontal speed, + is LEFT
        self.eb = r[107]                        # paddle hits (low 6 bits, 16 = top rows), $40 hit-paddle, $80 hit-brick
        self.angle = r[109]                     # $ED: 0 shallow, 2 steep
        self.shrunk = r[97] >= 128              # $E1
        self.pos, self.pot = r[72], r[70]       # $C8 paddle, $C6 pot reading
        self.lives, self.score = r[57], bcd(r[76]) * 100 + bcd(r[77])
        self.frame = r[90]                      # $DA frame counter
        self.build = r[94]                      # $DE wall-building animation

    @property
    def ball(self):
        return self.y != 0

    @property
    def ball_x(self):
        return self.x - 49

    @property
    def ball_top(self):
        return 0 if self.y == 0 else self.y + (8 if self.y <= 84 else 9)

    @property
    def paddle_x(self):
        return self.pos - 47

    @property
    def paddle_width(self):
        return 12 if self.shrunk else 16

    def brick(self, row, col):
        b = self.r[(5 - row) + BRICK_BYTE[col]]
        return (b & BRICK_MASK[col]) != b

    def bricks(self):
        return [[self.brick(r, c) for c in range(18)] for r in range(6)]

    def velocity(self):
        return [-signed16(self.h), signed16(self.v)]


# ----------------------------------------------------------------------------- frame checks

class FrameChecks:
    """Compares the RAM-derived positions with what the RGB frame shows."""

    def __init__(self):
        self.counts = {"paddle_checked": 0, "paddle_bad": 0, "ball_checked": 0, "ball_bad": 0,
                       "bricks_checked": 0, "bricks_bad": 0}

    def check(self, screen, s):
        c = self.counts
        # paddle: red run in row 190 inside the walls (clipped by the right wall at x >= 152)
        row = screen[190, 8:152]
        xs = [i + 8 for i in range(144) if tuple(row[i]) == RED]
        ball_in_paddle_rows = s.ball and s.ball_top <= 192 and s.ball_top + 3 >= 189
        if not ball_in_paddle_rows:
            c["paddle_checked"] += 1
            want = (s.paddle_x, min(s.paddle_x + s.paddle_width, 152) - s.paddle_x)
            if not xs or (xs[0], xs[-1] - xs[0] + 1) != want:
                c["paddle_bad"] += 1
        # ball: non-black pixels in the open playfield, rows 93..188 (below the bricks)
        if s.ball and 93 <= s.ball_top and s.ball_top + 3 <= 188:
            m = screen[93:189, 8:152].sum(axis=2) > 0
            ys, xs2 = np.nonzero(m)
            c["ball_checked"] += 1
            box = None if len(xs2) == 0 else (int(xs2.min()) + 8, int(ys.min()) + 93,
                                               int(xs2.max() - xs2.min() + 1), int(ys.max() - ys.min() + 1))
            left, right = max(s.ball_x, 8), min(s.ball_x + 1, 151)     # the side walls hide what overlaps them
            if box != (left, s.ball_top, right - left + 1, 4):
                c["ball_bad"] += 1
        # bricks: the middle pixel of every brick cell, unless the ball is in the brick band
        if not (s.ball and s.ball_top <= 93 and s.ball_top + 4 >= 57):
            c["bricks_checked"] += 1
            bricks = s.bricks()
            for r in range(6):
                for col in range(18):
                    lit = screen[57 + 6 * r + 3, 8 + 8 * col + 4].sum() > 0
                    if lit != bricks[r][col]:
                        c["bricks_bad"] += 1
                        return


# ----------------------------------------------------------------------------- reference model

def neg16(v):
    return (-v) & 0xFFFF


class BreakoutModel:
    """ALE Breakout (game 1, difficulty B, one player) in integers, one emulator frame a step."""

    def __init__(self, pot_table, ram):
        self.pot_table = pot_table                   # paddle resistance -> pot reading ($C6)
        self.R = PADDLE_DEFAULT
        self.pot, self.pos = ram.pot, ram.pos        # 88, 146 after ALE's reset
        self.frame = ram.frame
        self.build = 36                              # wall-building frames left; then one refill frame
        self.refill = False
        self.X, self.Y = ram.x * 256 + ram.xf, ram.y * 256 + ram.yf
        self.h = self.v = 0
        self.hits, self.hit_paddle, self.hit_brick, self.angle = 0, False, False, ram.angle
        self.shrunk = False
        self.lives, self.score, self.active = 5, 0, True
        self.bricks = [[True] * 18 for _ in range(6)]
        self.cx_paddle = self.cx_playfield = self.cx_wall = False

    def level(self):
        return self.hits & 0x3C

    def lookup_velocity(self):
        i = self.level() + self.angle
        hb, vb = VELOCITY_TABLE[i], VELOCITY_TABLE[i + 1]
        h = ((hb & 3) << 8) | (hb & 0xFC)
        v = ((vb & 3) << 8) | (vb & 0xFC)
        if not self.v & 0x8000:
            v = neg16(v)
        if self.h & 0x8000:
            h = neg16(h)
        self.h, self.v = h, v

    def step(self, action):
        events = []
        if action == RIGHT:
            self.R = max(PADDLE_MIN, self.R - PADDLE_DELTA)
        elif action == LEFT:
            self.R = min(PADDLE_MAX, self.R + PADDLE_DELTA)
        self.frame = (self.frame + 1) & 0xFF
        y = self.Y >> 8
        if self.active:
            if y == 0:
                if action == FIRE:
                    x, right = SERVE_TABLE[self.frame & 3]
                    self.X = (x << 8) | (self.X & 0xFF)
                    self.Y = (112 << 8) | (self.Y & 0xFF)
                    self.v, self.h = 0x0100, (0xFF00 if right else 0x0100)
                    events.append(["serve", self.frame & 3])
            elif y >= 208:
                self.Y &= 0xFF
                self.h = self.v = 0
                self.shrunk, self.hits, self.hit_paddle, self.hit_brick = False, 0, False, False
                self.lives -= 1
                self.active = self.lives > 0
                events.append(["lost", self.lives])
        if self.build > 0:
            self.build -= 1
        elif self.build == 0 or self.refill:
            self.build, self.refill = -1, False
            self.bricks = [[True] * 18 for _ in range(6)]
            events.append(["refill"])
        else:
            self.collide(events)
        n = (self.pos + 235 - self.pot) >> 1
        self.pos = min(max(n, 55), 191)
        self.Y = (self.Y + self.v) & 0xFFFF
        self.X = (self.X - self.h) & 0xFFFF
        self.draw()
        return events

    def collide(self, events):
        x, y = self.X >> 8, self.Y >> 8
        if self.cx_paddle and not self.hit_paddle:
            off = (self.pos + (6 if self.shrunk else 8) - x) & 0xFF
            off = off - 256 if off >= 128 else off
            if off == 0:
                self.X = (self.X + ((4 if not self.h & 0x8000 else -4) << 8)) & 0xFFFF
                off = 1
            if (off >= 0) == bool(self.h & 0x8000):
                self.h = neg16(self.h)
            self.angle = 2 if (min(abs(off), 8) + 3) & 4 else 0
            if self.hits < 12:
                self.hits += 1
            self.hit_paddle, self.hit_brick = True, False
            self.lookup_velocity()
            events.append(["paddle", off, self.level(), self.angle])
            if self.score == 432:
                self.refill = True
        if self.cx_playfield:
            if y < 40:
                self.shrunk = True
                self.v = neg16(self.v)
                self.hit_paddle = self.hit_brick = False
                events.append(["top"])
            elif not self.hit_brick:
                row = max(y - 50, 0) // 6
                col = min(max(x - (58 if row == 0 else 57), 0) >> 3, 17)
                if self.bricks[row][col]:
                    self.bricks[row][col] = False
                    self.score += ROW_POINTS[row]
                    if row < 3:
                        self.angle, self.hits = 0, 16
                    self.lookup_velocity()
                    self.hit_brick, self.hit_paddle = True, False
                    events.append(["brick", row, col])
        if self.cx_wall and not (x ^ (self.h >> 8)) & 0x80:
            self.h = neg16(self.h)
            events.append(["wall"])

    def draw(self):
        """The kernel: reads the paddle and latches the collisions of what it draws."""
        self.pot = self.pot_table[self.R]
        self.cx_paddle = self.cx_playfield = self.cx_wall = False
        y = self.Y >> 8
        if y == 0 or y >= 186:
            return
        top, bottom = (y + 8, y + 11) if y <= 80 else (y + 8, y + 12) if y <= 84 else (y + 9, min(y + 12, 194))
        if y <= 24:
            top = 31                      # measured: the collision register sees the back wall once RAM y <= 24
        bx, px = (self.X >> 8) - 49, self.pos - 47
        width = 12 if self.shrunk else 16
        self.cx_paddle = top <= 192 and bottom >= 189 and bx + 1 >= px and bx <= px + width - 1
        self.cx_playfield = top <= 31 or any(
            self.bricks[r][c] and top <= 62 + 6 * r and bottom >= 57 + 6 * r and bx + 1 >= 8 + 8 * c and bx <= 15 + 8 * c
            for r in range(6) for c in range(18))
        self.cx_wall = bx <= 7 or bx >= 151

    def mismatch(self, s):
        eb = self.hits | (0x40 if self.hit_paddle else 0) | (0x80 if self.hit_brick else 0)
        mine = (self.X, self.Y, self.h, self.v, self.pos, self.pot, self.lives, self.score, self.shrunk, eb, self.bricks,
                self.frame)
        theirs = (s.x * 256 + s.xf, s.y * 256 + s.yf, s.h, s.v, s.pos, s.pot, s.lives, s.score, s.shrunk, s.eb, s.bricks(),
                  s.frame)
        return mine != theirs


# ----------------------------------------------------------------------------- recording

class Recorder:
    """Plays one game from reset with a policy; keeps per-frame state, events and checks."""

    def __init__(self, pot_table, check_frames=True):
        self.ale = make_ale()
        self.model = BreakoutModel(pot_table, Ram(self.ale.getRAM()))
        self.checks = FrameChecks() if check_frames else None
        self.actions, self.states, self.events = [], [], []
        self.model_mismatches = 0
        self.over_frame = None

    def act(self, action):
        ale, t = self.ale, len(self.actions)
        before = Ram(ale.getRAM())
        ale.act(action)
        s = Ram(ale.getRAM())
        model_events = self.model.step(action)
        if not ale.game_over() and self.model.mismatch(s):   # the ROM zeroes its frame counter at game over
            self.model_mismatches += 1
        if self.checks:
            self.checks.check(ale.getScreenRGB(), s)
        self.actions.append(INDEX[action])
        self.states.append(s)
        for e in model_events:
            self.events.append(self.describe(t, e, before, s))
        if ale.game_over() and self.over_frame is None:
            self.over_frame = t
        return s

    @staticmethod
    def describe(t, e, before, s):
        """One event as a compact list; EVENT_FIELDS names the entries."""
        kind = e[0]
        if kind == "paddle":
            nudge = (s.x * 256 + s.xf - (before.x * 256 + before.xf) - s.velocity()[0]) // 256
            return [t, kind, before.ball_x, before.ball_top, before.paddle_x, before.paddle_width,
                    before.ball_x - before.paddle_x, e[1], s.eb & 0x3F, e[2], e[3], *before.velocity(), *s.velocity(), nudge]
        if kind == "brick":
            return [t, kind, e[1], e[2], before.ball_x, before.ball_top, *before.velocity(), *s.velocity(), s.score]
        if kind in ("wall", "top"):
            return [t, kind, before.ball_x, before.ball_top, *s.velocity()]
        if kind == "serve":
            return [t, kind, e[1], s.ball_x, s.ball_top, *s.velocity()]
        if kind == "refill":
            return [t, kind, s.score]
        return [t, kind, e[1], before.y]

    def packed(self):
        """Per frame 4 bytes: action + 4 if the paddle is shrunk, ball_x (255 = no ball), ball top row
        (0 = no ball), paddle_x."""
        out = bytearray()
        for a, s in zip(self.actions, self.states):
            out += bytes([a + (4 if s.shrunk else 0), s.ball_x if s.ball else 255, s.ball_top, s.paddle_x])
        return base64.b64encode(bytes(out)).decode()

    def summary(self):
        d = {"frames": len(self.actions), "model_mismatches": self.model_mismatches,
             "game_over_frame": self.over_frame}
        if self.checks:
            d["checks"] = self.checks.counts
        return d


def predicted_landing(s):
    """Ball x (screen) when its bottom first reaches the paddle's top row, by the ROM's motion rules."""
    X, Y, h, v = s.x * 256 + s.xf, s.y * 256 + s.yf, s.h, s.v
    wall = False
    for _ in range(400):
        if wall and not ((X >> 8) ^ (h >> 8)) & 0x80:
            h = neg16(h)
        Y, X = (Y + v) & 0xFFFF, (X - h) & 0xFFFF
        bx = (X >> 8) - 49
        wall = bx <= 7 or bx >= 151
        if (Y >> 8) >= 177:
            return bx
    return (X >> 8) - 49


class Aimer:
    """A paddle that aims to meet the ball with ball_x - paddle_x == rel; rel is redrawn each return."""

    def __init__(self, seed, rels_full, rels_shrunk):
        self.rng = random.Random(seed)
        self.rels_full, self.rels_shrunk = rels_full, rels_shrunk
        self.rel, self.going_down = 7, False

    def __call__(self, s):
        if not s.ball:
            return FIRE
        down = not s.v & 0x8000
        if down and not self.going_down:
            self.rel = self.rng.choice(self.rels_shrunk if s.shrunk else self.rels_full)
        self.going_down = down
        target_x = (predicted_landing(s) if down else s.ball_x) - self.rel
        want_pot = 235 - (target_x + 47)
        if s.pot > want_pot + 3:
            return RIGHT
        if s.pot < want_pot - 3:
            return LEFT
        return NOOP


# ----------------------------------------------------------------------------- experiments

def pot_table():
    """Every paddle resistance ALE can reach with RIGHT/LEFT, and the game's reading of it."""
    ale = make_ale()
    R, table = PADDLE_DEFAULT, {}
    seq = [RIGHT] * 16 + [LEFT] * 32 + [LEFT] * 3 + [RIGHT] * 36 + [LEFT] * 36
    for a in seq:
        R = max(PADDLE_MIN, R - PADDLE_DELTA) if a == RIGHT else min(PADDLE_MAX, R + PADDLE_DELTA)
        ale.act(a)
        table[R] = int(ale.getRAM()[70])
    assert len(table) == 101
    return table


def paddle_experiment(table):
    rng = random.Random(7)
    seq = ([RIGHT] * 40 + [NOOP] * 10 + [LEFT] * 40 + [RIGHT, LEFT] * 10 + [NOOP] * 10 + [RIGHT] * 12 + [NOOP] * 8
           + [LEFT] * 3 + [NOOP] * 8 + [RIGHT] * 1 + [NOOP] * 8 + [LEFT] * 60 + [RIGHT] * 80
           + [RIGHT, RIGHT, LEFT] * 10 + [rng.choice([NOOP, RIGHT, LEFT]) for _ in range(150)] + [NOOP] * 10)
    rec = Recorder(table)
    xs, pots, widths = [], [], []
    for a in seq:
        s = rec.act(a)
        xs.append(s.paddle_x)
        pots.append(s.pot)
        widths.append(s.paddle_width)
    return {
        "description": ("Paddle under a scripted action sequence from reset (no ball served): per frame the action "
                        "(0 NOOP, 1 FIRE, 2 RIGHT, 3 LEFT), the paddle's left column in screen pixels as drawn in that "
                        "frame, its width (pixels) and the game's pot reading RAM[70]. pot_table maps every paddle "
                        "resistance ALE can reach to that reading. Rule (exact): RIGHT/LEFT change the resistance R by "
                        "-/+23000 clamped to [27450, 790196] (starts at 408823); the frame's reading is pot_table[R]; "
                        "the next frame the paddle moves to clamp(floor((x + 188 - reading_prev) / 2), 8, 144), x = left "
                        "column, reading_prev = the previous frame's reading. Frames are emulator frames."),
        "actions": [INDEX[a] for a in seq],
        "paddle_x": xs, "paddle_width": widths, "pot_reading": pots,
        "initial": {"paddle_x": 99, "pot_reading": 88, "resistance": PADDLE_DEFAULT},
        "pot_table": [[R, table[R]] for R in sorted(table)],
        "resistance": {"min": PADDLE_MIN, "max": PADDLE_MAX, "step": PADDLE_DELTA, "start": PADDLE_DEFAULT},
        "limits": {"paddle_x_min": 8, "paddle_x_max": 144},
        **rec.summary(),
    }


def serve_experiment(table):
    serves = []
    for delay in range(0, 48):
        rec = Recorder(table, check_frames=delay < 8)
        for _ in range(delay):
            rec.act(NOOP)
        track = []
        s = rec.act(FIRE)
        track.append([s.ball_x, s.ball_top])
        for _ in range(6):
            s = rec.act(NOOP)
            track.append([s.ball_x, s.ball_top])
        serves.append({"noops_before_fire": delay, "fire_frame": delay, "frame_counter": Ram(rec.ale.getRAM()).frame - 6,
                       "first_ball": track[0], "next_positions": track[1:], "moving_right": track[1][0] > track[0][0],
                       "model_mismatches": rec.model_mismatches})
    # FIRE held: only the first press on a frame without a ball serves; holding changes nothing
    rec = Recorder(table, check_frames=False)
    held = [FIRE] * 12 + [NOOP] * 4
    held_track = [[s.ball_x, s.ball_top] for s in (rec.act(a) for a in held)]
    # serving again after a lost ball: the paddle parked at the left wall, then FIRE on every frame
    rec = Recorder(table, check_frames=False)
    after = [LEFT] * 40 + [FIRE] * 760
    trace = [[s.y, s.lives] for s in (rec.act(a) for a in after)]
    lost = [e[0] for e in rec.events if e[1] == "lost"]
    reserve = [e[0] for e in rec.events if e[1] == "serve"]
    dist = {}
    for sv in serves:
        key = "x=%d,y=%d,%s" % (sv["first_ball"][0], sv["first_ball"][1], "right" if sv["moving_right"] else "left")
        dist[key] = dist.get(key, 0) + 1
    return {
        "description": ("Serves. For each number of NOOP frames after reset before a single FIRE: the ball as drawn in "
                        "the FIRE frame and the next 6 frames (screen pixels: left column, top row), and its direction. "
                        "The serve happens in the FIRE frame itself; position and direction depend only on the ROM's frame "
                        "counter RAM[90] mod 4 (it counts emulator frames; 1 on frame 0): 0 -> x_ram 64 right, 1 -> 128 left, "
                        "2 -> 128 right, 3 -> 192 left, y_ram 112, speed 1 px/frame each way, moved once in that frame. "
                        "fire_held: FIRE for 12 frames (only the first serves). after_loss: LEFT for 40 frames, then FIRE on every frame; "
                        "per frame [RAM[101] ball y, lives]; lost_frames/serve_frames list the frames of those events."),
        "serves": serves,
        "distribution": dist,
        "fire_held": {"actions": [INDEX[a] for a in held], "ball": held_track},
        "after_loss": {"actions": [INDEX[a] for a in after], "ball_y_ram_and_lives": trace, "lost_frames": lost, "serve_frames": reserve,
                       "model_mismatches": rec.model_mismatches},
    }


def rally_experiment(table, frames, seed, rels_full, rels_shrunk, keep_states=True):
    rec = Recorder(table, check_frames=keep_states)
    aim = Aimer(seed, rels_full, rels_shrunk)
    for _ in range(frames):
        rec.act(aim(Ram(rec.ale.getRAM())))
        if rec.over_frame is not None:
            break
    return rec


def phases(rec):
    """Velocity patterns by speed level, from the recorded rally."""
    out = {}
    cur, start = None, None
    states = rec.states
    changes = [i for i in range(1, len(states)) if states[i].velocity() != states[i - 1].velocity()]
    bounds = [0] + changes + [len(states)]
    for a, b in zip(bounds, bounds[1:]):
        v = states[a].velocity()
        if v == [0, 0] or b - a < 4 or not states[a].ball:
            continue
        key = "level %d %s v=%s" % (states[a].eb & 0x3C, "steep" if states[a].angle else "shallow", v)
        dx = [states[i].x - states[i - 1].x for i in range(a + 1, min(b, a + 13))]
        dy = [states[i].y - states[i - 1].y for i in range(a + 1, min(b, a + 13))]
        out.setdefault(key, {"velocity_256ths": v, "level": states[a].eb & 0x3C,
                             "dx_pixels": dx, "dy_pixels": dy, "first_frame": a + 1})
    return list(out.values())


def lost_ball_experiment(table):
    rec = Recorder(table)
    t = 0
    while rec.over_frame is None and t < 3000:
        s = Ram(rec.ale.getRAM())
        rec.act(FIRE if not s.ball else LEFT)   # paddle parked at the left wall, ball served at once
        t += 1
    per = [[s.y, s.ball_top, s.lives] for s in rec.states]
    return {
        "description": ("Five lost balls: the paddle is held at the left wall (LEFT) and FIRE is pressed whenever no ball "
                        "is in play. Per frame [RAM[101] ball y (0 = none), ball top row as drawn or would be (screen "
                        "pixels), lives]. The ball is not drawn once its top row would be >= 195. A ball whose RAM y is "
                        ">= 208 at the start of a frame is lost in that frame: lives drop, no ball; FIRE on the next frame "
                        "serves. The game is over (ALE terminal) on the frame lives reach 0."),
        "actions": rec.actions, "per_frame": per,
        "event_fields": {k: EVENT_FIELDS[k] for k in ("lost", "serve")},
        "events": [e for e in rec.events if e[1] in ("lost", "serve")],
        **rec.summary(),
    }


def angle_games(table):
    # (seed, offsets aimed at with the full paddle, with the shrunk one): the first game aims anywhere and
    # covers the full paddle's edges; the others aim safely until the paddle shrinks, then anywhere.
    configs = [(5, range(-2, 17), range(-2, 13)), (21, range(2, 12), range(-2, 13)), (22, range(2, 12), range(-2, 13))]
    games = []
    for seed, rels_full, rels_shrunk in configs:
        rec = rally_experiment(table, 14000, seed, list(rels_full), list(rels_shrunk), keep_states=False)
        hits = [e for e in rec.events if e[1] == "paddle"]
        games.append({"seed": seed, "actions": "".join(str(a) for a in rec.actions), "hits": hits,
                      "other_events": [e for e in rec.events if e[1] in ("serve", "lost", "top")], **rec.summary()})
    summary = {}
    for g in games:
        for e in g["hits"]:
            key = (e[5], e[6])
            summary.setdefault(key, set()).add((e[10], "left" if e[13] < 0 else "right", e[15]))
    return {
        "description": ("Paddle hits from whole games (reset to game over) whose paddle aims at random offsets, edges "
                        "included, so that every offset occurs. Per game: actions from reset as a string of indices "
                        "(0 NOOP 1 FIRE 2 RIGHT 3 LEFT) and every paddle hit. by_offset summarises all hits: [paddle "
                        "width, rel = ball_x - paddle_x (screen pixels, as drawn the frame before the hit), list of "
                        "[angle (2 steep, 0 shallow), direction out, nudge pixels]]; direction out is after a side-wall "
                        "bounce handled in the same frame (a ball at x 151 can come off a right-of-centre hit going left). "
                        + EVENT_NOTE),
        "event_fields": {k: EVENT_FIELDS[k] for k in ("paddle", "serve", "lost", "top")},
        "games": games,
        "by_offset": [[w, r, sorted(v)] for (w, r), v in sorted(summary.items())],
    }


def main():
    table = pot_table()
    files = {}
    files["breakout_paddle.json"] = paddle_experiment(table)
    files["breakout_serves.json"] = serve_experiment(table)
    rec = rally_experiment(table, 6500, 11, list(range(2, 12)), list(range(1, 9)))
    files["breakout_ball_phases.json"] = {
        "description": ("A long rally from reset, the paddle aiming (from RAM, predicting where the ball comes down) to "
                        "meet the ball at a random offset. frames_b64: base64 of 4 bytes per emulator frame: action index "
                        "(0 NOOP 1 FIRE 2 RIGHT 3 LEFT) + 4 if the paddle is shrunk (12 px, else 16), ball left column "
                        "(255 = no ball), ball top row as drawn (0 = no ball; rows >= 195 are computed, not drawn), paddle "
                        "left column, all screen pixels. phase_patterns: per velocity the per-frame pixel steps dx, dy "
                        "of the ball after the velocity was set (first up to 12 frames). " + EVENT_NOTE),
        "event_fields": EVENT_FIELDS,
        "frames_b64": rec.packed(), "events": rec.events, "phase_patterns": phases(rec), **rec.summary(),
    }
    rec = rally_experiment(table, 20000, 11, list(range(2, 12)), list(range(1, 9)), keep_states=False)
    files["breakout_walls.json"] = {
        "description": ("The same game as breakout_ball_phases.json (same aiming paddle, same seed) played on to frame "
                        "20000: both walls cleared, the game goes on. actions: every action from reset as a string of "
                        "indices (0 NOOP 1 FIRE 2 RIGHT 3 LEFT). events: serves, paddle hits, brick hits (with the score "
                        "after), lost balls and 'refill' (frame 36 of every game, when the wall-building animation ends, "
                        "and the frame after the paddle hit made with the score at exactly 432, when the second wall "
                        "appears whole); side-wall and back-wall events are left out. " + EVENT_NOTE),
        "event_fields": {k: EVENT_FIELDS[k] for k in ("paddle", "brick", "serve", "lost", "refill")},
        "actions": "".join(str(a) for a in rec.actions),
        "events": [e for e in rec.events if e[1] not in ("wall", "top")],
        "final": {"score": rec.model.score, "lives": rec.model.lives, "bricks_standing": sum(map(sum, rec.model.bricks))},
        **rec.summary(),
    }
    files["breakout_angles.json"] = angle_games(table)
    files["breakout_lost_ball.json"] = lost_ball_experiment(table)
    for name, data in files.items():
        text = json.dumps(data, separators=(",", ":"))
        with open(name, "w") as f:
            f.write(text)
        print(name, len(text), "bytes", {k: data[k] for k in ("model_mismatches", "checks") if k in data},
              [g["model_mismatches"] for g in data.get("games", [])],
              [v["model_mismatches"] for v in data.get("serves", [])][:3])


if __name__ == "__main__":
    main()
