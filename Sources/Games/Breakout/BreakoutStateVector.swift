/// Breakout's compact state, 116 Floats, each roughly within [0, 1] (velocities [−1, 1]):
///
/// | index | entry | scale |
/// |---|---|---|
/// | 0 | paddle's left edge | pixels / 160 |
/// | 1 | paddle width | pixels / 16 (1, or 0.75 once shrunk) |
/// | 2, 3 | ball's left edge, top edge | pixels / 160, pixels / 210 (0 with no ball in play) |
/// | 4, 5 | ball's dx, dy (right, down) | pixels a frame / 8 (0 with no ball in play) |
/// | 6 | a ball is in play | 0 or 1 |
/// | 7 | lives, the ball in play included | balls / 5 |
/// | 8 ..< 116 | bricks, 1 standing, 0 gone | row by row from the top (red) row, left to right |
extension BreakoutGame {
    static let stateCount = 8 + BrickWall.count

    public static let stateLow: [Float] = [0, 0, 0, 0, -1, -1, 0, 0] + Array(repeating: 0, count: BrickWall.count)
    public static let stateHigh: [Float] = Array(repeating: 1, count: stateCount)

    public func writeState(into state: UnsafeMutableBufferPointer<Float>) {
        precondition(state.count == Self.stateCount, "Breakout's state has \(Self.stateCount) entries, the buffer \(state.count)")
        let screenWidth = Float(AtariScreen.width), screenHeight = Float(AtariScreen.height)
        let velocityScale = 1 / Float(8 * 256)
        state[0] = Float(paddleX) / screenWidth
        state[1] = Float(paddleWidth) / Float(BreakoutLayout.paddleWidth)
        if ball.isInPlay {
            state[2] = Float(ball.screenX) / screenWidth
            // Below the screen until it is lost, the ball counts as at its bottom edge.
            state[3] = Float(min(ball.screenTop, AtariScreen.height)) / screenHeight
            state[4] = Float(ball.dx) * velocityScale
            state[5] = Float(ball.dy) * velocityScale
            state[6] = 1
        } else {
            (state[2], state[3], state[4], state[5], state[6]) = (0, 0, 0, 0, 0)
        }
        state[7] = Float(lives) / 5
        var i = 8
        for row in 0..<BrickWall.rows {
            for column in 0..<BrickWall.columns {
                state[i] = bricks.contains(row: row, column: column) ? 1 : 0
                i += 1
            }
        }
    }
}
