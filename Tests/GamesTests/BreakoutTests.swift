import Testing
@testable import Games
import Gym
import Randomness

@Suite struct BreakoutTests {
    /// A game past its opening animation with the ball at screen column `x`, game row `row`
    /// (screen row row + 8 or 9), moving `dx`, `dy` 1/256 pixels a frame.
    private func game(ballAt x: Int, row: Int, dx: Int, dy: Int) -> BreakoutGame {
        var game = BreakoutGame()
        game.buildFrames = -1
        (game.ball.x, game.ball.y, game.ball.dx, game.ball.dy) = ((x + 49) << 8, row << 8, dx, dy)
        return game
    }

    /// Plays NOOP frames until one scores; returns its points (nil if none did within `frames`).
    private func nextScore(_ game: inout BreakoutGame, within frames: Int = 300) -> Int? {
        var generator = SeededGenerator(seed: 0)
        for _ in 0..<frames {
            let points = game.advanceFrame(.noop, using: &generator)
            if points != 0 { return points }
        }
        return nil
    }

    /// Puts the paddle's left edge at screen column `x` (8 … 144) and keeps it there for the
    /// next frame: its reading says to stay.
    private func holdPaddle(_ game: inout BreakoutGame, at x: Int) {
        let position = min(max(x, 8), 144) + 47
        (game.paddle.position, game.paddle.reading) = (position, 235 - position)
    }

    /// Plays frames with the paddle held away from the ball until a ball is lost.
    private func loseABall(_ game: inout BreakoutGame) {
        var generator = SeededGenerator(seed: 0)
        let lives = game.lives
        for _ in 0..<2000 where game.lives == lives {
            holdPaddle(&game, at: game.ball.screenX > 80 ? 8 : 144)
            _ = game.advanceFrame(.noop, using: &generator)
        }
    }

    private func removeRows(_ rows: some Sequence<Int>, from game: inout BreakoutGame) {
        for row in rows { for column in 0..<BrickWall.columns { game.bricks.remove(row: row, column: column) } }
    }

    @Test func actionSetIsTheALEsMinimalOne() throws {
        let env = Breakout()
        #expect(env.actionMeanings == ["NOOP", "FIRE", "RIGHT", "LEFT"])
        #expect(env.actionSpace == Discrete(4))
        #expect(env.id == "Breakout" && BreakoutState().id == "Breakout-state")
        #expect(try env.reset(seed: 0).lives == 5)
    }

    /// Through real ball flight: with the rows below knocked out, the ball going up hits row
    /// `row` first, and scores 7, 7, 4, 4, 1, 1 from the top row down; a brick of the top three
    /// rows sends the ball to the top speed.
    @Test(arguments: zip(0..<6, [7, 7, 4, 4, 1, 1]))
    func eachRowScoresItsPoints(row: Int, points: Int) {
        var game = game(ballAt: 80, row: 150, dx: 256, dy: -384)
        removeRows(row + 1..<BrickWall.rows, from: &game)
        #expect(nextScore(&game) == points)
        #expect(game.score == points)
        #expect((0..<BrickWall.columns).filter { game.bricks.contains(row: row, column: $0) }.count == BrickWall.columns - 1)
        #expect(game.ball.dy > 0 && game.paddleWidth == 16)
        #expect(game.speedLevel == (row < 3 ? 16 : 0))
    }

    @Test func noopsAloneNeverServeAndFireDoes() throws {
        let env = BreakoutState()
        try env.reset(seed: 3)
        for _ in 0..<500 {
            let outcome = try env.step(0)
            #expect(outcome.reward == 0 && !outcome.isEpisodeOver)
        }
        #expect(!env.game.ball.isInPlay && env.observation()[6] == 0 && env.game.lives == 5)
        // The paddle moves while no ball is in play, and stops at 144 (sliding under the right
        // wall) and 8.
        for _ in 0..<100 { _ = try env.step(2) }
        #expect(env.game.paddleX == 144)
        for _ in 0..<100 { _ = try env.step(3) }
        #expect(env.game.paddleX == 8)
        _ = try env.step(1)
        #expect(env.game.ball.isInPlay && env.observation()[6] == 1)
    }

