/// ALE Pong's picture: the field, the two bars, the scores above, the paddles and the ball.
extension PongGame {
    public func draw(on canvas: Canvas) {
        let width = AtariScreen.width
        canvas.clear(to: PongColor.field)
        let top = PongLayout.topBarRows, bottom = PongLayout.bottomBarRows
        canvas.fillRectangle(x: 0, y: top.lowerBound, width: width, height: top.count, color: PongColor.white)
        canvas.fillRectangle(x: 0, y: bottom.lowerBound, width: width, height: bottom.count, color: PongColor.white)
        drawScore(opponentScore, rightEdge: PongLayout.opponentScoreRightEdge, color: PongColor.opponent, on: canvas)
        drawScore(agentScore, rightEdge: PongLayout.agentScoreRightEdge, color: PongColor.agent, on: canvas)
        canvas.fillRectangle(x: PongLayout.opponentPaddleColumn, y: opponent.paddle.topRow,
                             width: PongLayout.paddleWidth, height: PongLayout.paddleHeight, color: PongColor.opponent)
        canvas.fillRectangle(x: PongLayout.agentPaddleColumn, y: agent.topRow,
                             width: PongLayout.paddleWidth, height: PongLayout.paddleHeight, color: PongColor.agent)
        if ball.inPlay {
            canvas.fillRectangle(x: ball.column, y: ball.row, width: PongLayout.ballWidth, height: PongLayout.ballHeight,
                                 color: PongColor.white)
        }
    }

    /// Digits made once, so drawing a score formats nothing.
    private static let scoreTexts = (0...winningScore).map(String.init)

    /// A score right-aligned at `rightEdge`, so that 9 and 10 end in the same column, as on the 2600.
    private func drawScore(_ score: Int, rightEdge: Int, color: UInt8, on canvas: Canvas) {
        let text = Self.scoreTexts[min(max(score, 0), Self.winningScore)]
        let scale = PongLayout.scoreScale
        canvas.drawText(text, x: rightEdge - Canvas.textWidth(text, scaleX: scale), y: PongLayout.scoreRow,
                        scaleX: scale, scaleY: scale, color: color)
    }
}
