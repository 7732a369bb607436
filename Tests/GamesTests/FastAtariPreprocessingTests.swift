import Testing
import Games
import Gym
import Randomness

/// The fused fast path against the general pipeline it replaces: the same seeds and actions
/// give the same bytes, rewards, ends and infos, step after step, through resets, lost lives,
/// sticky actions and no-ops.
@Suite struct FastAtariPreprocessingTests {
    private func compare<Game: AtariGame>(_ game: Game.Type, steps: Int, terminalOnLifeLoss: Bool, sticky: Double, seed: UInt64,
                                          frameLimit: Int = 108_000) throws {
        let general = try atariPreprocessing(TimeLimit(AtariEnvironment<Game, ScreenPixels>(), maxEpisodeSteps: frameLimit),
                                             terminalOnLifeLoss: terminalOnLifeLoss, stickyActionProbability: sticky)
        let fast = try fastAtariPreprocessing(Game.self, terminalOnLifeLoss: terminalOnLifeLoss, stickyActionProbability: sticky,
                                              frameLimit: frameLimit)
        #expect(fast.observationSpace == general.observationSpace)
        #expect(try fast.reset(seed: seed) == general.reset(seed: seed))
        let sameFirstObservation = fast.observation() == general.observation()  // not printed: 28,224 bytes
        #expect(sameFirstObservation)
        var actions = SeededGenerator(seed: seed &+ 100)
        var episodes = 0
        for t in 0..<steps {
            let action = actions.nextInt(below: general.actionSpace.n)
            let expected = try general.step(action), outcome = try fast.step(action)
            guard outcome == expected, fast.observation() == general.observation() else {
                Issue.record("\(Game.name): the fast path differs at step \(t)")
                return
            }
            if expected.isEpisodeOver {
                episodes += 1
                #expect(try fast.reset() == general.reset())
            }
        }
        #expect(episodes > 0, "no episode ended: the comparison never crossed a reset")
    }

    @Test func breakoutSameAsTheGeneralPipeline() throws {
        try compare(BreakoutGame.self, steps: 400, terminalOnLifeLoss: true, sticky: 0.25, seed: 1)
        try compare(BreakoutGame.self, steps: 250, terminalOnLifeLoss: false, sticky: 0, seed: 2)
    }

    /// A Pong game is long, so the episodes here end at a time limit on the frames.
    @Test func pongSameAsTheGeneralPipeline() throws {
        try compare(PongGame.self, steps: 300, terminalOnLifeLoss: false, sticky: 0.25, seed: 3, frameLimit: 600)
    }
}
