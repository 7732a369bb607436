import Foundation
import Testing
import Gym
import Presets
import Runs

/// The presets in envs/, read from the repository as `rlrun` reads them.
private let envsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("envs")

private func preset(_ name: String) throws -> EnvironmentPreset {
    let path = envsFolder.appendingPathComponent(name + ".toml").path
    return try EnvironmentPreset(try TOMLParser.parse(String(contentsOfFile: path, encoding: .utf8)), source: "envs/\(name).toml")
}

@Suite struct EnvironmentPresetTests {
    @Test func everyPresetMakesItsEnvironment() throws {
        guard case let .state(cartPole) = try preset("cartpole").make() else { Issue.record("CartPole is not a state env"); return }
        #expect(cartPole.id == "CartPole-v1" && cartPole.observationSpace.shape == [4])
        for name in ["breakout", "pong"] {
            guard case let .pixels(env) = try preset(name).make() else { Issue.record("\(name) is not a pixel env"); continue }
            #expect(env.observationSpace.shape == [4, 84, 84])
        }
        var breakout = try preset("breakout")
        breakout.observation = .state
        guard case let .state(state) = try breakout.make() else { Issue.record("Breakout-state is not a state env"); return }
        #expect(state.id == "Breakout-state")
    }

    @Test func unknownKeysAndIdsAreOneLineErrors() throws {
        #expect(throws: PresetError("envs/x.toml: unknown key 'frame_skp'; known keys: frame_skip, id, observation")) {
            try EnvironmentPreset(try TOMLParser.parse("id = \"Pong\"\nobservation = \"state\"\nframe_skip = 4\nframe_skp = 4"), source: "envs/x.toml")
        }
        do {
            _ = try EnvironmentPreset(try TOMLParser.parse("id = \"Pacman\"\nobservation = \"state\""), source: "envs/x.toml")
            Issue.record("an unknown id was accepted")
        } catch let error as PresetError {
            #expect(error.description.contains("Pacman") && error.description.contains("CartPole-v1"))
        }
        var cartPole = try preset("cartpole")
        cartPole.observation = .pixels
        #expect(throws: EnvironmentError.self) { try cartPole.make() }
    }
}
