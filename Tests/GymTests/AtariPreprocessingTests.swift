import Testing
import Gym

@Suite struct AtariPreprocessingTests {
    @Test func theDefaultStackObservesFourFramesOf84By84() throws {
        let env = try atariPreprocessing(FakeAtariGame(width: 160, height: 210))
        #expect(env.observationSpace.shape == [4, 84, 84])
        try env.reset(seed: 0)
        for _ in 0..<3 { _ = try env.step(2) }
        #expect(env.observation().count == 4 * 84 * 84)
        #expect(env.observationSpace.contains(env.observation()))
    }

    /// Every wrapper of the stack, on a small screen: the checker tests each observation
    /// against its space element by element, which unoptimised takes a while at 4 × 84 × 84.
    @Test(arguments: [false, true])
    func theCheckerFindsNothingWrong(terminalOnLifeLoss: Bool) {
        let make = { () throws -> any Environment in
            try atariPreprocessing(FakeAtariGame(width: 20, height: 26, lives: 3, framesPerLife: 15), screenSize: 12,
                                   terminalOnLifeLoss: terminalOnLifeLoss, stickyActionProbability: 0.25)
        }
        #expect(EnvironmentChecker.problems(make: make, steps: 200) == [])
    }

    @Test func episodeStatisticsCountWholeGamesInRealScore() throws {
        // 3 points a frame, two lives of 8 frames, no no-ops or FIRE: agent steps of 4 frames.
        let game = FakeAtariGame(lives: 2, framesPerLife: 8, rewards: [3])
        let env = try atariPreprocessing(game, noopMax: 0, screenSize: 8, terminalOnLifeLoss: true,
                                         fireReset: false, clipRewards: true)
        try env.reset(seed: 0)
        _ = try env.step(2)
        let lifeLost = try env.step(2)                  // frame 8
        #expect(lifeLost.terminated && lifeLost.reward == 1 && lifeLost.info.episode == nil)
        try env.reset()                                 // a NOOP agent step: frames 9–12
        let gameOver = try env.step(2)                  // frames 13–16
        #expect(gameOver.terminated && game.isOver && gameOver.reward == 1)
        #expect(gameOver.info.episode == EpisodeStatistics(episodeReturn: 16 * 3, length: 4))
    }

    @Test func stickyActionsAreDecidedPerFrameInsideTheSkip() throws {
        let game = FakeAtariGame(framesPerLife: 100_000)
        let env = try atariPreprocessing(game, noopMax: 0, screenSize: 8, fireReset: false, frameStack: 1,
                                         stickyActionProbability: 0.25)
        try env.reset(seed: 0)
        var mixedSkips = 0
        for t in 0..<40 {
            let before = game.actionLog.count
            _ = try env.step(t % 2 == 0 ? 2 : 3)
            #expect(game.actionLog.count == before + 4)
            if Set(game.actionLog[before...]).count > 1 { mixedSkips += 1 }
        }
        // Decided once per agent step, the four frames of a skip would always agree.
        #expect(mixedSkips > 0)
    }

    @Test func firePressedOnlyWhereTheGameHasIt() throws {
        let withFire = FakeAtariGame()
        try atariPreprocessing(withFire, noopMax: 0, frameSkip: 1, screenSize: 8).reset(seed: 0)
        #expect(withFire.actionLog == [1, 2])
        let withoutFire = FakeAtariGame(actionMeanings: ["NOOP", "RIGHT", "LEFT"])
        try atariPreprocessing(withoutFire, noopMax: 0, frameSkip: 1, screenSize: 8).reset(seed: 0)
        #expect(withoutFire.actionLog == [])
    }

    @Test func badSettingsAreErrorsNamingTheSetting() {
        let settings: [(String, () throws(EnvironmentError) -> AnyEnvironment<UInt8>)] = [
            ("noopMax", { () throws(EnvironmentError) in try atariPreprocessing(FakeAtariGame(), noopMax: -1) }),
            ("frameSkip", { () throws(EnvironmentError) in try atariPreprocessing(FakeAtariGame(), frameSkip: 0) }),
            ("screenSize", { () throws(EnvironmentError) in try atariPreprocessing(FakeAtariGame(), screenSize: 0) }),
            ("frameStack", { () throws(EnvironmentError) in try atariPreprocessing(FakeAtariGame(), frameStack: 0) }),
            ("stickyActionProbability", { () throws(EnvironmentError) in try atariPreprocessing(FakeAtariGame(), stickyActionProbability: 1.5) }),
        ]
        for (name, make) in settings {
            do {
                _ = try make()
                Issue.record("\(name) was accepted")
            } catch {
                guard case let .invalidOption(_, option, _) = error else { Issue.record("\(error)"); continue }
                #expect(option == name)
            }
        }
    }
}