    /// A player that serves and then runs away from the ball loses all five balls, one at a
    /// time; every lost ball needs FIRE again, and the last one ends the episode with lives 0.
    @Test func losingFiveBallsEndsTheGame() throws {
        let env = BreakoutState()
        try env.reset(seed: 11)
        var livesSeen = [5]
        var outcome = StepOutcome(reward: 0, terminated: false)
        for _ in 0..<20_000 where !outcome.terminated {
            let action: Int
            if env.game.ball.isInPlay {
                action = env.game.ball.screenX + 1 > env.game.paddleX + env.game.paddleWidth / 2 ? 3 : 2
            } else {
                // No ball: waiting serves nothing.
                for _ in 0..<30 { _ = try env.step(0) }
                #expect(!env.game.ball.isInPlay)
                action = 1
            }
            outcome = try env.step(action)
            if let lives = outcome.info.lives, lives != livesSeen.last { livesSeen.append(lives) }
        }
        #expect(outcome.terminated && !outcome.truncated)
        #expect(livesSeen == [5, 4, 3, 2, 1, 0])
        #expect(env.game.lives == 0 && env.game.isOver)
        #expect(throws: EnvironmentError.stepAfterEpisodeEnd(environment: "Breakout-state")) { try env.step(1) }
    }

    /// A lost ball takes its speed-ups and the shrunk paddle with it: the next serve starts at
    /// 1 pixel a frame each way with a full paddle.
    @Test func everyServeStartsAtTheSlowestSpeed() {
        var game = game(ballAt: 80, row: 150, dx: 256, dy: -384)
        removeRows(1..<6, from: &game)
        #expect(nextScore(&game) == 7)
        #expect(game.speedLevel == 16)
        loseABall(&game)
        var generator = SeededGenerator(seed: 0)
        #expect(game.lives == 4 && !game.ball.isInPlay && game.speedLevel == 0 && game.paddleWidth == 16)
        _ = game.advanceFrame(.fire, using: &generator)
        #expect(game.ball.isInPlay && abs(game.ball.dx) == 256 && game.ball.dy == 256)
    }

    /// The back wall shrinks the paddle to 12 pixels, keeping its left edge, and the ball comes
    /// back down; the paddle stays shrunk and still reaches 144.
    @Test func paddleShrinksWhenTheBallReachesTheBackWall() {
        var game = game(ballAt: 80, row: 45, dx: 256, dy: -512)
        removeRows(0..<6, from: &game)
        let left = game.paddleX
        var generator = SeededGenerator(seed: 0)
        for _ in 0..<20 where game.ball.dy < 0 { _ = game.advanceFrame(.noop, using: &generator) }
        #expect(game.ball.dy > 0 && game.paddleWidth == 12 && game.paddleX == left)
        // Before the ball comes back down to be lost (which would widen the paddle again).
        for _ in 0..<30 { _ = game.advanceFrame(.right, using: &generator) }
        #expect(game.paddleWidth == 12 && game.paddleX == 144)
    }

    /// Knocking out the first wall leaves the ball in play; the second wall comes up the frame
    /// after the next paddle hit, and knocking it out too brings the total to 864, the 2600's
    /// perfect score (not the arcade machine's 896). The game goes on on the empty screen, as
    /// on the ALE, until the balls are lost.
    @Test func twoWallsScore864AndTheGameGoesOn() {
        var game = game(ballAt: 100, row: 170, dx: 256, dy: 256)
        for row in 0..<BrickWall.rows {
            for column in 0..<BrickWall.columns { game.score += game.knockOut(row: row, column: column) }
        }
        #expect(game.score == 432 && game.bricks.isCleared && game.wall == 1)
        var generator = SeededGenerator(seed: 0)
        for _ in 0..<40 where game.wall == 1 {
            holdPaddle(&game, at: game.ball.screenX)
            _ = game.advanceFrame(.noop, using: &generator)
        }
        #expect(game.wall == 2 && game.bricks == .full && game.ball.isInPlay)
        for row in 0..<BrickWall.rows {
            for column in 0..<BrickWall.columns { game.score += game.knockOut(row: row, column: column) }
        }
        #expect(game.score == 864 && !game.isOver && game.lives == 5)
        for _ in 0..<5 where !game.isOver {
            _ = game.advanceFrame(.fire, using: &generator)
            loseABall(&game)
        }
        #expect(game.isOver && game.score == 864 && game.wall == 2)
    }

