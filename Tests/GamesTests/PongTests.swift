import Testing
import Games
import Gym
import Randomness

/// Loops over frames stop here, so that a game that never ends fails a test rather than hanging it.
private let frameCap = 200_000

/// The agent's action set, by name, so tests read as play.
private enum Act: Int { case noop = 0, fire, right, left, rightFire, leftFire }

/// A policy that moves the agent's paddle toward the ball's row, read from the state vector
/// (see `PongStateVector.swift`), and holds still within two rows.
private func trackingAction(_ state: [Float]) -> Int {
    guard state[6] == 1 else { return Act.noop.rawValue }
    let paddleCentre = 34 + state[0] * 144 + 8, ballCentre = 34 + state[3] * 156 + 2
    if paddleCentre < ballCentre - 2 { return Act.left.rawValue }
    if paddleCentre > ballCentre + 2 { return Act.right.rawValue }
    return Act.noop.rawValue
}

/// A game in mid-rally: the ball one frame before it meets the agent's paddle face at column
/// 140, going straight across at `speed`, the agent's paddle still with its top at `paddleTop`,
/// the computer's paddle resting in the middle.
private func ballAboutToReachAgent(ballRow: Int, paddleTop: Int, speed: Int = 24, rallyReturns: Int = 0) -> PongGame {
    var game = PongGame()
    game.ball = PongBall(x: 137 * 16, y: ballRow * 16, dx: speed, dy: 0, inPlay: true)
    game.agent = PongPaddle(top: paddleTop * 16)
    game.rallyReturns = rallyReturns
    return game
}

/// Plays NOOP until the point ends or the computer returns the ball: true when it missed.
private func computerMisses(_ game: PongGame, seed: UInt64) -> Bool {
    var game = game, generator = SeededGenerator(seed: seed)
    var returned = false
    for _ in 0..<400 {
        let reward = game.advanceFrame(.noop, using: &generator)
        if reward != 0 { return reward > 0 }
        if game.ball.dx < 0 { returned = true }
        if returned, game.ball.dx > 0 { return false }
    }
    Issue.record("the point neither ended nor came back in 400 frames")
    return false
}

@Suite struct PongTests {
    // MARK: The ALE's interface

    @Test func actionsAndSpacesAreTheALEs() throws {
        let env = Pong()
        #expect(env.id == "Pong")
        #expect(env.actionSpace == Discrete(6))
        #expect(env.actionMeanings == ["NOOP", "FIRE", "RIGHT", "LEFT", "RIGHTFIRE", "LEFTFIRE"])
        #expect(env.observationSpace.shape == [210, 160, 3])
        #expect(env.framesPerSecond == 60)
        let info = try env.reset(seed: 0)
        #expect(info.lives == 0)
        #expect(try env.step(Act.noop.rawValue).info.lives == 0)
        let state = PongState()
        #expect(state.id == "Pong-state")
        #expect(state.observationSpace.shape == [9])
    }

    @Test func registeredWithTheALEsFrameCap() throws {
        #expect(environments.ids.contains("Pong") && environments.ids.contains("Pong-state"))
        let pixels = try #require(try environments.make("Pong", renderMode: .rgbArray) as? TimeLimit<Pong>)
        let state = try #require(try environments.make("Pong-state") as? TimeLimit<PongState>)
        #expect(pixels.maxEpisodeSteps == 108_000 && state.maxEpisodeSteps == 108_000)
        #expect(pixels.renderMode == .rgbArray && state.renderMode == .none)
        try pixels.reset(seed: 1)
        let frame = try #require(pixels.render())
        #expect(frame.width == 160 && frame.height == 210)
        #expect(frame.pixels == pixels.observation(), "the render and the observation are the same picture")
    }

    // MARK: Controls

