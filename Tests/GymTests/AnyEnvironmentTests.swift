import Testing
import Gym

@Suite struct AnyEnvironmentTests {
    @Test func forwardsEverything() throws {
        let game = FakeAtariGame(lives: 2, framesPerLife: 3), twin = FakeAtariGame(lives: 2, framesPerLife: 3)
        let env = AnyEnvironment(game)
        #expect(env.id == "FakeAtari" && env.actionSpace == Discrete(4) && env.actionMeanings == game.actionMeanings)
        #expect(env.observationSpace == game.observationSpace)
        #expect(env.renderMode == .none && env.framesPerSecond == 60 && env.render() == nil)
        #expect(try env.reset(seed: 8) == twin.reset(seed: 8))
        #expect(env.observation() == twin.observation())
        for action in [1, 2, 3, 0, 1, 2] {
            #expect(try env.step(action) == twin.step(action))
            #expect(env.observation() == twin.observation())
        }
        #expect(throws: EnvironmentError.stepAfterEpisodeEnd(environment: "FakeAtari")) { try env.step(0) }
        env.close()
        #expect(game.isClosed)
    }

    @Test func erasesAnExistentialOfTheRightScalarOnly() throws {
        let game = FakeAtariGame()
        let existential: any Environment = game
        let env = try AnyEnvironment<UInt8>(erasing: existential)
        try env.reset(seed: 1)
        #expect(game.resetCount == 1)
        // Erasing an erased environment again still reaches the same game.
        try AnyEnvironment<UInt8>(erasing: env as any Environment).reset(seed: 2)
        #expect(game.resetCount == 2)
        #expect(throws: EnvironmentError.invalidOption(environment: "FakeAtari", name: "observation type",
                                                       problem: "is UInt8, not Float; erase it as AnyEnvironment<UInt8>")) {
            try AnyEnvironment<Float>(erasing: existential)
        }
    }

    @Test func aComposedStackFitsAVectorEnvironment() throws {
        let vector = try VectorEnvironment(count: 2) { () throws(EnvironmentError) in
            AnyEnvironment(ClipReward(FakeAtariGame(lives: 1, framesPerLife: 3, rewards: [5])))
        }
        try vector.reset(seed: 0)
        try vector.step([1, 2])
        #expect(Array(vector.rewards) == [1, 1])
    }
}
