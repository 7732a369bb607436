/// Pong's compact state, nine numbers, for experiments without pixels:
///
/// | index | meaning | range |
/// |---|---|---|
/// | 0 | agent's paddle top, 0 at the top of the field, 1 at the bottom | 0…1 |
/// | 1 | computer's paddle top, likewise | 0…1 |
/// | 2 | ball's left column over the screen width (slightly past 0 or 1 as it leaves) | −0.05…1.05 |
/// | 3 | ball's top row, 0 at the top of the field, 1 at the bottom | 0…1 |
/// | 4 | ball's speed across over the fastest it goes, + to the right (toward the agent) | −1…1 |
/// | 5 | ball's speed down over the fastest it goes, + downward | −1…1 |
/// | 6 | ball in play (1) or waiting to be served (0) | 0…1 |
/// | 7 | agent's score over 21 | 0…1 |
/// | 8 | computer's score over 21 | 0…1 |
///
/// Rows count down the screen, as in the pixels: a paddle moving up makes entry 0 smaller.
extension PongGame {
    public static let stateLow: [Float] = [0, 0, -0.05, 0, -1, -1, 0, 0, 0]
    public static let stateHigh: [Float] = [1, 1, 1.05, 1, 1, 1, 1, 1, 1]

    public func writeState(into state: UnsafeMutableBufferPointer<Float>) {
        let scale = Float(PongLayout.subpixels)
        let paddles = PongLayout.paddleTopRange, balls = PongLayout.ballTopRange
        func paddle(_ p: PongPaddle) -> Float {
            (Float(p.top) / scale - Float(paddles.lowerBound)) / Float(paddles.upperBound - paddles.lowerBound)
        }
        state[0] = paddle(agent)
        state[1] = paddle(opponent.paddle)
        state[2] = Float(ball.x) / scale / Float(AtariScreen.width)
        state[3] = (Float(ball.y) / scale - Float(balls.lowerBound)) / Float(balls.upperBound - balls.lowerBound)
        state[4] = Float(ball.dx) / Float(PongBall.maximumDX)
        state[5] = Float(ball.dy) / Float(PongBall.maximumDY)
        state[6] = ball.inPlay ? 1 : 0
        state[7] = Float(agentScore) / Float(Self.winningScore)
        state[8] = Float(opponentScore) / Float(Self.winningScore)
    }
}