    @Test func rightMovesThePaddleUpAndLeftDown() {
        var generator = SeededGenerator(seed: 0)
        var game = PongGame()
        game.reset(using: &generator)
        let start = game.agent.top
        var up = game, down = game, still = game, fire = game
        var upFire = game, downFire = game
        for _ in 0..<10 {
            var g = generator
            _ = up.advanceFrame(.right, using: &g)
            g = generator; _ = down.advanceFrame(.left, using: &g)
            g = generator; _ = still.advanceFrame(.noop, using: &g)
            g = generator; _ = fire.advanceFrame(.fire, using: &g)
            g = generator; _ = upFire.advanceFrame(.rightFire, using: &g)
            g = generator; _ = downFire.advanceFrame(.leftFire, using: &g)
        }
        #expect(up.agent.top < start - 10 * 16, "RIGHT moves up (rows count down)")
        #expect(down.agent.top > start + 10 * 16, "LEFT moves down")
        #expect(still.agent.top == start)
        // FIRE does nothing in Pong; the fire variants move as their directions do.
        #expect(fire == still && upFire == up && downFire == down)
        // The paddle keeps a little momentum once let go, then stops.
        var coasting = up
        _ = coasting.advanceFrame(.noop, using: &generator)
        #expect(coasting.agent.top < up.agent.top)
        for _ in 0..<10 { _ = coasting.advanceFrame(.noop, using: &generator) }
        #expect(coasting.agent.velocity == 0)
        // Held long enough, the paddle stops at the top bar and at the bottom one.
        for _ in 0..<100 { _ = up.advanceFrame(.right, using: &generator) }
        for _ in 0..<100 { _ = down.advanceFrame(.left, using: &generator) }
        #expect(up.agent.topRow == 34 && down.agent.topRow == 194 - 16)
    }

    // MARK: Scoring

    @Test func rewardIsPlusOneForTheAgentsPointsMinusOneForTheComputers() {
        // The ball about to leave on the agent's side: the computer scores.
        var generator = SeededGenerator(seed: 0)
        var lost = ballAboutToReachAgent(ballRow: 40, paddleTop: 160)
        var rewards: [Int] = []
        for _ in 0..<100 where lost.ball.inPlay { rewards.append(lost.advanceFrame(.noop, using: &generator)) }
        #expect(rewards.last == -1 && rewards.dropLast().allSatisfy { $0 == 0 })
        #expect(lost.opponentScore == 1 && lost.agentScore == 0)
        // Past the computer's paddle on the left: the agent scores.
        var won = PongGame()
        won.ball = PongBall(x: 10 * 16, y: 180 * 16, dx: -24, dy: 0, inPlay: true)
        rewards = []
        for _ in 0..<100 where won.ball.inPlay { rewards.append(won.advanceFrame(.noop, using: &generator)) }
        #expect(rewards.last == 1 && rewards.dropLast().allSatisfy { $0 == 0 })
        #expect(won.agentScore == 1 && won.opponentScore == 0)
        // Over a whole game, every reward is a point and the return is the score difference.
        var game = PongGame(), actions = SeededGenerator(seed: 9)
        game.reset(using: &generator)
        var total = 0
        for _ in 0..<frameCap where !game.isOver {
            let before = (game.agentScore, game.opponentScore)
            let reward = game.advanceFrame(PongGame.minimalActions[actions.nextInt(below: 6)], using: &generator)
            #expect(reward == (game.agentScore - before.0) - (game.opponentScore - before.1))
            total += reward
        }
        #expect(game.isOver && total == game.agentScore - game.opponentScore)
    }

    @Test func theGameEndsWhenEitherSideReachesTwentyOne() throws {
        let env = PongState()
        try env.reset(seed: 3)
        var outcome = try env.step(Act.noop.rawValue)
        for _ in 0..<frameCap where !outcome.terminated {
            #expect(!env.game.isOver)
            outcome = try env.step(Act.noop.rawValue)
        }
        #expect(env.game.isOver && max(env.game.agentScore, env.game.opponentScore) == 21)
        #expect(outcome.reward != 0, "the last point ends the game")
        #expect(throws: EnvironmentError.stepAfterEpisodeEnd(environment: "Pong-state")) { try env.step(0) }
        // The game itself stands still once over.
        var over = env.game, generator = SeededGenerator(seed: 0)
        let frozen = over
        #expect(over.advanceFrame(.right, using: &generator) == 0 && over == frozen)
        // The agent's 21st point ends it as well.
        var nearlyWon = PongGame()
        nearlyWon.agentScore = 20
        nearlyWon.ball = PongBall(x: 10 * 16, y: 180 * 16, dx: -24, dy: 0, inPlay: true)
        for _ in 0..<100 where !nearlyWon.isOver { _ = nearlyWon.advanceFrame(.noop, using: &generator) }
        #expect(nearlyWon.agentScore == 21 && nearlyWon.opponentScore == 0)
        // 20 is not yet the end.
        #expect(!PongGame().isOver && !{ var g = PongGame(); g.opponentScore = 20; return g.isOver }())
    }

