import Games
import Gym
import Presets

/// An environment as a preset in envs/ describes it, made into the stack an agent trains on:
/// CartPole as it is, an Atari game through the preprocessing of the DQN papers (the fast
/// path, whose bytes equal the general wrappers'), or an Atari game's state vector.
public struct EnvironmentPreset: Sendable {
    public enum Observation: String, Sendable { case state, pixels }

    public var id: String
    public var observation: Observation
    /// The Atari preprocessing settings (pixels only).
    public var noopMax = 30, frameSkip = 4, screenSize = 84, frameStack = 4
    public var terminalOnLifeLoss = false, fireReset = true, clipRewards = true
    public var stickyActionProbability = 0.0

    /// Reads a preset table; every key must be known and of the right type.
    public init(_ table: TOMLTable, source: String) throws(PresetError) {
        var reader = PresetReader(table, source: source)
        id = try reader.string("id")
        let observation = try reader.choice("observation", of: ["state", "pixels"])
        self.observation = Observation(rawValue: observation)!
        if self.observation == .pixels {
            noopMax = try reader.int("noop_max")
            frameSkip = try reader.int("frame_skip")
            screenSize = try reader.int("screen_size")
            frameStack = try reader.int("frame_stack")
            terminalOnLifeLoss = try reader.bool("terminal_on_life_loss")
            fireReset = try reader.bool("fire_reset")
            clipRewards = try reader.bool("clip_rewards")
            stickyActionProbability = try reader.double("sticky_action_probability")
        } else {
            // The Atari settings may stay in a preset switched to state vectors.
            for key in ["noop_max", "frame_skip", "screen_size", "frame_stack"] where table[key] != nil { _ = try reader.int(key) }
            for key in ["terminal_on_life_loss", "fire_reset", "clip_rewards"] where table[key] != nil { _ = try reader.bool(key) }
            if table["sticky_action_probability"] != nil { _ = try reader.double("sticky_action_probability") }
        }
        try reader.finish()
        guard environments.ids.contains(id) else {
            throw PresetError("\(source): id = \"\(id)\" is not a registered environment; known: \(environments.ids.joined(separator: ", "))")
        }
    }

    /// The environment an agent sees, in `renderMode` (rgb_array to watch it). With
    /// `recording`, each finished episode is also saved as a replay and a GIF, recorded one
    /// frame a step under the registry's id so that `rlrun replay` reproduces it exactly.
    public func make(renderMode: RenderMode = .none, recording: RecordingSettings? = nil) throws(EnvironmentError) -> MadeEnvironment {
        let renderMode = recording == nil ? renderMode : .rgbArray
        switch (observation, id) {
        case (.pixels, "Breakout"): return .pixels(try atari(BreakoutGame.self, renderMode: renderMode, recording: recording))
        case (.pixels, "Pong"): return .pixels(try atari(PongGame.self, renderMode: renderMode, recording: recording))
        case (.pixels, _):
            throw .invalidOption(environment: id, name: "observation", problem: "\"pixels\" is for the Atari games (Breakout, Pong); use \"state\"")
        case (.state, _):
            let stateID = ["Breakout": "Breakout-state", "Pong": "Pong-state"][id] ?? id
            var env = try environments.make(stateID, renderMode: renderMode)
            if let recording {
                func recorded<E: Environment>(_ env: E) -> any Environment { recording.recorder(env) }
                env = recorded(env)
            }
            guard let state = try? AnyEnvironment<Float>(erasing: env) else {
                throw .invalidOption(environment: id, name: "observation", problem: "\(stateID) does not observe a state vector; use \"pixels\"")
            }
            return .state(state)
        }
    }

    private func atari<Game: AtariGame>(_ game: Game.Type, renderMode: RenderMode, recording: RecordingSettings?)
        throws(EnvironmentError) -> AnyEnvironment<UInt8> {
        try fastAtariPreprocessing(Game.self, renderMode: renderMode, noopMax: noopMax, frameSkip: frameSkip, screenSize: screenSize,
                                   terminalOnLifeLoss: terminalOnLifeLoss, fireReset: fireReset, clipRewards: clipRewards,
                                   frameStack: frameStack, stickyActionProbability: stickyActionProbability,
                                   wrapGame: { game in recording.map { AnyEnvironment($0.recorder(game)) } ?? game })
    }
}

/// An environment made from a preset: pixels (UInt8) or a state vector (Float).
public enum MadeEnvironment {
    case pixels(AnyEnvironment<UInt8>)
    case state(AnyEnvironment<Float>)
}
