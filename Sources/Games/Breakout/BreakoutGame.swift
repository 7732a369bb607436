import Gym
import Randomness

/// Atari 2600 Breakout (Brad Stewart, 1978), with the rules the Arcade Learning Environment
/// plays, so that a score here means what it means on ALE's `BreakoutNoFrameskip`:
///
/// - six rows of eighteen bricks; the bottom two rows score 1 a brick, the middle two 4, the
///   top two (orange, and red at the very top) 7;
/// - five balls; FIRE serves each one, the paddle moving freely while none is in play;
/// - the ball starts slow at each serve and speeds up on its 4th and 12th paddle hit and on
///   first touching the orange row and the red row;
/// - the paddle shrinks to half its width once the ball first reaches the back wall;
/// - clearing the wall brings a second one with the ball still in play; the game ends when
///   that one is cleared too, or when the last ball is lost.
///
/// A perfect game therefore scores 2 walls × 18 × 2 × (1 + 4 + 7) = 864, the 2600's (and the
/// ALE's) maximum. The 896 sometimes quoted is the 1976 arcade machine's: 8 rows of 14 bricks
/// scoring 1, 3, 5, 7, twice.
///
/// The whole state is plain integers (positions in sixteenths of a pixel), so a game replays
/// exactly; the serve's position and direction are its only randomness.
public struct BreakoutGame: AtariGame, Equatable {
    public static let name = "Breakout"
    /// The ALE's minimal action set for Breakout, in its order.
    public static let minimalActions: [AtariAction] = [.noop, .fire, .right, .left]

    /// Bricks standing in the current wall.
    public internal(set) var bricks = BrickWall.full
    /// 1 for the first wall, 2 once it has been cleared.
    public internal(set) var wall = 1
    public internal(set) var score = 0
    public internal(set) var lives = 5
    /// The paddle's left edge, in pixels.
    public internal(set) var paddleX = BreakoutLayout.paddleStart
    /// 16 pixels, 8 once the ball has reached the back wall.
    public internal(set) var paddleWidth = BreakoutLayout.paddleWidth
    /// The ball in play; nil until FIRE serves it.
    public internal(set) var ball: BreakoutBall?
    /// The second wall has been cleared: the game is won.
    public internal(set) var hasClearedBothWalls = false

    public init() {}

    public var isOver: Bool { lives == 0 || hasClearedBothWalls }

    /// A full wall, five balls, the paddle in the middle and no ball until FIRE: a new game
    /// draws nothing from `generator` until its first serve.
    public mutating func reset(using generator: inout SeededGenerator) {
        self = BreakoutGame()
    }

    public mutating func advanceFrame(_ action: AtariAction, using generator: inout SeededGenerator) -> Int {
        guard !isOver else { return 0 }
        movePaddle(action)
        guard var ball else {
            if action.fires { serve(using: &generator) }
            return 0
        }
        let oldBottom = ball.pixelY + BreakoutLayout.ballHeight
        ball.move()
        bounceOffWalls(&ball)
        let reward = hitBrick(&ball)
        catchOnPaddle(&ball, oldBottom: oldBottom)
        if ball.pixelY >= BreakoutLayout.lostRow {
            self.ball = nil
            lives -= 1
        } else {
            self.ball = ball
        }
        return reward
    }

    /// RIGHT and LEFT move the paddle a few pixels, up to the side walls.
    private mutating func movePaddle(_ action: AtariAction) {
        if action.pushesRight { paddleX += BreakoutLayout.paddleStep }
        if action.pushesLeft { paddleX -= BreakoutLayout.paddleStep }
        paddleX = min(max(paddleX, BreakoutLayout.playLeft), BreakoutLayout.playRight - paddleWidth)
    }

    /// A new ball below the bricks at a random column, heading down to the paddle and to a
    /// random side.
    mutating func serve(using generator: inout SeededGenerator) {
        let columns = BreakoutLayout.playRight - BreakoutLayout.ballWidth - BreakoutLayout.playLeft + 1
        let x = BreakoutLayout.playLeft + generator.nextInt(below: columns)
        let right = generator.nextInt(below: 2) == 1
        ball = BreakoutBall(pixelX: x, pixelY: BreakoutLayout.serveTop, movingRight: right, movingUp: false, angle: 1)
    }