    // MARK: Play

    /// As on the ALE (about −20.7 a game), a random agent loses nearly every point, and a game
    /// lasts a few thousand frames.
    @Test func aRandomAgentLosesAlmostEveryPoint() throws {
        let env = PongState()
        var actions = SeededGenerator(seed: 42)
        try env.reset(seed: 42)
        for game in 0..<4 {
            var episodeReturn = 0.0, frames = 0
            var outcome = StepOutcome(reward: 0, terminated: false)
            while !outcome.terminated && frames < frameCap {
                outcome = try env.step(env.actionSpace.sample(using: &actions))
                episodeReturn += outcome.reward
                frames += 1
            }
            #expect(episodeReturn <= -15, "game \(game)")
            #expect(env.game.opponentScore == 21, "game \(game)")
            #expect((2000...6000).contains(frames), "game \(game) lasted \(frames) frames")
            try env.reset()
        }
    }

    /// The computer is beatable: following the ball wins points, as rallies speed up past what
    /// the computer can reach.
    @Test func aTrackingAgentScoresAgainstTheComputer() throws {
        let env = PongState()
        try env.reset(seed: 7)
        var outcome = StepOutcome(reward: 0, terminated: false)
        var longestRally = 0
        for _ in 0..<frameCap where !outcome.terminated {
            outcome = try env.step(trackingAction(env.observation()))
            longestRally = max(longestRally, env.game.rallyReturns)
        }
        #expect(outcome.terminated, "a game ends within \(frameCap) frames")
        #expect(env.game.agentScore >= 5)
        #expect(longestRally >= 10, "the tracking agent keeps rallies going")
    }

    /// A well-aimed return off the very edge of the paddle is steep and fast, and gets past the
    /// computer most of the time; one off the middle, at the same speed, never does.
    @Test func anEdgeReturnBeatsTheComputerAndACentreOneDoesNot() {
        var edgeWins = 0, edgeTrials = 0, centreWins = 0, centreTrials = 0
        for ballRow in stride(from: 50, through: 170, by: 4) {
            for seed in 0..<4 as Range<UInt64> {
                // Ball centre 9 rows above the paddle's (its top edge) and 9 below (its bottom edge).
                for paddleTop in [ballRow + 3, ballRow - 15] where (34...178).contains(paddleTop) {
                    edgeTrials += 1
                    if computerMisses(ballAboutToReachAgent(ballRow: ballRow, paddleTop: paddleTop), seed: seed) { edgeWins += 1 }
                }
                centreTrials += 1
                if computerMisses(ballAboutToReachAgent(ballRow: ballRow, paddleTop: ballRow - 6), seed: seed) { centreWins += 1 }
            }
        }
        #expect(edgeWins * 2 > edgeTrials, "edge returns won \(edgeWins) of \(edgeTrials)")
        #expect(centreWins == 0, "centre returns won \(centreWins) of \(centreTrials)")
    }

    /// The return angle follows where the ball meets the paddle: straight off the middle,
    /// steeper further out, up above the centre and down below it; and the edge is faster.
    @Test func theReturnAngleDependsOnWhereTheBallMeetsThePaddle() {
        var generator = SeededGenerator(seed: 0)
        func returned(offset: Int) -> PongBall {
            // offset: ball centre less paddle centre, in rows.
            var game = ballAboutToReachAgent(ballRow: 100, paddleTop: 100 + 2 - 8 - offset)
            _ = game.advanceFrame(.noop, using: &generator)
            return game.ball
        }
        let balls = (-9...9).map(returned)
        #expect(balls.allSatisfy { $0.dx < 0 }, "every contact row returns the ball")
        #expect(returned(offset: 0).dy == 0 && returned(offset: 1).dy == 0 && returned(offset: -1).dy == 0)
        let slopes = (0...9).map { returned(offset: $0).dy }
        #expect(zip(slopes, slopes.dropFirst()).allSatisfy { $0 <= $1 } && slopes.last! > slopes.first!)
        #expect((1...9).allSatisfy { returned(offset: -$0).dy == -returned(offset: $0).dy })
        #expect(returned(offset: 9).dx < returned(offset: 8).dx, "off the edge the ball goes faster")
        // Just off the paddle, the ball goes by.
        #expect(returned(offset: 10).dx > 0 && returned(offset: -10).dx > 0)
    }

