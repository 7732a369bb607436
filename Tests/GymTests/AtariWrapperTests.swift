import Testing
import Gym
import Randomness

@Suite struct NoopResetTests {
    @Test func noopCountsLieInRangeAndRepeatPerSeed() throws {
        let game = FakeAtariGame(framesPerLife: 1000)
        let env = try NoopReset(game, maxNoops: 30)
        var counts: [Int] = []
        for seed in 0..<60 as Range<UInt64> {
            try env.reset(seed: seed)
            #expect((1...30).contains(game.frame))
            #expect(game.actionsSinceReset.allSatisfy { $0 == 0 })
            let count = game.frame
            try env.reset(seed: seed)
            #expect(game.frame == count)
            counts.append(count)
        }
        // 60 uniform draws from 1...30 miss most values only if the draw is broken.
        #expect(Set(counts).count > 15)
    }

    @Test func theStreamIsNotTheGamesOwn() throws {
        // Had the wrapper seeded its generator with the reset seed itself, its counts would be
        // these, drawn from the stream the game uses.
        let game = FakeAtariGame(framesPerLife: 1000)
        let env = try NoopReset(game, maxNoops: 30)
        var matches = 0
        for seed in 0..<40 as Range<UInt64> {
            try env.reset(seed: seed)
            var gameStream = SeededGenerator(seed: seed)
            if game.frame == 1 + gameStream.nextInt(below: 30) { matches += 1 }
        }
        #expect(matches < 10)
    }

    @Test func anEpisodeEndingDuringTheNoopsIsResetAndPlayGoesOn() throws {
        // One life of two frames: n no-ops end the game ⌊n/2⌋ times.
        let game = FakeAtariGame(lives: 1, framesPerLife: 2)
        let env = try NoopReset(game, maxNoops: 30)
        var endedDuringNoops = false
        for seed in 0..<10 as Range<UInt64> {
            let (resetsBefore, actionsBefore) = (game.resetCount, game.actionLog.count)
            try env.reset(seed: seed)
            let noops = game.actionLog.count - actionsBefore
            #expect(game.resetCount - resetsBefore == 1 + noops / 2)
            #expect(game.frame == noops % 2 && !game.isOver)
            endedDuringNoops = endedDuringNoops || noops >= 2
        }
        #expect(endedDuringNoops)
        _ = try env.step(0)
    }

    @Test func rejectsAGameWhoseActionZeroIsNotNoop() {
        let game = FakeAtariGame(actionMeanings: ["FIRE", "NOOP", "RIGHT"])
        #expect(throws: EnvironmentError.self) { try NoopReset(game) }
    }
}

@Suite struct MaxAndSkipTests {
    @Test func sumsTheRewardsAndMaxesTheLastTwoFrames() throws {
        let game = FakeAtariGame(framesPerLife: 1000, rewards: [1, 2, 4, 8, 16])
        let env = MaxAndSkip(game, skip: 4)
        try env.reset(seed: 3)
        #expect(env.observation() == game.screen(frame: 0))
        let first = try env.step(2)
        #expect(game.frame == 4 && game.actionLog == [2, 2, 2, 2])
        #expect(first.reward == 15)
        #expect(env.observation() == zip(game.screen(frame: 3), game.screen(frame: 4)).map { max($0, $1) })
        // The maximum really mixes both frames, or the test would not tell them apart.
        #expect(env.observation() != game.screen(frame: 4) && env.observation() != game.screen(frame: 3))
        let second = try env.step(1)
        #expect(second.reward == 16 + 1 + 2 + 4)
    }

    /// The episode ends on the second repetition of the second step: the final frame is
    /// observed as it is, not maxed with one the skip did not keep.
    @Test func stopsWhenTheEpisodeEndsAndObservesTheFinalFrame() throws {
        let game = FakeAtariGame(lives: 1, framesPerLife: 6, rewards: [1, 2, 4, 8, 16, 32])
        let env = MaxAndSkip(game, skip: 4)
        try env.reset(seed: 0)
        _ = try env.step(0)
        let last = try env.step(0)
        #expect(last.terminated && game.frame == 6 && game.actionLog.count == 6)
        #expect(last.reward == 48)
        #expect(env.observation() == game.screen(frame: 6))
        #expect(throws: EnvironmentError.stepAfterEpisodeEnd(environment: "FakeAtari")) { try env.step(0) }
    }

