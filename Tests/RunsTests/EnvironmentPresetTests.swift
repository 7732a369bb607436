import Foundation
import Testing
import Games
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
        guard case let .vector(cartPole) = try preset("cartpole").make() else { Issue.record("CartPole is not a state env"); return }
        #expect(cartPole.id == "CartPole-v1" && cartPole.observationSpace.shape == [4])
        for name in ["breakout", "pong"] {
            guard case let .pixels(env) = try preset(name).make() else { Issue.record("\(name) is not a pixel env"); continue }
            #expect(env.observationSpace.shape == [4, 84, 84])
        }
        var breakout = try preset("breakout")
        breakout.observation = .state
        guard case let .vector(state) = try breakout.make() else { Issue.record("Breakout-state is not a state env"); return }
        #expect(state.id == "Breakout-state")
        for name in ["breakout-state", "pong-state"] {
            guard case let .vector(env) = try preset(name).make() else { Issue.record("\(name) is not a state env"); continue }
            #expect(env.observationSpace.shape == [name == "pong-state" ? 9 : 116])
        }
    }

    /// A state vector with frame_skip = 4 advances the game 4 frames a step and sums the
    /// rewards: stepping it matches stepping the raw Pong-state 4 frames at a time (without the
    /// no-ops and FIRE of the preset's reset, which would put the two out of step).
    @Test func stateVectorsSkipFrames() throws {
        var pong = try preset("pong-state")
        (pong.noopMax, pong.fireReset) = (0, false)
        guard case let .vector(skipped) = try pong.make() else { Issue.record("pong-state is not a state env"); return }
        let raw = try AnyEnvironment<Float>(erasing: try environments.make("Pong-state"))
        try skipped.reset(seed: 7)
        try raw.reset(seed: 7)
        for step in 0..<300 {
            let action = [0, 2, 3][step % 3]
            let outcome = try skipped.step(action)
            var reward = 0.0
            for _ in 0..<4 { reward += try raw.step(action).reward }
            #expect(outcome.reward == reward)
        }
        #expect(skipped.observation() == raw.observation())
    }

    /// Breakout-state plays by the pixel preset's rules: the reset serves (FIRE), a lost ball
    /// ends the agent's episode with the game going on, and the statistics of the step that
    /// ends the game are the whole game's, unclipped.
    @Test func breakoutStateFollowsThePixelRules() throws {
        guard case let .vector(env) = try preset("breakout-state").make() else { Issue.record("breakout-state is not a state env"); return }
        var info = try env.reset(seed: 3)
        #expect(env.observation()[6] == 1, "the reset serves a ball")
        var lostBalls = 0, steps = 0, clippedReturn = 0.0
        while steps < 10_000 {
            let outcome = try env.step(0)
            steps += 1
            clippedReturn += outcome.reward
            #expect(abs(outcome.reward) <= 1)
            guard outcome.isEpisodeOver else { continue }
            if let game = outcome.info.episode {
                // The game's length counts the resets' steps too: FIRE and RIGHT after each of the
                // five serves, and the NOOP that follows each of the four balls lost before.
                #expect(lostBalls == 4 && game.length == steps + 5 * 2 + 4 && game.episodeReturn >= clippedReturn)
                return
            }
            lostBalls += 1
            #expect(outcome.info.lives == (info.lives ?? 0) - 1)
            info = try env.reset(seed: nil)
            #expect(env.observation()[6] == 1, "the reset after a lost ball serves again")
        }
        Issue.record("a NOOP player's game did not end within 10,000 steps")
    }

    /// Karpathy's observation: 6,400 differences of 0/1 frames, all zero after a reset.
    @Test func differenceFramesForPong() throws {
        var pong = try preset("pong")
        pong.observation = .difference
        pong.frameSkip = 3
        guard case let .vector(env) = try pong.make() else { Issue.record("difference frames are not a vector env"); return }
        #expect(env.observationSpace.shape == [6400])
        try env.reset(seed: 1)
        #expect(env.observation().allSatisfy { $0 == 0 })
        var moved = false
        for _ in 0..<40 { _ = try env.step(0); moved = moved || env.observation().contains { $0 != 0 } }
        #expect(moved)
        var cartPole = try preset("cartpole")
        cartPole.observation = .difference
        #expect(throws: EnvironmentError.self) { try cartPole.make() }
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
