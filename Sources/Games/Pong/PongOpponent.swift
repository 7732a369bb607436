import Randomness

/// The computer player on the left. As on the 2600 (mathpirate.net, "Atari 2600 Pong Paddle
/// Zones", 2009) it seeks the ball with a point on the upper half of its paddle, so its returns
/// mostly go up, and it moves at a fixed speed too slow for the steepest angles and, late in a
/// rally, for the fastest balls: it is beatable. Here it also pauses a few frames before
/// answering each of the agent's returns and aims at a slightly different point each time,
/// both drawn from the game's generator, and goes back toward the middle while the ball is
/// away. A fast return far from the middle then beats it even straight across, as the 2600's
/// does at high speed; a slow one never does.
public struct PongOpponent: Equatable, Sendable {
    public var paddle: PongPaddle
    /// Frames it still waits before following the ball the agent last returned.
    public var reactionDelay: Int
    /// The row of its paddle, counted from the paddle's top, it tries to put level with the
    /// ball's centre.
    public var aimRow: Int

    /// 2¼ pixels a frame: faster than the ball climbs at 45° early in a rally, slower than the
    /// steep returns off a paddle's edge (3 pixels a frame at the serve's speed). Set so that,
    /// as on the ALE, a random agent loses about 21–0 and a ball-following one wins points.
    static let speed = 36
    /// The usual aim, a quarter of the way down the paddle, and how far a throw of the dice moves it.
    public static let usualAimRow = 4
    static let aimJitter = 3
    /// Pauses after the agent's returns last from `shortestReaction` frames up to 7 more.
    static let shortestReaction = 4
    static let reactionSpread = 8

    public init(paddle: PongPaddle = .centered, reactionDelay: Int = 0, aimRow: Int = PongOpponent.usualAimRow) {
        (self.paddle, self.reactionDelay, self.aimRow) = (paddle, reactionDelay, aimRow)
    }

    /// One frame of play: after its pause, toward a ball coming its way; back toward the middle
    /// while the ball goes away or waits to be served.
    mutating func follow(_ ball: PongBall) {
        if reactionDelay > 0 {
            reactionDelay -= 1
            paddle.velocity = 0
            return
        }
        let target = ball.inPlay && ball.dx < 0
            ? ball.y + (PongLayout.ballHeight / 2 - aimRow) * PongLayout.subpixels
            : PongPaddle.centered.top
        paddle.move(toward: target, speed: Self.speed)
    }

    /// The agent has just returned the ball: draw how long it takes to react and where it aims.
    mutating func react(using generator: inout SeededGenerator) {
        reactionDelay = Self.shortestReaction + generator.nextInt(below: Self.reactionSpread)
        aimRow = Self.usualAimRow - Self.aimJitter + generator.nextInt(below: 2 * Self.aimJitter + 1)
    }
}
