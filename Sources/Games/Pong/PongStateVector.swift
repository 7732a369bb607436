/// Pong's compact state, nine numbers, for experiments without pixels:
///
/// | index | meaning | range |
/// |---|---|---|
/// | 0 | agent's paddle top, 0 at its highest (row 24), 1 at its lowest (row 190) | 0…1 |
/// | 1 | computer's paddle top, 0 at row −15 (where it waits between points), 1 at row 194 | 0…1 |
/// | 2 | ball's left column over the screen width | 0…1 |
/// | 3 | ball's top row, 0 at row 29, 1 at row 194 (it sinks into the bars before bouncing) | 0…1 |
/// | 4 | ball's speed across over the fastest (4), + to the right (toward the agent) | −1…1 |
/// | 5 | ball's speed down over the fastest (3), + downward | −1…1 |
/// | 6 | ball in play (1) or waiting to be served (0) | 0…1 |
/// | 7 | agent's score over 21 | 0…1 |
/// | 8 | computer's score over 21 | 0…1 |
///
/// Rows count down the screen, as in the pixels: a paddle moving up makes entry 0 smaller.
extension PongGame {
    public static let stateLow: [Float] = [0, 0, 0, 0, -1, -1, 0, 0, 0]
    public static let stateHigh: [Float] = [1, 1, 1, 1, 1, 1, 1, 1, 1]

    public func writeState(into state: UnsafeMutableBufferPointer<Float>) {
        func scaled(_ value: Int, from low: Int, to high: Int) -> Float {
            Float(min(max(value, low), high) - low) / Float(high - low)
        }
        state[0] = scaled(agentTop, from: 24, to: 190)
        state[1] = scaled(opponentTop, from: -15, to: 194)
        if ball.inPlay {
            state[2] = scaled(ball.screenX, from: 0, to: AtariScreen.width)
            state[3] = scaled(ball.screenY, from: 29, to: 194)
        } else {
            (state[2], state[3]) = (0.5, 0.5)
        }
        state[4] = Float(ball.dx) / Float(PongBall.maximumDX)
        state[5] = Float(ball.dy) / Float(PongBall.maximumDY)
        state[6] = ball.inPlay ? 1 : 0
        state[7] = Float(agentScore) / Float(Self.winningScore)
        state[8] = Float(opponentScore) / Float(Self.winningScore)
    }
}