    /// A perfect player clears both walls through the real ball flight: 864, with the game
    /// still going. Every frame it puts the paddle where the ball will be, meeting it at a spot
    /// drawn anew each time the ball turns, on a side drawn too, but sending it back toward the
    /// middle near a wall (a ball coming down by the left wall, at column 6 or 7, is out of the
    /// paddle's reach).
    @Test func aPerfectPlayerClearsBothWalls() {
        var game = BreakoutGame()
        var generator = SeededGenerator(seed: 1), spots = SeededGenerator(seed: 2)
        for _ in 0..<40 { _ = game.advanceFrame(.noop, using: &generator) }
        var pick = 0, total = 0, sawSecondWallInPlay = false, goingUp = false
        for _ in 0..<400_000 where total < 864 && !game.isOver {
            if !game.ball.isInPlay {
                total += game.advanceFrame(.fire, using: &generator)
                continue
            }
            let next = (game.ball.x + game.ball.dx) >> 8 - 49
            if (game.ball.dy < 0) != goingUp { (goingUp, pick) = (game.ball.dy < 0, spots.nextInt(below: 1000)) }
            // The ball's column less the paddle's picks the side the ball leaves to
            // (breakout_angles.json): these spots send it right, those left; either at random
            // but toward the middle near a wall.
            let right = next < 24 || (next <= 128 && pick / 500 == 0)
            let spot = switch (right, game.isPaddleShrunk) {
            case (true, false): 7 + pick % 9
            case (true, true): 5 + pick % 7
            case (false, false): -1 + pick % 7
            case (false, true): -1 + pick % 5
            }
            holdPaddle(&game, at: next - spot)
            total += game.advanceFrame(.noop, using: &generator)
            if game.wall == 2 && game.ball.isInPlay { sawSecondWallInPlay = true }
        }
        #expect(total == 864 && game.score == 864 && !game.isOver, "score \(total), lives \(game.lives), wall \(game.wall), \(game.bricks.standing) bricks left")
        #expect(sawSecondWallInPlay && game.bricks.isCleared && game.lives == 5)
    }

    /// Breakout draws nothing from the generator: where a serve starts comes from the frame
    /// counter, so the no-ops before FIRE (the preprocessing's random no-ops) pick one of four.
    @Test func theFrameCounterPicksTheServe() throws {
        var serves = Set<[Int]>()
        for noops in 0..<8 {
            for seed in [1, 2] as [UInt64] {
                var game = BreakoutGame(), generator = SeededGenerator(seed: seed)
                for _ in 0..<noops { _ = game.advanceFrame(.noop, using: &generator) }
                _ = game.advanceFrame(.fire, using: &generator)
                serves.insert([noops % 4, game.ball.screenX, game.ball.dx.signum()])
            }
        }
        #expect(serves == [[0, 78, -1], [1, 80, 1], [2, 142, -1], [3, 16, 1]])
    }

