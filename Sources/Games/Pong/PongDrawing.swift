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
        drawBall(on: canvas)
        let top = PongLayout.topBarRows, bottom = PongLayout.bottomBarRows
        canvas.fillRectangle(x: 0, y: top.lowerBound, width: width, height: top.count, color: PongColor.white)
        canvas.fillRectangle(x: 0, y: bottom.lowerBound, width: width, height: bottom.count, color: PongColor.white)
        // Nothing of the paddles shows above the bar either (the computer waits at row −15).
        canvas.fillRectangle(x: 0, y: 0, width: width, height: top.lowerBound, color: PongColor.field)
        drawScore(opponentScore, rightEdge: PongLayout.opponentScoreRightEdge, color: PongColor.opponent, on: canvas)
        drawScore(agentScore, rightEdge: PongLayout.agentScoreRightEdge, color: PongColor.agent, on: canvas)
    }

    /// The ball as the 2600's kernel draws it, which is not always a 2 × 4 block: the kernel
    /// turns the ball on and off partway along a scanline, at a column that depends on how many
    /// cycles that line's branches took (whether the agent's controller is still charging, whether
    /// each paddle is drawn on that line). So right of about column 127 a ball can show a row
    /// higher, or 3 or 5 rows tall, or split between two rows. The rule was read from the ROM's
    /// kernel and matched the ALE's pictures on 186,092 of 186,092 frames
    /// (Tests/GamesTests/Fixtures/ALE/pong_ball_drawing.py). The ball shows in the frame a point
    /// is scored too, where it stopped; it is drawn over the paddles.
    private func drawBall(on canvas: Canvas) {
        guard ball.y != 0 else { return }
        let (left, top) = (ball.screenX, ball.screenY)
        // The game logic's frame counter this frame; on even frames the kernel reads the other
        // (untouched) controller, which reads 110.
        let reading = (frameCounter - 1) & 1 != 0 ? Self.reading(of: controller.resistance) : 110
        func cut(_ line: Int) -> Int {
            let charging = line - 2 >= 40 && line - 2 <= reading ? 6 : 0
            let agentOff = (line - 2 - agentPaddle) & 0xF0 == 0 ? 0 : 3
            let opponentOff = (line - opponentPaddle) & 0xF0 == 0 ? 0 : 3
            return ball.y & 1 != 0 ? 127 + charging + agentOff + opponentOff : 149 + charging + agentOff
        }
        let (onFrom, offFrom) = ball.y & 1 != 0 ? (cut(ball.y + 1), cut(ball.y + 5)) : (cut(ball.y + 2), cut(ball.y + 6))
        for column in [left, (left + 1) % AtariScreen.width] {
            let first = column >= onFrom ? top - 1 : top, last = column < offFrom ? top + 3 : top + 2
            // Only the field shows the ball: it sinks into the bars before it bounces.
            let firstShown = max(first, PongLayout.fieldTop), lastShown = min(last, PongLayout.fieldBottom - 1)
            guard firstShown <= lastShown else { continue }
            canvas.fillRectangle(x: column, y: firstShown, width: 1, height: lastShown - firstShown + 1, color: PongColor.white)
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
