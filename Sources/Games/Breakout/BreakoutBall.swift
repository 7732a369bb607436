/// The ball as the 2600's Breakout keeps it: a position and a velocity in 1/256 of a pixel (8.8
/// fixed point) in the game's own units, where the ball's screen column is `x / 256 − 49` and
/// its screen row about `y / 256 + 8`. Every speed is a multiple of 1/16 pixel, and the
/// fractions carry over from ball to ball as the game never clears them, so the clone follows
/// the ALE's ball exactly (Tests/GamesTests/Fixtures/ALE/breakout_ball_phases.json).
///
/// Speeds come from a table by level and angle (Tests/GamesTests/Fixtures/ALE, `phase_patterns`):
///
/// | level | shallow (across × down, pixels a frame) | steep |
/// |---|---|---|
/// | serve | 1 × 1 | |
/// | 0 | 1.5 × 1 | 1 × 1.5 |
/// | 4 (4th paddle hit) | 1.5 × 2 | 0.5 × 2 |
/// | 8 (8th) | 2 × 1 | 2 × 1 |
/// | 12 (12th) | 2 × 2 | 2 × 2 |
/// | 16 (a brick of the top three rows) | 2 × 3.375 | 2 × 3.375 |
public struct BreakoutBall: Equatable, Sendable {
    /// Horizontal position, 8.8 fixed point, the screen column plus 49.
    public internal(set) var x = 0
    /// Vertical position, 8.8 fixed point; its whole part is 0 when no ball is in play.
    public internal(set) var y = 0
    /// Velocity in 1/256 pixel a frame: + right, + down.
    public internal(set) var dx = 0
    public internal(set) var dy = 0

    /// Where a serve starts, by the game's frame counter mod 4: the game's column and the side it
    /// heads to (breakout_serves.json).
    static func serve(frameCounter: Int) -> (x: Int, movingRight: Bool) {
        switch frameCounter & 3 {
        case 0: (64, true)
        case 1: (128, false)
        case 2: (128, true)
        default: (192, false)
        }
    }

    /// The whole part of `y`: 0 with no ball in play.
    public var row: Int { y >> 8 }
    /// The whole part of `x`.
    public var column: Int { x >> 8 }
    public var isInPlay: Bool { row != 0 }

    /// The screen column of the ball's left edge.
    public var screenX: Int { column - 49 }
    /// The screen row of the ball's top, drawn or not (0 with no ball in play): the 2600's
    /// kernel draws the ball one row lower below the bricks.
    public var screenTop: Int {
        let y = row
        return y == 0 ? 0 : y <= 84 ? y + 8 : y + 9
    }

    /// The screen rows the ball covers, as the 2600's kernel draws it: five rows tall just
    /// above the bricks' bottom, cut at row 194; nil when it is not drawn.
    public var screenRows: ClosedRange<Int>? {
        let y = row
        guard y != 0, y < 186 else { return nil }
        if y <= 80 { return screenTop...(y + 11) }
        return screenTop...min(y + 12, 194)
    }

    /// The speed magnitudes of `level` (0, 4, 8, 12, 16) and `steep`, in 1/256 pixel a frame.
    static func speed(level: Int, steep: Bool) -> (across: Int, down: Int) {
        switch (level, steep) {
        case (0, false): (384, 256)
        case (0, true): (256, 384)
        case (4, false): (384, 512)
        case (4, true): (128, 512)
        case (8, _): (512, 256)
        case (12, _): (512, 512)
        default: (512, 864)
        }
    }

    /// Takes the speed of `level` and `steep`, keeping the horizontal direction and turning the
    /// vertical one (a ball going down, or still, goes up; a still one goes left): the game's
    /// only way to set a speed, on paddle and brick hits.
    mutating func takeSpeed(level: Int, steep: Bool) {
        let speed = Self.speed(level: level, steep: steep)
        dx = dx > 0 ? speed.across : -speed.across
        dy = dy >= 0 ? -speed.down : speed.down
    }

    mutating func move() {
        x += dx
        y += dy
    }
}
