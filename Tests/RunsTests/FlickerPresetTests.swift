import Testing
import Gym
import Presets
import Runs

/// `flicker_probability` in an environment preset: state vectors blank whole, pixels per frame
/// below the stack (Tests/GymTests), a value outside [0, 1] refused in one line.
@Suite struct FlickerPresetTests {
    func table(_ entries: [(String, TOMLValue)]) -> TOMLTable {
        var table = TOMLTable()
        for (key, value) in entries { table[key] = value }
        return table
    }

    @Test func aStateVectorFlickers() throws {
        let preset = try EnvironmentPreset(table([("id", .string("CartPole-v1")), ("observation", .string("state")),
                                                  ("flicker_probability", .float(0.5))]), source: "envs/test.toml")
        guard case let .vector(env) = try preset.make() else { Issue.record("CartPole observes a vector"); return }
        try env.reset(seed: 2)
        var blank = 0, seen = 0
        for _ in 0..<200 {
            if try env.step(seen % 2).isEpisodeOver { try env.reset() }
            seen += 1
            if env.observation().allSatisfy({ $0 == 0 }) { blank += 1 }
        }
        #expect((60...140).contains(blank), "\(blank) of 200 blank")
    }

    @Test func aProbabilityOutsideZeroToOneIsRefused() {
        #expect(throws: PresetError("envs/test.toml: flicker_probability = 2.0 must be a probability in [0, 1]")) {
            try EnvironmentPreset(table([("id", .string("CartPole-v1")), ("observation", .string("state")),
                                         ("flicker_probability", .float(2))]), source: "envs/test.toml")
        }
    }
}
