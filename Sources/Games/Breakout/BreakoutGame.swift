import Gym
import Randomness

/// Atari 2600 Breakout (Brad Stewart, 1978) as the Arcade Learning Environment plays it (game
/// 1, one player), frame for frame. Every rule below was measured on ale-py 0.12.1 and read from
/// the cartridge's program by Tests/GamesTests/Fixtures/ALE/measure_breakout.py, whose integer
/// model matched the emulator's memory on every frame of its recordings; the tests replay those
/// recordings here.
///
/// - Six rows of eighteen bricks; the bottom two rows score 1 a brick, the middle two 4, the top
///   two 7. Five balls. The bricks build up for 36 frames after a reset; nothing collides then.
/// - FIRE serves at once, from one of four places the game's frame counter picks, at 1 pixel a
///   frame each way; the paddle moves freely all the time (`BreakoutPaddle`).
/// - The ball speeds up on the 4th, 8th and 12th paddle hit of a ball, and jumps to the top speed
///   on its first brick of the top three rows (`BreakoutBall`). Where it meets the paddle picks
///   its side and one of two angles (`bounceOffPaddle`).
/// - Collisions are the 2600's: what the frame drew overlapping, acted on in the next frame. A
///   ball knocks out one brick, then none until it has been back to the paddle or the back wall.
/// - The back wall shrinks the paddle to 12 pixels, keeping its left edge, until the ball is lost.
/// - The second wall appears on the first paddle hit after the first is cleared (score 432).
///   Clearing it too (864, the most a game can score) leaves an empty screen, and the game goes
///   on until the last ball is lost, as on the ALE.
///
/// The whole state is plain integers and no frame draws from the generator: the serve's place
/// comes from the frame counter, so the no-ops before a serve decide it, as on the ALE.
public struct BreakoutGame: AtariGame, Equatable {
    public static let name = "Breakout"
    /// The ALE's minimal action set for Breakout, in its order.
    public static let minimalActions: [AtariAction] = [.noop, .fire, .right, .left]

    /// Bricks standing in the current wall.
    public internal(set) var bricks = BrickWall.full
    /// 1 for the first wall, 2 once the second has come up.
    public internal(set) var wall = 1
    public internal(set) var score = 0
    public internal(set) var lives = 5
    public internal(set) var paddle = BreakoutPaddle()
    /// 16 pixels, 12 once the ball has reached the back wall.
    public var paddleWidth: Int { isPaddleShrunk ? BreakoutLayout.shrunkPaddleWidth : BreakoutLayout.paddleWidth }
    public internal(set) var isPaddleShrunk = false
    /// The ball: in play when `ball.isInPlay`.
    public internal(set) var ball = BreakoutBall()
    /// Counts frames, modulo 256.
    public internal(set) var frameCounter = 0
    /// Paddle hits of this ball, up to 12; 16 after a brick of the top three rows. Its multiples
    /// of 4 are the ball's speed level.
    public internal(set) var paddleHits = 0
    /// The ball last left the paddle at the steep angle (else the shallow one).
    public internal(set) var isSteep = false
    /// What the ball has touched since it last turned: the paddle and bricks count once.
    var hasHitPaddle = false, hasHitBrick = false
    /// Frames of the opening animation left (collisions wait for it), −1 once the wall is up.
    var buildFrames = 36
    /// The first wall is cleared and the paddle has hit the ball: the next frame refills.
    var refillPending = false
    /// What the last frame drew overlapping, which this frame acts on.
    var touchesPaddle = false, touchesBricksOrBackWall = false, touchesSideWall = false

    public init() {}

    /// The paddle's left edge on the screen.
    public var paddleX: Int { paddle.x }
    public var isOver: Bool { lives == 0 }

    /// A full wall being built, five balls, the paddle at its starting place and no ball until FIRE.
    public mutating func reset(using generator: inout SeededGenerator) {
        self = BreakoutGame()
    }

    public mutating func advanceFrame(_ action: AtariAction, using generator: inout SeededGenerator) -> Int {
        guard !isOver else { return 0 }
        let scoreBefore = score
        paddle.turn(action)
        frameCounter = (frameCounter + 1) & 255
        if !ball.isInPlay {
            if action == .fire { serve() }
        } else if ball.row >= BreakoutLayout.lostRow {
            loseBall()
        }
        if buildFrames > 0 {
            buildFrames -= 1
        } else if buildFrames == 0 || refillPending {
            if buildFrames < 0 { wall += 1 }
            (buildFrames, refillPending, bricks) = (-1, false, .full)
        } else {
            collide()
        }
        paddle.move()
        ball.move()
        paddle.read()
        latchCollisions()
        return score - scoreBefore
    }

    /// FIRE: the ball appears where the frame counter says, heading down at 1 pixel a frame,
    /// its fractions kept from the last ball.
    mutating func serve() {
        let (column, movingRight) = BreakoutBall.serve(frameCounter: frameCounter)
        ball.x = column << 8 | ball.x & 255
        ball.y = BreakoutLayout.serveRow << 8 | ball.y & 255
        (ball.dx, ball.dy) = (movingRight ? 256 : -256, 256)
    }

    /// The ball has gone below the screen: a life lost, and the ball, the paddle's width and
    /// the speed-ups start over.
    private mutating func loseBall() {
        ball.y &= 255
        (ball.dx, ball.dy) = (0, 0)
        (isPaddleShrunk, paddleHits, hasHitPaddle, hasHitBrick) = (false, 0, false, false)
        lives -= 1
    }

