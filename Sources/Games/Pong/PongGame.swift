import Gym
import Randomness

/// Pong as the Arcade Learning Environment plays it (the 2600's Video Olympics, game 1): the
/// agent's green paddle on the right against the computer's orange one on the left, first to
/// 21 wins. Reward +1 for each of the agent's points and −1 for each of the computer's, so a
/// game's return runs from −21 to +21 as on the ALE; `lives` is 0, as the ALE reports for Pong.
///
/// The joystick turns ALE Pong's paddle controller: RIGHT moves the paddle up, LEFT down, and
/// FIRE does nothing, since serves come by themselves a second after each point, toward the
/// side that lost it (the manual's rule for games against the computer). The first serve of
/// a game goes either way, at random.
///
/// Pieces move in whole sixteenths of a pixel (see `PongLayout`), and every random draw
/// (the first serve, where serves start and slope, the computer's pauses and aim) comes from
/// the generator handed in, so a seed and the actions replay a game exactly.
public struct PongGame: AtariGame, Equatable {
    public static let name = "Pong"
    /// The ALE's minimal action set for Pong, in its order.
    public static let minimalActions: [AtariAction] = [.noop, .fire, .right, .left, .rightFire, .leftFire]
    public static let palette = PongColor.palette
    /// The first side to 21 wins.
    public static let winningScore = 21
    /// Frames between a point and the next serve (and before the first): one second.
    public static let servePause = 60

    public var agent: PongPaddle
    public var opponent: PongOpponent
    public var ball: PongBall
    public var agentScore: Int
    public var opponentScore: Int
    /// Frames until the next serve while the ball is out of play.
    public var serveCountdown: Int
    /// Whether the next serve goes toward the agent.
    public var servesTowardAgent: Bool
    /// Returns made in the current rally; the ball speeds up with them.
    public var rallyReturns: Int

    public init() {
        agent = .centered
        opponent = PongOpponent()
        ball = .waiting
        (agentScore, opponentScore, rallyReturns) = (0, 0, 0)
        serveCountdown = Self.servePause
        servesTowardAgent = true
    }

    /// Lives are not a thing in Pong: the ALE's `lives()` is 0.
    public var lives: Int { 0 }

    public var isOver: Bool { agentScore >= Self.winningScore || opponentScore >= Self.winningScore }

    public mutating func reset(using generator: inout SeededGenerator) {
        self = PongGame()
        servesTowardAgent = generator.nextInt(below: 2) == 0
    }

    public mutating func advanceFrame(_ action: AtariAction, using generator: inout SeededGenerator) -> Int {
        guard !isOver else { return 0 }
        agent.steer(action.pushesRight ? -1 : action.pushesLeft ? 1 : 0)
        opponent.follow(ball)
        guard ball.inPlay else {
            serveCountdown -= 1
            if serveCountdown <= 0 { serve(using: &generator) }
            return 0
        }
        let before = ball
        ball.move()
        returnOffPaddles(from: before, using: &generator)
        if ball.column >= AtariScreen.width {
            endPoint(wonByAgent: false)
            return -1
        }
        if ball.column + PongLayout.ballWidth <= 0 {
            endPoint(wonByAgent: true)
            return 1
        }
        return 0
    }

    /// A ball whose leading side crossed a paddle's face this frame, level with the paddle,
    /// goes back. Testing the crossing rather than the overlap keeps a fast ball from passing
    /// through, and lets one that slipped past the face go on out.
    private mutating func returnOffPaddles(from before: PongBall, using generator: inout SeededGenerator) {
        let scale = PongLayout.subpixels
        if ball.dx > 0 {
            let face = PongLayout.agentPaddleColumn * scale
            let leadBefore = before.x + PongLayout.ballWidth * scale, lead = ball.x + PongLayout.ballWidth * scale
            guard leadBefore <= face, lead > face,
                  let zone = PongBall.zone(ballRow: ball.row, paddleTopRow: agent.topRow) else { return }
            ball.bounce(offFace: PongLayout.agentPaddleColumn, direction: -1, zone: zone, rallyReturns: rallyReturns)
            rallyReturns += 1
            opponent.react(using: &generator)
        } else if ball.dx < 0 {
            let faceColumn = PongLayout.opponentPaddleColumn + PongLayout.paddleWidth
            let face = faceColumn * scale
            guard before.x >= face, ball.x < face,
                  let zone = PongBall.zone(ballRow: ball.row, paddleTopRow: opponent.paddle.topRow) else { return }
            ball.bounce(offFace: faceColumn, direction: 1, zone: zone, rallyReturns: rallyReturns)
            rallyReturns += 1
        }
    }

    /// Puts the ball in play from the middle, toward `servesTowardAgent`'s side, from a random
    /// row at a random one of the gentler angles.
    private mutating func serve(using generator: inout SeededGenerator) {
        let rows = PongLayout.ballTopRange
        let margin = 16
        let row = rows.lowerBound + margin + generator.nextInt(below: rows.count - 2 * margin)
        // One of −2, −1, +1, +2, without an array (a frame allocates nothing).
        let draw = generator.nextInt(below: 4)
        let zone = draw < 2 ? draw - 2 : draw - 1
        let direction = servesTowardAgent ? 1 : -1
        ball = PongBall(x: PongLayout.serveColumn * PongLayout.subpixels, y: row * PongLayout.subpixels,
                        dx: direction * PongBall.serveSpeed, dy: PongBall.serveSpeed * zone / 2, inPlay: true)
        rallyReturns = 0
    }

    private mutating func endPoint(wonByAgent: Bool) {
        if wonByAgent { agentScore += 1 } else { opponentScore += 1 }
        ball = .waiting
        serveCountdown = Self.servePause
        servesTowardAgent = !wonByAgent
        rallyReturns = 0
    }
}

/// Pong on screen, 210 × 160 RGB frames, one frame a step: the ALE's PongNoFrameskip.
public typealias Pong = AtariEnvironment<PongGame, ScreenPixels>
/// Pong observed through its state vector (see `PongGame.stateLow`).
public typealias PongState = AtariEnvironment<PongGame, StateVector>