    /// The side walls send the ball back horizontally; the back wall sends it down and, the
    /// first time, halves the paddle (about its middle).
    private mutating func bounceOffWalls(_ ball: inout BreakoutBall) {
        let unit = BreakoutBall.subpixels
        if ball.pixelX < BreakoutLayout.playLeft {
            ball.x = BreakoutLayout.playLeft * unit
            ball.movingRight = true
        } else if ball.pixelX + BreakoutLayout.ballWidth > BreakoutLayout.playRight {
            ball.x = (BreakoutLayout.playRight - BreakoutLayout.ballWidth) * unit
            ball.movingRight = false
        }
        if ball.pixelY < BreakoutLayout.topWallBottom {
            ball.y = BreakoutLayout.topWallBottom * unit
            ball.movingUp = false
            if paddleWidth == BreakoutLayout.paddleWidth {
                paddleWidth = BreakoutLayout.shrunkPaddleWidth
                paddleX += (BreakoutLayout.paddleWidth - BreakoutLayout.shrunkPaddleWidth) / 2
            }
        }
    }

    /// The brick under the ball's leading edge (its top going up, its bottom going down), at
    /// the ball's middle column, is knocked out; the ball turns back vertically, put just
    /// outside that brick's row. Returns the points scored.
    private mutating func hitBrick(_ ball: inout BreakoutBall) -> Int {
        let edge = ball.movingUp ? ball.pixelY : ball.pixelY + BreakoutLayout.ballHeight - 1
        guard edge >= BreakoutLayout.brickTop, edge < BreakoutLayout.brickBottom else { return 0 }
        let row = (edge - BreakoutLayout.brickTop) / BreakoutLayout.brickHeight
        let middle = ball.pixelX + BreakoutLayout.ballWidth / 2
        let column = min(max((middle - BreakoutLayout.playLeft) / BreakoutLayout.brickWidth, 0), BrickWall.columns - 1)
        guard bricks.contains(row: row, column: column) else { return 0 }

        let rowTop = BreakoutLayout.brickTop + row * BreakoutLayout.brickHeight
        ball.y = BreakoutBall.subpixels * (ball.movingUp ? rowTop + BreakoutLayout.brickHeight : rowTop - BreakoutLayout.ballHeight)
        ball.movingUp.toggle()
        if row == 1 && !ball.hasTouchedOrange {
            ball.hasTouchedOrange = true
            ball.speedUp()
        } else if row == 0 && !ball.hasTouchedRed {
            ball.hasTouchedRed = true
            ball.speedUp()
        }
        return knockOut(row: row, column: column)
    }

    /// Removes a standing brick and scores it; clearing the first wall raises the second,
    /// clearing the second wins the game. Returns the points scored. Tests call it directly to
    /// play a perfect game.
    mutating func knockOut(row: Int, column: Int) -> Int {
        guard bricks.contains(row: row, column: column) else { return 0 }
        bricks.remove(row: row, column: column)
        let points = BrickWall.points(row: row)
        score += points
        if bricks.isCleared {
            if wall == 1 {
                wall = 2
                bricks = .full
            } else {
                hasClearedBothWalls = true
            }
        }
        return points
    }

    /// A ball coming down whose bottom edge crosses the paddle's top this frame, above the
    /// paddle, goes back up.
    private func catchOnPaddle(_ ball: inout BreakoutBall, oldBottom: Int) {
        let top = BreakoutLayout.paddleTop
        let bottom = ball.pixelY + BreakoutLayout.ballHeight
        guard !ball.movingUp, oldBottom <= top, bottom > top,
              ball.pixelX + BreakoutLayout.ballWidth > paddleX, ball.pixelX < paddleX + paddleWidth else { return }
        ball.y = (top - BreakoutLayout.ballHeight) * BreakoutBall.subpixels
        ball.bounce(offPaddleAt: paddleX, width: paddleWidth)
    }
}

/// Breakout on the screen, as the ALE's `BreakoutNoFrameskip`: 210 × 160 × 3 frames, one a step.
public typealias Breakout = AtariEnvironment<BreakoutGame, ScreenPixels>
/// Breakout observed through its state vector (see `BreakoutGame.stateLow`).
public typealias BreakoutState = AtariEnvironment<BreakoutGame, StateVector>
