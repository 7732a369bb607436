import Testing
@testable import Games
import Gym
import Randomness

@Suite struct BreakoutTests {
    /// A fresh game with a ball placed at pixel (x, y).
    private func game(ballAt x: Int, _ y: Int, up: Bool, right: Bool = true, angle: Int = 0) -> BreakoutGame {
        var game = BreakoutGame()
        game.ball = BreakoutBall(pixelX: x, pixelY: y, movingRight: right, movingUp: up, angle: angle)
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
    /// `row` first, and scores 7, 7, 4, 4, 1, 1 from the top row down.
    @Test(arguments: zip(0..<6, [7, 7, 4, 4, 1, 1]))
    func eachRowScoresItsPoints(row: Int, points: Int) {
        var game = game(ballAt: 80, 150, up: true)
        removeRows(row + 1..<BrickWall.rows, from: &game)
        #expect(nextScore(&game) == points)
        #expect(game.score == points)
        #expect((0..<BrickWall.columns).filter { game.bricks.contains(row: row, column: $0) }.count == BrickWall.columns - 1)
        // A brick sends the ball back down, and the paddle keeps its width below the back wall.
        #expect(game.ball?.movingUp == false)
        #expect(game.paddleWidth == 16)
    }

    @Test func noopsAloneNeverServeAndFireDoes() throws {
        let env = BreakoutState()
        try env.reset(seed: 3)
        for _ in 0..<500 {
            let outcome = try env.step(0)
            #expect(outcome.reward == 0 && !outcome.isEpisodeOver)
        }
        #expect(env.game.ball == nil && env.observation()[6] == 0 && env.game.lives == 5)
        // The paddle moves while no ball is in play, and stops at the side walls.
        for _ in 0..<100 { _ = try env.step(2) }
        #expect(env.game.paddleX == 152 - 16)
        for _ in 0..<100 { _ = try env.step(3) }
        #expect(env.game.paddleX == 8)
        _ = try env.step(1)
        #expect(env.game.ball != nil && env.observation()[6] == 1)
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
            if let ball = env.game.ball {
                action = ball.pixelX + 1 > env.game.paddleX + env.game.paddleWidth / 2 ? 3 : 2
            } else {
                // No ball: waiting serves nothing.
                for _ in 0..<30 { _ = try env.step(0) }
                #expect(env.game.ball == nil)
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

    /// The ball speeds up on its 4th and 12th paddle hit, and at no other.
    @Test func speedUpAfterFourAndTwelvePaddleHits() {
        var game = game(ballAt: 80, 150, up: false)
        var generator = SeededGenerator(seed: 0)
        var speeds: [Int] = []
        for _ in 1...14 {
            // Drop the ball onto the middle of the paddle.
            game.ball!.x = (game.paddleX + 7) * BreakoutBall.subpixels
            game.ball!.y = 175 * BreakoutBall.subpixels
            (game.ball!.movingUp, game.ball!.angle) = (false, 0)
            for _ in 0..<20 where game.ball?.movingUp == false { _ = game.advanceFrame(.noop, using: &generator) }
            #expect(game.ball?.movingUp == true)
            speeds.append(game.ball!.speed)
        }
        #expect(game.ball?.paddleHits == 14)
        #expect(speeds == [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2])
        #expect(BreakoutBall.verticalStep(speed: 2) > BreakoutBall.verticalStep(speed: 1))
    }

    /// The first orange brick a ball touches speeds it up, the next ones not; the same for red.
    @Test func speedUpOnFirstOrangeAndFirstRedContact() {
        var game = game(ballAt: 80, 150, up: true)
        removeRows(2..<6, from: &game)
        var speeds: [Int] = []
        for x in [80, 40, 120] {
            (game.ball!.x, game.ball!.y, game.ball!.movingUp) = (x * BreakoutBall.subpixels, 150 * BreakoutBall.subpixels, true)
            #expect(nextScore(&game) == 7)
            speeds.append(game.ball!.speed)
        }
        #expect(game.ball!.hasTouchedOrange && !game.ball!.hasTouchedRed)
        removeRows([1], from: &game)
        for x in [80, 40] {
            (game.ball!.x, game.ball!.y, game.ball!.movingUp) = (x * BreakoutBall.subpixels, 150 * BreakoutBall.subpixels, true)
            #expect(nextScore(&game) == 7)
            speeds.append(game.ball!.speed)
        }
        #expect(speeds == [1, 1, 1, 2, 2])
        #expect(game.ball!.hasTouchedRed)
    }

    /// A new ball starts slow again.
    @Test func everyServeStartsAtTheSlowestSpeed() {
        var game = game(ballAt: 80, 150, up: true)
        removeRows(1..<6, from: &game)
        #expect(nextScore(&game) == 7)
        #expect(game.ball!.speed == 1)
        var generator = SeededGenerator(seed: 2)
        game.serve(using: &generator)
        #expect(game.ball!.speed == 0 && game.ball!.paddleHits == 0 && !game.ball!.hasTouchedRed)
    }

    @Test func paddleHalvesWhenTheBallFirstReachesTheBackWall() {
        var game = game(ballAt: 80, 40, up: true)
        #expect(game.paddleWidth == 16)
        let middle = game.paddleX + 8
        var generator = SeededGenerator(seed: 0)
        for _ in 0..<20 where game.ball!.movingUp { _ = game.advanceFrame(.noop, using: &generator) }
        #expect(game.ball!.movingUp == false && game.ball!.pixelY == 32)
        #expect(game.paddleWidth == 8 && game.paddleX + 4 == middle)
        // It stays half as wide, and still stops at the walls.
        (game.ball!.y, game.ball!.movingUp) = (40 * BreakoutBall.subpixels, true)
        for _ in 0..<100 { _ = game.advanceFrame(.right, using: &generator) }
        #expect(game.paddleWidth == 8 && game.paddleX == 152 - 8)
    }

    /// Where the ball lands on the paddle picks where it goes: the middle sends it up steeply,
    /// an edge out shallow to that edge's side.
    @Test func paddleSectionPicksTheReturnAngle() {
        func bounce(ballX: Int, movingRight: Bool) -> BreakoutBall {
            var ball = BreakoutBall(pixelX: ballX, pixelY: 185, movingRight: movingRight, movingUp: false, angle: 1)
            ball.bounce(offPaddleAt: 72, width: 16)
            return ball
        }
        let leftEdge = bounce(ballX: 71, movingRight: true), rightEdge = bounce(ballX: 87, movingRight: false)
        let middle = bounce(ballX: 79, movingRight: false), rightOfMiddle = bounce(ballX: 81, movingRight: false)
        #expect(!leftEdge.movingRight && leftEdge.angle == 3)
        #expect(rightEdge.movingRight && rightEdge.angle == 3)
        #expect(!middle.movingRight && middle.angle == 0)
        #expect(rightOfMiddle.movingRight && rightOfMiddle.angle == 0)
        #expect(leftEdge.movingUp && rightEdge.movingUp && middle.movingUp)
        #expect(abs(leftEdge.dx) > abs(middle.dx) && leftEdge.dy == middle.dy)
    }

    /// Knocking out every brick: the first wall gives 432 and brings a second with the ball
    /// still in play; the second brings the total to 864, the 2600's perfect score (not the
    /// arcade machine's 896), and ends the game.
    @Test func twoWallsScore864AndEndTheGame() {
        var game = game(ballAt: 80, 150, up: true)
        let ball = game.ball
        var total = 0
        for wall in 1...2 {
            #expect(game.wall == wall && game.bricks == .full && !game.isOver)
            for row in 0..<BrickWall.rows {
                for column in 0..<BrickWall.columns { total += game.knockOut(row: row, column: column) }
            }
            if wall == 1 {
                #expect(total == 432 && game.ball == ball)
            }
        }
        #expect(total == 864 && game.score == 864)
        #expect(game.isOver && game.lives == 5)
        var generator = SeededGenerator(seed: 0)
        let before = game
        #expect(game.advanceFrame(.fire, using: &generator) == 0 && game == before)
    }

    /// A perfect player, the paddle put under the ball as it comes down (at a different spot
    /// each time, so the ball wanders), clears both walls through the real ball flight without
    /// losing a ball.
    @Test func aPerfectPlayerClearsBothWalls() {
        var game = BreakoutGame()
        var generator = SeededGenerator(seed: 1), spots = SeededGenerator(seed: 2)
        _ = game.advanceFrame(.fire, using: &generator)
        var spot = 4
        var total = 0
        var sawSecondWallInPlay = false
        for _ in 0..<400_000 where !game.isOver {
            guard let ball = game.ball else { break }
            if ball.movingUp { spot = 1 + spots.nextInt(below: game.paddleWidth - 2) }
            // Where the ball will be after this frame's move, kept off the side walls.
            let nextX = min(max((ball.x + ball.dx) / BreakoutBall.subpixels, 8), 150)
            game.paddleX = min(max(nextX + 1 - spot, 8), 152 - game.paddleWidth)
            total += game.advanceFrame(.noop, using: &generator)
            if game.wall == 2 && game.ball != nil { sawSecondWallInPlay = true }
        }
        #expect(total == 864 && game.isOver && game.hasClearedBothWalls, "score \(total), lives \(game.lives), wall \(game.wall), \(game.bricks.standing) bricks left")
        #expect(game.lives == 5 && sawSecondWallInPlay)
    }

    @Test func sameSeedSameGame() throws {
        func play(seed: UInt64) throws -> [Float] {
            let env = BreakoutState()
            try env.reset(seed: seed)
            var actions = SeededGenerator(seed: 99)
            var trace: [Float] = []
            for _ in 0..<3000 {
                let outcome = try env.step(actions.nextInt(below: 4))
                trace += env.observation()[0..<8] + [Float(outcome.reward)]
                if outcome.terminated { try env.reset() }
            }
            return trace
        }
        #expect(try play(seed: 5) == play(seed: 5))
        #expect(try play(seed: 5) != play(seed: 6))
        // The serve's column and side come from the seed.
        var serves = Set<[Int]>()
        for seed in 0..<10 as Range<UInt64> {
            var game = BreakoutGame(), generator = SeededGenerator(seed: seed)
            _ = game.advanceFrame(.fire, using: &generator)
            serves.insert([game.ball!.pixelX, game.ball!.movingRight ? 1 : 0])
        }
        #expect(serves.count > 5)
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
        let gray: (UInt8, UInt8, UInt8) = (142, 142, 142), black: (UInt8, UInt8, UInt8) = (0, 0, 0)
        for x in stride(from: 8, to: 152, by: 7) { #expect(frame[x, 56] == black && frame[x, 93] == black) }
        #expect(frame[80, 17] == gray && frame[80, 31] == gray && frame[80, 16] == black && frame[80, 32] == black)
        #expect(frame[0, 100] == gray && frame[7, 195] == gray && frame[152, 100] == gray && frame[159, 40] == gray)
        #expect(frame[8, 100] == black && frame[151, 100] == black && frame[3, 200] == black)
        #expect(frame[80, 189] == (200, 72, 72) && frame[80, 192] == (200, 72, 72) && frame[80, 188] == black)
        // The score "000" and the 5 balls left, in gray block digits.
        #expect(frame[36, 5] == gray && frame[47, 14] == gray && frame[100, 5] == gray)

        var game = BreakoutGame()
        _ = game.knockOut(row: 2, column: 3)
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
        #expect(observation[0..<8] == [0.45, 1, 0, 0, 0, 0, 0, 1])
        #expect(observation[8...].allSatisfy { $0 == 1 })
        var actions = SeededGenerator(seed: 8)
        for _ in 0..<3000 {
            let outcome = try env.step(actions.nextInt(below: 4))
            observation = env.observation()
            #expect(env.observationSpace.contains(observation))
            let flags = (0..<6).flatMap { row in (0..<18).map { env.game.bricks.contains(row: row, column: $0) ? Float(1) : 0 } }
            #expect(Array(observation[8...]) == flags)
            #expect(observation[6] == (env.game.ball == nil ? 0 : 1))
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