    @Test func theBallSpeedsUpAlongARally() {
        var generator = SeededGenerator(seed: 0)
        var speeds: [Int] = []
        for returns in [0, 6, 12, 24, 60] {
            var game = ballAboutToReachAgent(ballRow: 100, paddleTop: 94, rallyReturns: returns)
            _ = game.advanceFrame(.noop, using: &generator)
            speeds.append(-game.ball.dx)
        }
        #expect(zip(speeds, speeds.dropFirst()).allSatisfy { $0 <= $1 } && speeds.last! > speeds.first!)
        #expect(speeds[3] == speeds[4], "up to a fastest speed")
    }

    @Test func sameSeedSameGameAnotherSeedAnother() throws {
        // A whole random game through the state vector, compared step by step.
        let a = PongState(), b = PongState(), c = PongState()
        try a.reset(seed: 5)
        try b.reset(seed: 5)
        try c.reset(seed: 6)
        var actions = SeededGenerator(seed: 1)
        var differed = false, outcome = StepOutcome(reward: 0, terminated: false), t = 0
        var firstDivergence: Int?
        while !outcome.terminated && t < frameCap {
            let action = a.actionSpace.sample(using: &actions)
            outcome = try a.step(action)
            if try b.step(action) != outcome || a.observation() != b.observation() { firstDivergence = firstDivergence ?? t }
            if !c.game.isOver { _ = try c.step(action) }
            if a.game != c.game { differed = true }
            t += 1
        }
        #expect(firstDivergence == nil)
        #expect(outcome.terminated && a.game == b.game)
        #expect(differed, "seed 6 plays another game")
        // The pixels, frame by frame, for the first serve and a little more.
        let x = Pong(), y = Pong()
        try x.reset(seed: 5)
        try y.reset(seed: 5)
        for t in 0..<60 {
            let action = x.actionSpace.sample(using: &actions)
            #expect(try x.step(action) == y.step(action) && x.observation() == y.observation(), "step \(t)")
        }
    }

    // MARK: Observations