    @Test func anEpisodeEndingOnTheFirstRepetitionObservesThatFrame() throws {
        let game = FakeAtariGame(lives: 1, framesPerLife: 5)
        let env = MaxAndSkip(game, skip: 4)
        try env.reset(seed: 0)
        _ = try env.step(0)
        let last = try env.step(0)
        #expect(last.terminated && game.frame == 5)
        #expect(env.observation() == game.screen(frame: 5))
    }

    @Test func elementwiseMaximumMatchesTheReference() {
        var generator = SeededGenerator(seed: 9)
        for count in [0, 1, 7, 64, 1000] {
            let a = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }, b = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            var bytes = [UInt8](repeating: 0, count: count)
            a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
                bytes.withUnsafeMutableBufferPointer { ElementwiseMaximum.apply(a, b, into: $0) }
            } }
            #expect(bytes == zip(a, b).map { max($0, $1) })

            let x = a.map { Float($0) - 100 }, y = b.map { Float($0) - 100 }
            var floats = [Float](repeating: 0, count: count)
            x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in
                floats.withUnsafeMutableBufferPointer { ElementwiseMaximum.apply(x, y, into: $0) }
            } }
            #expect(floats == zip(x, y).map { max($0, $1) })
        }
    }
}

@Suite struct EpisodicLifeTests {
    @Test func aLostLifeEndsTheEpisodeButNotTheGame() throws {
        let game = FakeAtariGame(lives: 3, framesPerLife: 3)
        let env = EpisodicLife(game)
        #expect(try env.reset(seed: 1).lives == 3)
        #expect(try !env.step(2).terminated)
        #expect(try !env.step(2).terminated)
        let lost = try env.step(2)
        #expect(lost.terminated && lost.info.lives == 2 && !game.isOver && !env.isGameOver)
        #expect(throws: EnvironmentError.stepAfterEpisodeEnd(environment: "FakeAtari")) { try env.step(2) }

        // No real reset: one NOOP and play goes on.
        let info = try env.reset()
        #expect(game.resetCount == 1 && game.frame == 4 && game.actionLog.last == 0)
        #expect(info.lives == 2)
        #expect(try !env.step(1).terminated)
    }

    @Test func gameOverEndsTheEpisodeAndTheNextResetIsReal() throws {
        let game = FakeAtariGame(lives: 2, framesPerLife: 2)
        let env = EpisodicLife(game)
        try env.reset(seed: 1)
        _ = try env.step(1)
        #expect(try env.step(1).terminated)         // lives 2 → 1
        try env.reset()                             // the NOOP: frame 3
        let over = try env.step(1)                  // frame 4: lives 1 → 0
        #expect(over.terminated && game.isOver && env.isGameOver)
        try env.reset()
        #expect(game.resetCount == 2 && game.frame == 0 && game.lives == 2)
    }

    @Test func aSeedAlwaysRestartsTheGame() throws {
        let game = FakeAtariGame(lives: 3, framesPerLife: 1)
        let env = EpisodicLife(game)
        try env.reset(seed: 1)
        #expect(try env.step(0).terminated)
        try env.reset(seed: 2)
        #expect(game.resetCount == 2 && game.frame == 0)
    }
}

@Suite struct FireResetTests {
    @Test func pressesFireThenActionTwo() throws {
        let game = FakeAtariGame()
        let env = try FireReset(game)
        try env.reset(seed: 0)
        #expect(game.actionLog == [1, 2] && game.frame == 2 && game.resetCount == 1)
    }

