import Gym
import Randomness

/// Pong as the Arcade Learning Environment plays it (the 2600's Video Olympics, game 1), frame
/// for frame: the agent's green paddle on the right against the computer's orange one on the
/// left, first to 21 wins. Reward +1 for each of the agent's points and −1 for each of the
/// computer's, so a game's return runs from −21 to +21 as on the ALE; `lives` is 0, as the ALE
/// reports for Pong. Every rule below was measured on ale-py 0.12.1 and read from the
/// cartridge's program by Tests/GamesTests/Fixtures/ALE/measure_pong.py, whose integer model
/// matched the emulator's memory on every recorded frame; the tests replay its recordings here.
///
/// - The agent's paddle is a paddle controller the joystick turns (`PaddleController`; RIGHT
///   moves the paddle up): the game reads it every other frame and moves the paddle half the
///   way there, so it starts late, eases in and coasts after the joystick is let go.
/// - The computer moves 2 pixels a frame, resting every 8th frame, to put its top one row above
///   the ball's: a return steep enough (2 pixels a frame up or down) can outrun it.
/// - The ball moves whole pixels: 1 across at every serve, 1 more (up to 4) for each return the
///   agent makes with FIRE held in the frame before; the 4-row zone of the paddle it comes off
///   sets its slope. Collisions are the 2600's: what the last frame drew overlapping.
/// - Serves come by themselves, 58 frames into a game and 63 after each point, from the middle
///   toward the side that lost the point (the first toward the computer).
///
/// Nothing is random: the game draws nothing from the generator, as the 2600's draws nothing,
/// so the no-ops before play and the agent's own actions make every game.
public struct PongGame: AtariGame, Equatable {
    public static let name = "Pong"
    /// The ALE's minimal action set for Pong, in its order.
    public static let minimalActions: [AtariAction] = [.noop, .fire, .right, .left, .rightFire, .leftFire]
    public static let palette = PongColor.palette
    /// The first side to 21 wins.
    public static let winningScore = 21

    public internal(set) var ball = PongBall()
    public internal(set) var agentScore = 0
    public internal(set) var opponentScore = 0
    public internal(set) var controller = PaddleController()
    /// The agent's paddle, in the game's units (its screen top row plus 14), and where the
    /// game's last reading of the controller puts it next.
    public internal(set) var agentPaddle = 109
    var smoothedPaddle = 109
    /// The computer's paddle, in the game's units (its screen top row plus 15).
    public internal(set) var opponentPaddle = 22
    /// Counts frames, modulo 256: the computer rests when it is a multiple of 8, the
    /// controller is read when it is odd.
    var frameCounter = 71
    /// Frames until the serve while the ball is out of play.
    public internal(set) var serveCountdown = 59
    /// The agent scored or hit the ball last (true at the start: the first serve goes to the computer).
    var agentTouchedLast = true
    /// The last frame's joystick pressed FIRE: the game reads the button a frame late.
    var firedLastFrame = false
    /// What the last frame drew, which this frame's collisions read.
    var picture: Picture?

    struct Picture: Equatable {
        var ball: (x: Int, y: Int)?
        var agentTop: Int
        var opponentTop: Int

        static func == (a: Picture, b: Picture) -> Bool {
            a.ball?.x == b.ball?.x && a.ball?.y == b.ball?.y && a.agentTop == b.agentTop && a.opponentTop == b.opponentTop
        }
    }

    public init() {}

    /// Lives are not a thing in Pong: the ALE's `lives()` is 0.
    public var lives: Int { 0 }
    public var isOver: Bool { agentScore >= Self.winningScore || opponentScore >= Self.winningScore }

    /// The agent's paddle's top row as the game computes it, and as drawn (the kernel draws it
    /// from even rows only); the computer's top row.
    public var agentTop: Int { agentPaddle - 14 }
    public var agentDrawnTop: Int { agentTop + (agentPaddle & 1) }
    public var opponentTop: Int { opponentPaddle - 15 }

    public mutating func reset(using generator: inout SeededGenerator) {
        self = PongGame()
    }

    public mutating func advanceFrame(_ action: AtariAction, using generator: inout SeededGenerator) -> Int {
        let fired = firedLastFrame
        firedLastFrame = action.fires
        controller.turn(action)
        var reward = 0
        if isOver {
            // Only the paddles move once a side has 21.
        } else if !ball.inPlay {
            serveCountdown -= 1
            if serveCountdown == 0 { serve() } else { ball.y = 0 }
        } else {
            reward = playBall(fired: fired)
        }
        agentPaddle = smoothedPaddle
        if frameCounter & 7 != 0 && opponentPaddle != ball.y { opponentPaddle += opponentPaddle < ball.y ? 2 : -2 }
        picture = Picture(ball: ball.inPlay ? (ball.screenX, ball.collisionTop) : nil, agentTop: agentDrawnTop, opponentTop: opponentTop)
        if frameCounter & 1 != 0 { smoothedPaddle = (smoothedPaddle + Self.reading(of: controller.resistance)) >> 1 }
        frameCounter = (frameCounter + 1) & 255
        return reward
    }