    @Test func theFrameHasPongsColoursWhereThePiecesAre() throws {
        let env = Pong()
        try env.reset(seed: 2)
        // Play until the ball is in play and clear of the paddles.
        for _ in 0..<200 where !(env.game.ball.inPlay && (40...120).contains(env.game.ball.column)) {
            _ = try env.step(Act.right.rawValue)
        }
        try #require(env.game.ball.inPlay && (40...120).contains(env.game.ball.column))
        let frame = RGBFrame(width: 160, height: 210, pixels: env.observation())
        let field = (UInt8(144), UInt8(72), UInt8(17)), white = (UInt8(236), UInt8(236), UInt8(236))
        let green = (UInt8(92), UInt8(186), UInt8(92)), orange = (UInt8(213), UInt8(130), UInt8(74))
        for x in [0, 80, 159] {
            for y in [24, 33, 194, 209] { #expect(frame[x, y] == white, "bar at (\(x), \(y))") }
            for y in [23, 34, 193] where !(env.game.ball.column...(env.game.ball.column + 1)).contains(x) {
                #expect(frame[x, y] != white, "no bar at (\(x), \(y))")
            }
        }
        let game = env.game
        for x in 140...143 {
            for y in game.agent.topRow..<(game.agent.topRow + 16) { #expect(frame[x, y] == green) }
        }
        #expect(frame[139, game.agent.topRow] == field && frame[144, game.agent.topRow] == field)
        for x in 16...19 {
            for y in game.opponent.paddle.topRow..<(game.opponent.paddle.topRow + 16) { #expect(frame[x, y] == orange) }
        }
        for x in game.ball.column...(game.ball.column + 1) {
            for y in game.ball.row..<(game.ball.row + 4) { #expect(frame[x, y] == white) }
        }
        #expect(frame[game.ball.column + 2, game.ball.row] == field)
        // The scores, 0 and 0: the computer's in orange on the left, the agent's in green on the right.
        var orangeColumns: [Int] = [], greenColumns: [Int] = []
        for y in 0..<24 {
            for x in 0..<160 {
                if frame[x, y] == orange { orangeColumns.append(x) }
                if frame[x, y] == green { greenColumns.append(x) }
            }
        }
        #expect(!orangeColumns.isEmpty && orangeColumns.allSatisfy { $0 < 80 })
        #expect(!greenColumns.isEmpty && greenColumns.allSatisfy { $0 >= 80 })
        // Nothing but the four colours anywhere.
        var colours = Set<Int>()
        for i in stride(from: 0, to: frame.pixels.count, by: 3) {
            let (r, g, b) = (Int(frame.pixels[i]), Int(frame.pixels[i + 1]), Int(frame.pixels[i + 2]))
            colours.insert(r << 16 | g << 8 | b)
        }
        #expect(colours == [0x904811, 0xECECEC, 0x5CBA5C, 0xD5824A])
    }

    /// The state vector and the pixels tell the same story: where the state says the paddles
    /// and the ball are, the frame shows them.
    @Test func theStateVectorAgreesWithThePixels() throws {
        let env = PongState()
        let canvas = Canvas(width: 160, height: 210)
        try env.reset(seed: 11)
        var actions = SeededGenerator(seed: 12)
        var checked = 0
        for t in 0..<1500 {
            _ = try env.step(env.actionSpace.sample(using: &actions))
            guard t % 30 == 0 else { continue }
            let s = env.observation()
            env.game.draw(on: canvas)
            let frame = canvas.rgbFrame(palette: PongGame.palette)
            let agentTop = Int((34 + s[0] * 144).rounded(.down)), opponentTop = Int((34 + s[1] * 144).rounded(.down))
            #expect(frame[141, agentTop] == (92, 186, 92) && frame[141, agentTop + 15] == (92, 186, 92), "step \(t)")
            #expect(frame[141, agentTop - 1] != (92, 186, 92) && frame[141, agentTop + 16] != (92, 186, 92), "step \(t)")
            #expect(frame[17, opponentTop] == (213, 130, 74) && frame[17, opponentTop + 15] == (213, 130, 74), "step \(t)")
            if s[6] == 1 {
                let x = Int((s[2] * 160).rounded(.down)), y = Int((34 + s[3] * 156).rounded(.down))
                if (0..<159).contains(x) {
                    #expect(frame[x, y] == (236, 236, 236) && frame[x + 1, y + 3] == (236, 236, 236), "step \(t)")
                    checked += 1
                }
            }
        }
        #expect(checked > 10)
    }

    @Test func theStateVectorStaysWithinItsBounds() throws {
        let env = PongState()
        let space = env.observationSpace
        #expect(space.low == PongGame.stateLow && space.high == PongGame.stateHigh)
        try env.reset(seed: 4)
        #expect(env.observation()[6] == 0 && env.observation()[7] == 0 && env.observation()[8] == 0, "no ball, no score at the start")
        var actions = SeededGenerator(seed: 4)
        var outcome = StepOutcome(reward: 0, terminated: false)
        var seen = (fastest: Float(0), inPlay: false)
        // A random game, then a tracking one whose rallies reach the fastest balls.
        for policy in 0..<2 {
            outcome = StepOutcome(reward: 0, terminated: false)
            for _ in 0..<frameCap where !outcome.terminated {
                let s = env.observation()
                outcome = try env.step(policy == 0 ? env.actionSpace.sample(using: &actions) : trackingAction(s))
                let next = env.observation()
                guard space.contains(next) else {
                    Issue.record("state \(next) outside \(space)")
                    return
                }
                seen.fastest = max(seen.fastest, abs(next[4]), abs(next[5]))
                seen.inPlay = seen.inPlay || next[6] == 1
            }
            let last = env.observation()
            #expect(last[7] == 1 || last[8] == 1, "a score of 21 is 1")
            try env.reset()
        }
        #expect(seen.inPlay && seen.fastest > 0.5)
    }
}