    /// Bricks appear in their row's colour in rows 57–92, between gray walls, on black; the
    /// paddle is red; a knocked-out brick leaves black.
    @Test func frameShowsTheTwoThousandSixHundredsLook() throws {
        let env = Breakout(renderMode: .rgbArray)
        try env.reset(seed: 0)
        let frame = try #require(env.render())
        #expect(frame.width == 160 && frame.height == 210)
        #expect(env.observation() == frame.pixels)
        let rowColors: [(UInt8, UInt8, UInt8)] = [(200, 72, 72), (198, 108, 58), (180, 122, 48), (162, 162, 42), (72, 160, 72), (66, 72, 200)]
        for (row, color) in rowColors.enumerated() {
            for y in 57 + 6 * row..<63 + 6 * row {
                for x in stride(from: 8, to: 152, by: 5) { #expect(frame[x, y] == color, "brick pixel (\(x), \(y))") }
            }
        }
        let gray: (UInt8, UInt8, UInt8) = (142, 142, 142), black: (UInt8, UInt8, UInt8) = (0, 0, 0), red: (UInt8, UInt8, UInt8) = (200, 72, 72)
        for x in stride(from: 8, to: 152, by: 7) { #expect(frame[x, 56] == black && frame[x, 93] == black) }
        #expect(frame[80, 17] == gray && frame[80, 31] == gray && frame[80, 16] == black && frame[80, 32] == black)
        #expect(frame[0, 100] == gray && frame[7, 188] == gray && frame[152, 100] == gray && frame[159, 40] == gray)
        // The walls' feet beside the paddle: teal on the left, red on the right above a black row.
        #expect(frame[3, 189] == (66, 158, 130) && frame[7, 195] == (66, 158, 130) && frame[155, 194] == red && frame[155, 195] == black)
        #expect(frame[8, 100] == black && frame[151, 100] == black && frame[3, 200] == black)
        // The paddle starts at column 99.
        #expect(frame[99, 189] == red && frame[114, 192] == red && frame[98, 190] == black && frame[115, 190] == black && frame[100, 188] == black)
        // The score "000" and the 5 balls left, in gray block digits.
        #expect(frame[36, 5] == gray && frame[47, 14] == gray && frame[100, 5] == gray)

        var game = BreakoutGame()
        game.score += game.knockOut(row: 2, column: 3)
        let canvas = Canvas(width: 160, height: 210)
        game.draw(on: canvas)
        let picture = canvas.rgbFrame(palette: BreakoutGame.palette)
        #expect(picture[8 + 8 * 3 + 4, 57 + 6 * 2 + 3] == black)
        #expect(picture[8 + 8 * 4, 57 + 6 * 2 + 3] == rowColors[2])
        #expect(picture[36, 5] == gray && picture[47 + 16 * 2, 5] == gray)  // score 004
    }

    @Test func stateVectorStaysWithinItsBounds() throws {
        let env = BreakoutState()
        #expect(env.observationSpace.shape == [116])
        try env.reset(seed: 4)
        var observation = env.observation()
        #expect(observation[0..<8] == [Float(99) / 160, 1, 0, 0, 0, 0, 0, 1])
        #expect(observation[8...].allSatisfy { $0 == 1 })
        var actions = SeededGenerator(seed: 8)
        for _ in 0..<3000 {
            let outcome = try env.step(actions.nextInt(below: 4))
            observation = env.observation()
            #expect(env.observationSpace.contains(observation))
            let flags = (0..<6).flatMap { row in (0..<18).map { env.game.bricks.contains(row: row, column: $0) ? Float(1) : 0 } }
            #expect(Array(observation[8...]) == flags)
            #expect(observation[6] == (env.game.ball.isInPlay ? 1 : 0))
            if outcome.terminated { try env.reset() }
        }
    }

    /// The two-word wall against a plain set of the standing bricks.
    @Test func brickWallMatchesAReferenceSet() {
        var wall = BrickWall.full, reference = Set(0..<108)
        var generator = SeededGenerator(seed: 6)
        while !reference.isEmpty {
            let brick = generator.nextInt(below: 108)
            wall.remove(row: brick / 18, column: brick % 18)
            reference.remove(brick)
            #expect(wall.standing == reference.count)
            #expect((0..<108).allSatisfy { wall.contains(row: $0 / 18, column: $0 % 18) == reference.contains($0) })
        }
        #expect(wall.isCleared && wall == .empty && !BrickWall.full.isCleared)
    }

    @Test func registeredWithTheALEsThirtyMinuteLimit() throws {
        let pixels = try environments.make("Breakout"), state = try environments.make("Breakout-state")
        func shape<E: Environment>(_ env: E) -> [Int] { env.observationSpace.shape }
        #expect(shape(pixels) == [210, 160, 3] && shape(state) == [116])
        #expect((pixels as? TimeLimit<Breakout>)?.maxEpisodeSteps == 108_000)
        #expect((state as? TimeLimit<BreakoutState>)?.maxEpisodeSteps == 108_000)
        #expect(try environments.make("Breakout", renderMode: .rgbArray).render() != nil)
    }
}