    /// Acts on what the last frame drew overlapping: the paddle, then bricks or the back wall,
    /// then a side wall.
    /// The place the ball had when the frame began counts throughout, even after a paddle hit
    /// has nudged it.
    private mutating func collide() {
        let (column, row) = (ball.column, ball.row)
        if touchesPaddle && !hasHitPaddle { bounceOffPaddle() }
        if touchesBricksOrBackWall {
            if row < BreakoutLayout.backWallRow {
                isPaddleShrunk = true
                ball.dy = -ball.dy
                (hasHitPaddle, hasHitBrick) = (false, false)
            } else if !hasHitBrick {
                hitBrick(column: column, row: row)
            }
        }
        // A side wall turns the ball only when it is heading into the wall of its own half.
        let onRightHalf = column >= 128
        if touchesSideWall && onRightHalf == (ball.dx > 0) { ball.dx = -ball.dx }
    }

    /// The offset of the ball from a point 6 pixels into the paddle (4 once shrunk) picks the
    /// ball's side (the ball goes left at or left of that point) and its angle: steep within
    /// 4 pixels, shallow beyond (breakout_angles.json). Exactly on the point the ball is
    /// nudged 4 pixels along. Paddle hits speed the ball up.
    private mutating func bounceOffPaddle() {
        var offset = Int(Int8(truncatingIfNeeded: paddle.position + (isPaddleShrunk ? 6 : 8) - ball.column))
        if offset == 0 {
            ball.x += ball.dx > 0 ? -4 << 8 : 4 << 8
            offset = 1
        }
        if (offset >= 0) == (ball.dx > 0) { ball.dx = -ball.dx }
        isSteep = min(abs(offset), 8) <= 4
        if paddleHits < 12 { paddleHits += 1 }
        (hasHitPaddle, hasHitBrick) = (true, false)
        ball.takeSpeed(level: speedLevel, steep: isSteep)
        if score == BreakoutLayout.wallPoints { refillPending = true }
    }

    /// The speed level: 0, 4, 8, 12 by paddle hits, 16 after a top brick.
    var speedLevel: Int { paddleHits & 0x3C }

    /// The brick the game finds from the ball's position (not the one drawn touching it): gone
    /// already, the ball passes on; standing, it is knocked out and the ball turns, at the top
    /// speed and the shallow angle if it is one of the top three rows.
    private mutating func hitBrick(column ballColumn: Int, row ballRow: Int) {
        let row = min(max(ballRow - 50, 0) / BreakoutLayout.brickHeight, BrickWall.rows - 1)
        let column = min(max(ballColumn - (row == 0 ? 58 : 57), 0) >> 3, BrickWall.columns - 1)
        guard bricks.contains(row: row, column: column) else { return }
        score += knockOut(row: row, column: column)
        if row < 3 { (isSteep, paddleHits) = (false, 16) }
        ball.takeSpeed(level: speedLevel, steep: isSteep)
        (hasHitBrick, hasHitPaddle) = (true, false)
    }

    /// Removes a standing brick and returns its points (0 if it is already gone). Tests call it
    /// directly to clear walls.
    mutating func knockOut(row: Int, column: Int) -> Int {
        guard bricks.contains(row: row, column: column) else { return 0 }
        bricks.remove(row: row, column: column)
        return BrickWall.points(row: row)
    }

    /// What the frame draws overlapping, as the 2600's collision latches see it: the ball's
    /// rows and columns against the paddle's, the bricks' and the walls'.
    private mutating func latchCollisions() {
        (touchesPaddle, touchesBricksOrBackWall, touchesSideWall) = (false, false, false)
        guard var rows = ball.screenRows else { return }
        // The back wall's latch fires once the ball's row reaches 24 (measured).
        if ball.row <= 24 { rows = BreakoutLayout.topWallBottom - 1...rows.upperBound }
        let left = ball.screenX, right = ball.screenX + BreakoutLayout.ballWidth - 1
        let paddleRows = BreakoutLayout.paddleTop...(BreakoutLayout.paddleTop + BreakoutLayout.paddleHeight - 1)
        touchesPaddle = rows.overlaps(paddleRows) && right >= paddleX && left <= paddleX + paddleWidth - 1
        touchesBricksOrBackWall = rows.lowerBound < BreakoutLayout.topWallBottom || touchesBrick(rows: rows, left: left, right: right)
        touchesSideWall = left < BreakoutLayout.playLeft || right >= BreakoutLayout.playRight
    }

    private func touchesBrick(rows: ClosedRange<Int>, left: Int, right: Int) -> Bool {
        typealias L = BreakoutLayout
        let firstRow = max(rows.lowerBound - L.brickTop, 0) / L.brickHeight
        let lastRow = (rows.upperBound - L.brickTop) / L.brickHeight
        guard rows.upperBound >= L.brickTop, firstRow < BrickWall.rows else { return false }
        let firstColumn = max(left - L.playLeft, 0) / L.brickWidth
        let lastColumn = min(right - L.playLeft, L.playRight - L.playLeft - 1) / L.brickWidth
        guard right >= L.playLeft, firstColumn < BrickWall.columns else { return false }
        for row in firstRow...min(lastRow, BrickWall.rows - 1) {
            for column in firstColumn...lastColumn where bricks.contains(row: row, column: column) { return true }
        }
        return false
    }
}

/// Breakout on the screen, as the ALE's `BreakoutNoFrameskip`: 210 × 160 × 3 frames, one a step.
public typealias Breakout = AtariEnvironment<BreakoutGame, ScreenPixels>
/// Breakout observed through its state vector (see `BreakoutGame.stateLow`).
public typealias BreakoutState = AtariEnvironment<BreakoutGame, StateVector>
