import Testing
@testable import Games
import Gym
import Randomness

/// The scripted player that follows the ball, on screens the games draw.
@Suite struct BallFollowerTests {
    private func screen(_ game: some AtariGame) -> RGBFrame {
        let canvas = Canvas(width: AtariScreen.width, height: AtariScreen.height)
        game.draw(on: canvas)
        return canvas.rgbFrame(palette: type(of: game).palette)
    }

    /// Breakout: FIRE with no ball; toward the ball's side beyond 2 pixels; still within them.
    /// The right wall's red foot beside the paddle is not taken for the paddle.
    @Test func breakoutSteersUnderTheBall() {
        var game = BreakoutGame()
        #expect(BallFollower.action(for: screen(game), in: "Breakout") == 1)
        game.paddle.position = 8 + 47  // the paddle's middle at column 16
        for (ballX, action) in [(40, 2), (18, 2), (17, 0), (13, 0), (12, 3), (8, 3)] {
            (game.ball.x, game.ball.y) = ((ballX + 49) << 8, 140 << 8)
            // Ball centre ballX + 1 against the paddle's 16.
            #expect(BallFollower.action(for: screen(game), in: "Breakout-state") == action, "ball at \(ballX)")
        }
        // At 144 the paddle slides under the right wall: its visible part, 144–151, centres at
        // 148, so a ball at 150 (centre 151) is to its right; with the wall's red foot counted
        // (144–159, centre 152) it would not be.
        game.paddle.position = 144 + 47
        game.ball.x = (150 + 49) << 8
        #expect(BallFollower.action(for: screen(game), in: "Breakout") == 2)
    }

    /// Pong: up (RIGHT) to a ball above, down (LEFT) to one below, NOOP level or with no ball.
    @Test func pongSteersLevelWithTheBall() {
        var game = PongGame()
        #expect(BallFollower.action(for: screen(game), in: "Pong") == 0)
        (game.ball.inPlay, game.ball.x) = (true, 80 + 49)
        for (ballRow, action) in [(60, 2), (160, 3)] {
            game.ball.y = ballRow + 14
            #expect(BallFollower.action(for: screen(game), in: "Pong") == action, "ball at row \(ballRow)")
        }
        game.ball.y = game.agentDrawnTop + 6 + 14  // centre 8 rows down, as the paddle's
        #expect(BallFollower.action(for: screen(game), in: "Pong") == 0)
        #expect(!BallFollower.plays("CartPole-v1") && BallFollower.action(for: screen(game), in: "CartPole-v1") == nil)
    }
}
