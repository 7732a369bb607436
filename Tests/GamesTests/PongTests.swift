import Testing
@testable import Games
import Gym
import Randomness

/// Loops over frames stop here, so that a game that never ends fails a test rather than hanging it.
private let frameCap = 200_000

/// The agent's action set, by name, so tests read as play.
private enum Act: Int { case noop = 0, fire, right, left, rightFire, leftFire }

/// A policy that moves the agent's paddle toward the ball's row, read from the state vector
/// (see `PongStateVector.swift`), holding still within two rows; with `fire`, it holds FIRE
/// too, which speeds up its returns.
private func trackingAction(_ state: [Float], fire: Bool = false) -> Int {
    guard state[6] == 1 else { return Act.noop.rawValue }
    let paddleCentre = 24 + state[0] * 166 + 8, ballCentre = 29 + state[3] * 165 + 2
    if paddleCentre < ballCentre - 2 { return (fire ? Act.leftFire : Act.left).rawValue }
    if paddleCentre > ballCentre + 2 { return (fire ? Act.rightFire : Act.right).rawValue }
    return (fire ? Act.fire : Act.noop).rawValue
}

/// A game in mid-rally: the ball at screen column `x`, row `y`, moving (`dx`, `dy`), drawn there
/// the frame before; the computer's paddle top at `opponentTop`.
private func rally(x: Int, y: Int, dx: Int, dy: Int, opponentTop: Int = 100) -> PongGame {
    var game = PongGame()
    (game.ball.x, game.ball.y, game.ball.dx, game.ball.dy, game.ball.inPlay) = (x + 49, y + 14, dx, dy, true)
    game.opponentPaddle = opponentTop + 15
    game.picture = PongGame.Picture(ball: (x, y), agentTop: game.agentDrawnTop, opponentTop: game.opponentTop)
    return game
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

    /// RIGHT moves the paddle up and LEFT down, the FIRE variants alike; FIRE alone does not move
    /// it. Held, the paddle stops at rows 24 and 189 (under the bars).
    @Test func rightMovesThePaddleUpAndLeftDown() {
        var generator = SeededGenerator(seed: 0)
        let start = PongGame()
        func held(_ action: AtariAction, frames: Int = 12) -> PongGame {
            var game = start
            for _ in 0..<frames { _ = game.advanceFrame(action, using: &generator) }
            return game
        }
        #expect(held(.right).agentTop < start.agentTop - 20 && held(.left).agentTop > start.agentTop + 20)
        #expect(held(.noop).agentTop == start.agentTop && held(.fire).agentTop == start.agentTop)
        #expect(held(.rightFire).agentTop == held(.right).agentTop && held(.leftFire).agentTop == held(.left).agentTop)
        // Let go, it coasts a few pixels, then stops.
        var coasting = held(.right)
        let released = coasting.agentTop
        for _ in 0..<20 { _ = coasting.advanceFrame(.noop, using: &generator) }
        #expect(coasting.agentTop < released)
        let settled = coasting.agentTop
        for _ in 0..<10 { _ = coasting.advanceFrame(.noop, using: &generator) }
        #expect(coasting.agentTop == settled)
        #expect(held(.right, frames: 100).agentTop == 24 && held(.left, frames: 100).agentTop == 189)
    }

    // MARK: Scoring

    @Test func rewardIsPlusOneForTheAgentsPointsMinusOneForTheComputers() {
        var generator = SeededGenerator(seed: 0)
        // The ball past the agent's paddle, near the right edge: the computer scores.
        var lost = rally(x: 150, y: 40, dx: 2, dy: 0)
        var rewards: [Int] = []
        for _ in 0..<20 where lost.ball.inPlay { rewards.append(lost.advanceFrame(.noop, using: &generator)) }
        #expect(rewards.last == -1 && rewards.dropLast().allSatisfy { $0 == 0 })
        #expect(lost.opponentScore == 1 && lost.agentScore == 0)
        // Past the computer's paddle on the left: the agent scores.
        var won = rally(x: 10, y: 180, dx: -2, dy: 0, opponentTop: 40)
        rewards = []
        for _ in 0..<20 where won.ball.inPlay { rewards.append(won.advanceFrame(.noop, using: &generator)) }
        #expect(rewards.last == 1 && rewards.dropLast().allSatisfy { $0 == 0 })
        #expect(won.agentScore == 1 && won.opponentScore == 0)
        // The next serve comes 63 frames later, toward the side that lost the point.
        var frames = 0
        while !won.ball.inPlay && frames < 100 { _ = won.advanceFrame(.noop, using: &generator); frames += 1 }
        #expect(frames == 63 && won.ball.dx == -1 && abs(won.ball.dy) == 1 && won.ball.screenX == 78)
        // Over a whole game, every reward is a point and the return is the score difference.
        var game = PongGame(), actions = SeededGenerator(seed: 9)
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
        // The agent's 21st point ends it as well.
        var nearlyWon = rally(x: 10, y: 180, dx: -2, dy: 0, opponentTop: 40)
        nearlyWon.agentScore = 20
        var generator = SeededGenerator(seed: 0)
        for _ in 0..<100 where !nearlyWon.isOver { _ = nearlyWon.advanceFrame(.noop, using: &generator) }
        #expect(nearlyWon.agentScore == 21 && nearlyWon.opponentScore == 0)
        #expect(!PongGame().isOver)
    }

    // MARK: Play

    /// As on the ALE (−20.3 a game under the usual preprocessing), a random agent loses nearly
    /// every point, a game lasting 3,000–4,000 frames (pong_points.json: 3,056 to 3,823).
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
            #expect((3000...4500).contains(frames), "game \(game) lasted \(frames) frames")
            try env.reset()
        }
    }

    /// The computer is beatable: a tracker holding FIRE speeds the ball up and wins points.
    @Test func aTrackingAgentWithFireScoresAgainstTheComputer() throws {
        let env = PongState()
        try env.reset(seed: 7)
        var outcome = StepOutcome(reward: 0, terminated: false), fastest = 0
        for _ in 0..<frameCap where !outcome.terminated {
            outcome = try env.step(trackingAction(env.observation(), fire: true))
            fastest = max(fastest, abs(env.game.ball.dx))
        }
        #expect(outcome.terminated, "a game ends within \(frameCap) frames")
        #expect(env.game.agentScore >= 5 && fastest == 4)
    }

    /// The computer, 2 pixels a frame but for every 8th, keeps up with a ball climbing or
    /// falling 1 pixel a frame, and not always with one at 2 (pong_opponent.json).
    @Test func steepReturnsCanBeatTheComputerAndGentleOnesCannot() {
        func computerMisses(dy: Int, startRow: Int) -> Bool {
            var game = rally(x: 120, y: startRow, dx: -1, dy: dy, opponentTop: startRow - 1)
            var generator = SeededGenerator(seed: 0)
            for _ in 0..<400 {
                let reward = game.advanceFrame(.noop, using: &generator)
                if reward != 0 { return reward > 0 }
                if game.ball.dx > 0 { return false }
            }
            return false
        }
        #expect((40...180).allSatisfy { !computerMisses(dy: $0 < 110 ? 1 : -1, startRow: $0) })
        #expect((40...180).contains { computerMisses(dy: $0 < 110 ? 2 : -2, startRow: $0) })
    }

    /// Off either paddle, the slope is set by the ball's place along it in 4-row zones
    /// (pong_angles.json's table): up 2 off the top, straight off the middle zone, down 2 off
    /// the bottom.
    @Test func theReturnSlopeFollowsTheZoneTheBallMeets() {
        let table: [(d: Int, dy: Int)] = [(-4, -3), (-3, -2), (0, -2), (1, -1), (4, -1), (5, 0), (8, 0), (9, 1), (12, 1), (13, 2), (16, 2)]
        for (d, dy) in table { #expect(PongGame.returnSlope(ballY: 100 + d, paddle: 100) == dy, "d = \(d)") }
        // Through play: a ball meeting the agent's paddle level with its middle zone goes back straight.
        var game = rally(x: 137, y: 0, dx: 1, dy: 0)
        (game.ball.y, game.picture!.ball!.y) = (game.agentPaddle + 6, game.agentTop + 6)
        var generator = SeededGenerator(seed: 0)
        for _ in 0..<4 where game.ball.dx > 0 { _ = game.advanceFrame(.noop, using: &generator) }
        #expect(game.ball.dx == -1 && game.ball.dy == 0)
    }

    /// A return made with FIRE held in the frame before speeds the ball up a pixel a frame, up
    /// to 4; a return without it keeps the speed; the computer's never change it.
    @Test func fireSpeedsUpTheAgentsReturns() {
        func returned(dx: Int, fire: Bool) -> Int {
            var game = rally(x: 139, y: 0, dx: dx, dy: 0)
            (game.ball.y, game.picture!.ball!.y) = (game.agentPaddle + 6, game.agentTop + 6)
            game.firedLastFrame = fire
            var generator = SeededGenerator(seed: 0)
            _ = game.advanceFrame(fire ? .fire : .noop, using: &generator)
            return game.ball.dx
        }
        #expect(returned(dx: 1, fire: true) == -2 && returned(dx: 3, fire: true) == -4 && returned(dx: 4, fire: true) == -4)
        #expect(returned(dx: 1, fire: false) == -1 && returned(dx: 3, fire: false) == -3)
    }

    /// Pong draws nothing at random: the same actions give the same game, whatever the seed.
    @Test func theActionsAloneMakeTheGame() throws {
        let a = PongState(), b = PongState()
        try a.reset(seed: 5)
        try b.reset(seed: 6)
        var actions = SeededGenerator(seed: 1)
        var outcome = StepOutcome(reward: 0, terminated: false), t = 0
        while !outcome.terminated && t < frameCap {
            let action = a.actionSpace.sample(using: &actions)
            outcome = try a.step(action)
            #expect(try b.step(action) == outcome)
            t += 1
        }
        #expect(outcome.terminated && a.game == b.game)
    }

    // MARK: Observations

    @Test func theFrameHasPongsColoursWhereThePiecesAre() throws {
        let env = Pong()
        try env.reset(seed: 2)
        // Play until the ball is in play and clear of the paddles.
        for _ in 0..<300 where !(env.game.ball.inPlay && (40...120).contains(env.game.ball.screenX)) {
            _ = try env.step(Act.left.rawValue)
        }
        try #require(env.game.ball.inPlay && (40...120).contains(env.game.ball.screenX))
        let frame = RGBFrame(width: 160, height: 210, pixels: env.observation())
        let field = (UInt8(144), UInt8(72), UInt8(17)), white = (UInt8(236), UInt8(236), UInt8(236))
        let green = (UInt8(92), UInt8(186), UInt8(92)), orange = (UInt8(213), UInt8(130), UInt8(74))
        let game = env.game, ballX = game.ball.screenX, ballY = game.ball.screenY
        for x in [0, 80, 159] {
            for y in [24, 33, 194, 209] { #expect(frame[x, y] == white, "bar at (\(x), \(y))") }
            for y in [23, 34, 193] where !(ballX...(ballX + 1)).contains(x) { #expect(frame[x, y] != white, "no bar at (\(x), \(y))") }
        }
        let agentRows = max(game.agentDrawnTop, 34)..<min(game.agentDrawnTop + 16, 194)
        #expect(!agentRows.isEmpty)
        for x in 140...143 { for y in agentRows { #expect(frame[x, y] == green) } }
        #expect(frame[139, agentRows.lowerBound] == field && frame[144, agentRows.lowerBound] == field)
        let opponentRows = max(game.opponentTop, 34)..<min(game.opponentTop + 16, 194)
        for x in 16...19 { for y in opponentRows { #expect(frame[x, y] == orange) } }
        for x in ballX...(ballX + 1) { for y in ballY..<(ballY + 4) { #expect(frame[x, y] == white) } }
        #expect(frame[ballX + 2, ballY] == field)
        // The scores: the computer's in orange on the left, the agent's in green on the right.
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
            colours.insert(Int(frame.pixels[i]) << 16 | Int(frame.pixels[i + 1]) << 8 | Int(frame.pixels[i + 2]))
        }
        #expect(colours == [0x904811, 0xECECEC, 0x5CBA5C, 0xD5824A])
    }

    /// The state vector and the pixels tell the same story: where the state says the paddles
    /// and the ball are, the frame shows them (where the bars do not hide them).
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
            let agentTop = Int((24 + s[0] * 166).rounded()), opponentTop = Int((-15 + s[1] * 209).rounded())
            #expect(agentTop == env.game.agentTop && opponentTop == env.game.opponentTop, "step \(t)")
            let agentMiddle = env.game.agentDrawnTop + 8
            if (34..<194).contains(agentMiddle) { #expect(frame[141, agentMiddle] == (92, 186, 92), "step \(t)") }
            if (34..<194).contains(opponentTop + 8) { #expect(frame[17, opponentTop + 8] == (213, 130, 74), "step \(t)") }
            if s[6] == 1 {
                let x = Int((s[2] * 160).rounded()), y = Int((29 + s[3] * 165).rounded())
                if (0..<159).contains(x) && (34..<190).contains(y) && x < 126 {
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
        var seen = (fastest: Float(0), inPlay: false)
        // A random game, then a tracking one holding FIRE, whose returns reach the fastest balls.
        for policy in 0..<2 {
            var outcome = StepOutcome(reward: 0, terminated: false)
            for _ in 0..<frameCap where !outcome.terminated {
                let s = env.observation()
                outcome = try env.step(policy == 0 ? env.actionSpace.sample(using: &actions) : trackingAction(s, fire: true))
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
        #expect(seen.inPlay && seen.fastest == 1)
    }
}