    @Test func anEpisodeEndingOnThoseStepsIsResetAgain() throws {
        let endsOnFire = FakeAtariGame(lives: 1, framesPerLife: 1)
        try FireReset(endsOnFire).reset(seed: 0)
        // FIRE ends it, reset; 2 ends it, reset.
        #expect(endsOnFire.actionLog == [1, 2] && endsOnFire.resetCount == 3 && !endsOnFire.isOver)

        let endsOnTwo = FakeAtariGame(lives: 1, framesPerLife: 2)
        try FireReset(endsOnTwo).reset(seed: 0)
        #expect(endsOnTwo.actionLog == [1, 2] && endsOnTwo.resetCount == 2 && endsOnTwo.frame == 0)
    }

    @Test func rejectsGamesWithoutFire() {
        for meanings in [["NOOP", "RIGHT", "LEFT"], ["NOOP", "FIRE"]] {
            #expect(throws: EnvironmentError.self) { try FireReset(FakeAtariGame(actionMeanings: meanings)) }
        }
        do {
            _ = try FireReset(FakeAtariGame(actionMeanings: ["NOOP", "RIGHT", "LEFT"]))
        } catch {
            #expect(error.description.contains("FIRE") && error.description.contains("fireReset"))
        }
    }
}

@Suite struct ClipRewardTests {
    @Test func rewardsBecomeTheirSign() throws {
        let game = FakeAtariGame(framesPerLife: 1000, rewards: [0, 3, -2, 0.5, -0.25, 1])
        let env = ClipReward(game)
        try env.reset(seed: 0)
        var clipped: [Double] = []
        for _ in 0..<6 { clipped.append(try env.step(0).reward) }
        #expect(clipped == [0, 1, -1, 1, -1, 1])
    }
}

@Suite struct StickyActionsTests {
    /// Asks for an action other than the one just taken, so every repeat shows.
    private func repeats(seed: UInt64, steps: Int, probability: Double) throws -> (count: Int, log: [Int]) {
        let game = FakeAtariGame(framesPerLife: 100_000)
        let env = StickyActions(game, probability: probability)
        try env.reset(seed: seed)
        var count = 0
        for _ in 0..<steps {
            let wanted = ((game.actionLog.last ?? 0) + 1) % 4
            _ = try env.step(wanted)
            if game.actionLog.last != wanted { count += 1 }
        }
        return (count, game.actionLog)
    }

    @Test func repeatsThePreviousActionAtTheGivenRate() throws {
        let (count, _) = try repeats(seed: 5, steps: 4000, probability: 0.25)
        // Binomial(4000, 0.25): mean 1000, standard deviation 27.
        #expect((880...1120).contains(count))
        #expect(try repeats(seed: 5, steps: 200, probability: 0).count == 0)
        #expect(try repeats(seed: 5, steps: 200, probability: 1).count == 200)
    }

    @Test func theSameSeedSticksTheSameWay() throws {
        let a = try repeats(seed: 11, steps: 300, probability: 0.25).log
        #expect(a == (try repeats(seed: 11, steps: 300, probability: 0.25).log))
        #expect(a != (try repeats(seed: 12, steps: 300, probability: 0.25).log))
    }

    @Test func resetForgetsThePreviousActionAndBadActionsAreRejected() throws {
        let game = FakeAtariGame(framesPerLife: 1000)
        let env = StickyActions(game, probability: 1)
        try env.reset(seed: 0)
        _ = try env.step(3)
        #expect(game.actionLog == [0])
        #expect(throws: EnvironmentError.actionOutsideSpace(environment: "FakeAtari", action: 7, space: Discrete(4))) {
            try env.step(7)
        }
    }
}