    /// The ball from the middle, toward the side that lost the point, 1 pixel a frame across and
    /// up or down as it last went; the computer's paddle jumps level with it.
    private mutating func serve() {
        ball.inPlay = true
        (ball.x, ball.y, opponentPaddle) = (128, 128, 128)
        ball.dy = ball.dy >= 0 ? 1 : -1
        ball.dx = agentTouchedLast ? -1 : 1
        ball.y += ball.dy
        ball.x += ball.dx
    }

    /// One frame of the ball in play: a point when it reaches either end (where it stays this
    /// frame), else a bounce off a bar, else a return off a paddle the last frame drew it
    /// touching; then it moves. Returns the reward.
    private mutating func playBall(fired: Bool) -> Int {
        // Within 52 of the screen's ends in the game's units: columns ≤ 3 or ≥ 156.
        if ball.x <= 52 || ball.x >= 205 {
            agentTouchedLast = ball.x < 128
            if agentTouchedLast { agentScore += 1 } else { opponentScore += 1 }
            (serveCountdown, ball.inPlay) = (63, false)
            return agentTouchedLast ? 1 : -1
        }
        // Into a bar (the ball's top row ≤ 31 or ≥ 192), the frame after it was drawn.
        if (ball.y <= 45 || ball.y >= 206) && picture?.ball != nil {
            ball.y += ball.y < 128 ? 1 : -1
            ball.dy = -ball.dy
        } else if let agentHit = touchedPaddle() {
            agentTouchedLast = agentHit
            if agentHit && fired { ball.dx = ball.dx > 0 ? min(ball.dx + 1, PongBall.maximumDX) : max(ball.dx - 1, -PongBall.maximumDX) }
            ball.dy = Self.returnSlope(ballY: ball.y, paddle: agentHit ? agentPaddle : opponentPaddle)
            if agentHit == (ball.dx > 0) { ball.dx = -ball.dx }
        }
        // The game keeps positions in bytes.
        ball.y = (ball.y + ball.dy) & 255
        ball.x = (ball.x + ball.dx) & 255
        return 0
    }

    /// The slope off a paddle, by the ball's place along it in 4-row zones (pong_angles.json:
    /// exact for every one of 1,804 recorded returns): d = the ball's row less the paddle's in
    /// the game's units, which is −3 … 16 for the agent and −4 … 14 for the computer; the top
    /// zones send the ball up 2 (3 off the computer's very top), the bottom ones down 2.
    static func returnSlope(ballY: Int, paddle: Int) -> Int {
        ((ballY - paddle + 3) >> 2) - 2
    }

    /// The paddle the last frame drew overlapping the ball: true the agent's, false the
    /// computer's, nil neither (the agent's is tested first).
    private func touchedPaddle() -> Bool? {
        guard let picture, let drawn = picture.ball else { return nil }
        func overlaps(column: Int, top: Int) -> Bool {
            drawn.x + PongLayout.ballWidth - 1 >= column && drawn.x <= column + PongLayout.paddleWidth - 1
                && drawn.y + PongLayout.ballHeight - 1 >= top && drawn.y <= top + PongLayout.paddleHeight - 1
        }
        if overlaps(column: PongLayout.agentPaddleColumn, top: picture.agentTop) { return true }
        if overlaps(column: PongLayout.opponentPaddleColumn, top: picture.opponentTop) { return false }
        return nil
    }

    /// The game's reading of the controller: where it puts the paddle, in the game's units, an
    /// even number from 38 to 204 (pong_paddle.json's pot_table: Stella's charge time of the
    /// paddle's capacitor, counted in pairs of scanlines).
    static func reading(of resistance: Int) -> Int {
        max(38, 2 * ((resistance * 1904 / 100_000 + 591) / 152))
    }
}

/// Pong on screen, 210 × 160 RGB frames, one frame a step: the ALE's PongNoFrameskip.
public typealias Pong = AtariEnvironment<PongGame, ScreenPixels>
/// Pong observed through its state vector (see `PongGame.stateLow`).
public typealias PongState = AtariEnvironment<PongGame, StateVector>
