import Testing
import Gym

@Suite struct FrameStackTests {
    @Test func framesAreOldestFirstAndResetFillsEverySlot() throws {
        let game = FakeAtariGame(width: 4, height: 3)
        let env = FrameStack(game, count: 3)
        #expect(env.observationSpace.shape == [3, 3, 4, 3])
        #expect(env.observationSpace.count == 3 * game.observationSpace.count)
        try env.reset(seed: 2)
        let s = (0...4).map { game.screen(frame: $0) }
        #expect(env.observation() == s[0] + s[0] + s[0])
        _ = try env.step(0)
        #expect(env.observation() == s[0] + s[0] + s[1])
        _ = try env.step(0)
        #expect(env.observation() == s[0] + s[1] + s[2])
        _ = try env.step(0)
        #expect(env.observation() == s[1] + s[2] + s[3])
        _ = try env.step(0)
        #expect(env.observation() == s[2] + s[3] + s[4])

        try env.reset(seed: 3)
        let first = game.screen(frame: 0)
        #expect(env.observation() == first + first + first)
    }

    @Test func oneFrameIsTheFrameItself() throws {
        let game = FakeAtariGame(width: 4, height: 3)
        let env = FrameStack(game, count: 1)
        try env.reset(seed: 0)
        _ = try env.step(1)
        #expect(env.observation() == game.observation())
        #expect(env.observationSpace.shape == [1, 3, 4, 3])
    }
}