@Suite struct RecordEpisodeStatisticsTests {
    @Test func reportsReturnAndLengthOnTheFinalStepOnly() throws {
        let game = FakeAtariGame(lives: 1, framesPerLife: 5, rewards: [1, 2, 4, 8, 16])
        let env = RecordEpisodeStatistics(game)
        for seed in [UInt64(0), 1] {
            try env.reset(seed: seed)
            for _ in 0..<4 { #expect(try env.step(0).info.episode == nil) }
            let last = try env.step(0)
            #expect(last.terminated && last.info.episode == EpisodeStatistics(episodeReturn: 31, length: 5))
        }
    }
}

@Suite struct FrameSkipTests {
    @Test func sumsTheRewardsAndObservesTheLastFrameUnmaxed() throws {
        let game = FakeAtariGame(framesPerLife: 1000, rewards: [1, 2, 4, 8, 16])
        let env = FrameSkip(game, skip: 4)
        try env.reset(seed: 3)
        let first = try env.step(2)
        #expect(game.frame == 4 && game.actionLog == [2, 2, 2, 2])
        #expect(first.reward == 15)
        #expect(env.observation() == game.screen(frame: 4))
    }

    @Test func stopsWhenTheEpisodeEnds() throws {
        let game = FakeAtariGame(lives: 1, framesPerLife: 6, rewards: [1, 2, 4, 8, 16, 32])
        let env = FrameSkip(game, skip: 4)
        try env.reset(seed: 0)
        _ = try env.step(0)
        let last = try env.step(0)
        #expect(last.terminated && game.frame == 6 && game.actionLog.count == 6)
        #expect(last.reward == 48)
        #expect(throws: EnvironmentError.stepAfterEpisodeEnd(environment: "FakeAtari")) { try env.step(0) }
    }
}

@Suite struct FlickerTests {
    /// Which of `steps` observations after a reset with `seed` were blank; each observation is
    /// checked to be the game's own screen or all zeros.
    private func blanks(seed: UInt64, steps: Int, probability: Double) throws -> [Bool] {
        let game = FakeAtariGame(framesPerLife: 100_000)
        let env = try Flicker(game, probability: probability)
        try env.reset(seed: seed)
        var blanks: [Bool] = []
        for step in 0...steps {
            if step > 0 { _ = try env.step(0) }
            let seen = env.observation(), screen = game.screen(frame: game.frame)
            #expect(seen == screen || seen.allSatisfy { $0 == 0 })
            #expect(env.obscured == (seen != screen))
            blanks.append(env.obscured)
        }
        return blanks
    }

    @Test func blanksObservationsAtTheGivenRate() throws {
        let count = try blanks(seed: 3, steps: 4000, probability: 0.5).filter { $0 }.count
        // Binomial(4001, 0.5): mean 2000, standard deviation 32.
        #expect((1850...2150).contains(count))
        #expect(try blanks(seed: 3, steps: 100, probability: 0).allSatisfy { !$0 })
        #expect(try blanks(seed: 3, steps: 100, probability: 1).allSatisfy { $0 })
    }

    @Test func theSameSeedFlickersTheSameWay() throws {
        let a = try blanks(seed: 8, steps: 300, probability: 0.5)
        #expect(a == (try blanks(seed: 8, steps: 300, probability: 0.5)))
        #expect(a != (try blanks(seed: 9, steps: 300, probability: 0.5)))
    }

    /// Below the frame stack, each stacked frame flickers on its own.
    @Test func stackedFramesFlickerEachOnItsOwn() throws {
        let env = try atariPreprocessing(FakeAtariGame(framesPerLife: 100_000), noopMax: 0, frameSkip: 1, screenSize: 4,
                                         fireReset: false, frameStack: 4, flickerProbability: 0.5)
        try env.reset(seed: 1)
        var mixed = 0
        for _ in 0..<50 {
            _ = try env.step(0)
            let frames = stride(from: 0, to: 64, by: 16).map { Array(env.observation()[$0..<$0 + 16]) }
            let blank = frames.map { $0.allSatisfy { $0 == 0 } }
            if blank.contains(true) && blank.contains(false) { mixed += 1 }
        }
        #expect(mixed > 20)
    }

    @Test func refusesAProbabilityOutsideZeroToOne() {
        #expect(throws: EnvironmentError.invalidOption(environment: "FakeAtari", name: "flickerProbability",
                                                       problem: "must be a probability in [0, 1], got 1.5")) {
            try Flicker(FakeAtariGame(), probability: 1.5)
        }
    }
}
