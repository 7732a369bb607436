/// ALE Pong's picture: the field, the paddles, the ball over them, the bars over all three (the
/// paddles and the ball slide under them), and the scores above.
extension PongGame {
    public func draw(on canvas: Canvas) {
        let width = AtariScreen.width
        canvas.clear(to: PongColor.field)
        canvas.fillRectangle(x: PongLayout.opponentPaddleColumn, y: opponentTop,
                             width: PongLayout.paddleWidth, height: PongLayout.paddleHeight, color: PongColor.opponent)
        canvas.fillRectangle(x: PongLayout.agentPaddleColumn, y: agentDrawnTop,
                             width: PongLayout.paddleWidth, height: PongLayout.paddleHeight, color: PongColor.agent)
        if ball.inPlay {
            canvas.fillRectangle(x: ball.screenX, y: ball.drawnTop, width: PongLayout.ballWidth, height: PongLayout.ballHeight,
                                 color: PongColor.white)
        }
        let top = PongLayout.topBarRows, bottom = PongLayout.bottomBarRows
        canvas.fillRectangle(x: 0, y: top.lowerBound, width: width, height: top.count, color: PongColor.white)
        canvas.fillRectangle(x: 0, y: bottom.lowerBound, width: width, height: bottom.count, color: PongColor.white)
        // Nothing of the paddles shows above the bar either (the computer waits at row −15).
        canvas.fillRectangle(x: 0, y: 0, width: width, height: top.lowerBound, color: PongColor.field)
        drawScore(opponentScore, rightEdge: PongLayout.opponentScoreRightEdge, color: PongColor.opponent, on: canvas)
        drawScore(agentScore, rightEdge: PongLayout.agentScoreRightEdge, color: PongColor.agent, on: canvas)
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
