import Games
import Gym
import Presets

/// An environment as a preset in envs/ describes it, made into the stack an agent trains on:
/// CartPole as it is, an Atari game through the preprocessing of the DQN papers (the fast
/// path, whose bytes equal the general wrappers'), or an Atari game's state vector.
public struct EnvironmentPreset: Sendable {
    public enum Observation: String, Sendable, CaseIterable {
        /// The environment's state vector (CartPole's 4 numbers, `Pong-state`'s 9).
        case state
        /// The DQN papers' 4 stacked 84×84 gray frames (Atari games).
        case pixels
        /// Karpathy's 80×80 difference frames (Atari games; `DifferenceFrames`).
        case difference
    }

    public var id: String
    public var observation: Observation
    /// Frames each action is held (the Atari games; 1 for CartPole). Pixels max the last two
    /// (`MaxAndSkip`); state vectors and difference frames observe the last (`FrameSkip`).
    public var frameSkip = 1
    /// The rest of the Atari preprocessing settings: the rules of the game (no-ops, lives, FIRE,
    /// clipping, sticky actions) for pixels and state vectors, the screen's for pixels only.
    public var noopMax = 30, screenSize = 84, frameStack = 4
    public var terminalOnLifeLoss = false, fireReset = true, clipRewards = true
    public var stickyActionProbability = 0.0
    /// The probability that an observation is blanked (`Flicker`: the flickering games of
    /// Hausknecht & Stone 2015); 0, or no key, observes every step.
    public var flickerProbability = 0.0

    /// Reads a preset table; every key must be known and of the right type.
    public init(_ table: TOMLTable, source: String) throws(PresetError) {
        var reader = PresetReader(table, source: source)
        id = try reader.string("id")
        let observation = try reader.choice("observation", of: Observation.allCases.map(\.rawValue))
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
            // Frame skipping applies to every Atari observation; the pixel settings may stay in
            // a preset switched to another observation. A state vector takes the Atari rules too
            // (envs/breakout-state.toml); a configuration without them (a run saved before state
            // vectors had them) keeps the bare game: no no-ops, no life loss, no FIRE, no clipping.
            if table["frame_skip"] != nil { frameSkip = try reader.int("frame_skip") }
            noopMax = table["noop_max"] != nil ? try reader.int("noop_max") : 0
            terminalOnLifeLoss = table["terminal_on_life_loss"] != nil ? try reader.bool("terminal_on_life_loss") : false
            fireReset = table["fire_reset"] != nil ? try reader.bool("fire_reset") : false
            clipRewards = table["clip_rewards"] != nil ? try reader.bool("clip_rewards") : false
            if table["sticky_action_probability"] != nil { stickyActionProbability = try reader.double("sticky_action_probability") }
            for key in ["screen_size", "frame_stack"] where table[key] != nil { _ = try reader.int(key) }
        }
        if table["flicker_probability"] != nil { flickerProbability = try reader.double("flicker_probability") }
        try reader.finish()
        guard environments.ids.contains(id) else {
            throw PresetError("\(source): id = \(TOMLValue.string(id)) is not a registered environment; known: \(environments.ids.joined(separator: ", "))")
        }
        guard frameSkip >= 1 else { throw PresetError("\(source): frame_skip = \(frameSkip) must be 1 or more") }
        guard flickerProbability >= 0 && flickerProbability <= 1 else {
            throw PresetError("\(source): flicker_probability = \(flickerProbability) must be a probability in [0, 1]")
        }
    }

    /// The environment an agent sees, in `renderMode` (rgb_array to watch it). With
    /// `recording`, each finished episode is also saved as a replay and a GIF, recorded one
    /// frame a step under the registry's id so that `rlrun replay` reproduces it exactly.
    public func make(renderMode: RenderMode = .none, recording: RecordingSettings? = nil) throws(EnvironmentError) -> MadeEnvironment {
        try make(renderMode: recording == nil ? renderMode : .rgbArray, wrappingGame: recording)
    }

    /// The environment an agent sees, its game (one frame a step, under the registry's id)
    /// wrapped by `wrapping` below every preprocessing wrapper: a recorder, or the recorded
    /// actions of a replay that drive the whole stack (behaviour cloning).
    public func make(renderMode: RenderMode = .none, wrappingGame wrapping: (any GameWrapping)?) throws(EnvironmentError) -> MadeEnvironment {
        let recording = wrapping
        guard observation == .state || ["Breakout", "Pong"].contains(id) else {
            throw .invalidOption(environment: id, name: "observation", problem: "\"\(observation.rawValue)\" is for the Atari games (Breakout, Pong); use \"state\"")
        }
        // An Atari game's state vector takes the pixels' rules (`atariStatePreprocessing`), so
        // its agents learn the same game; difference frames and CartPole end episodes only where
        // the game does, so the agents' own counts of return and length are the game's.
        switch observation {
        case .pixels:
            return .pixels(id == "Breakout" ? try atari(BreakoutGame.self, renderMode: renderMode, recording: recording)
                                            : try atari(PongGame.self, renderMode: renderMode, recording: recording))
        case .difference:
            let screens = try recorded(environments.make(id, renderMode: renderMode), recording)
            guard let rgb = try? AnyEnvironment<UInt8>(erasing: screens) else {
                throw .invalidOption(environment: id, name: "observation", problem: "\(id) does not observe screens; use \"state\"")
            }
            return .vector(try flickering(AnyEnvironment(try DifferenceFrames(skipped(rgb)))))
        case .state:
            let stateID = ["Breakout": "Breakout-state", "Pong": "Pong-state"][id] ?? id
            let env = try recorded(environments.make(stateID, renderMode: renderMode), recording)
            guard let state = try? AnyEnvironment<Float>(erasing: env) else {
                throw .invalidOption(environment: id, name: "observation", problem: "\(stateID) does not observe a state vector; use \"pixels\"")
            }
            guard ["Breakout", "Pong"].contains(id) else { return .vector(try flickering(skipped(state))) }
            return .vector(try flickering(atariStatePreprocessing(state, noopMax: noopMax, frameSkip: frameSkip, terminalOnLifeLoss: terminalOnLifeLoss,
                                                                  fireReset: fireReset, clipRewards: clipRewards,
                                                                  stickyActionProbability: stickyActionProbability)))
        }
    }

    /// `env` holding each action for `frameSkip` frames, or `env` itself when that is 1.
    private func skipped<Scalar>(_ env: AnyEnvironment<Scalar>) -> AnyEnvironment<Scalar> {
        frameSkip == 1 ? env : AnyEnvironment(FrameSkip(env, skip: frameSkip))
    }

    /// `env` blanked with `flickerProbability` (pixels flicker below their frame stack instead).
    private func flickering(_ env: AnyEnvironment<Float>) throws(EnvironmentError) -> AnyEnvironment<Float> {
        flickerProbability > 0 ? AnyEnvironment(try Flicker(env, probability: flickerProbability)) : env
    }

    /// `env` wrapped as `wrapping` says (recorded one frame a step, or driven by a replay).
    private func recorded(_ env: any Environment, _ wrapping: (any GameWrapping)?) -> any Environment {
        guard let wrapping else { return env }
        func wrapped<E: Environment>(_ env: E) -> any Environment { wrapping.wrap(env) }
        return wrapped(env)
    }

    private func atari<Game: AtariGame>(_ game: Game.Type, renderMode: RenderMode, recording: (any GameWrapping)?)
        throws(EnvironmentError) -> AnyEnvironment<UInt8> {
        try fastAtariPreprocessing(Game.self, renderMode: renderMode, noopMax: noopMax, frameSkip: frameSkip, screenSize: screenSize,
                                   terminalOnLifeLoss: terminalOnLifeLoss, fireReset: fireReset, clipRewards: clipRewards,
                                   frameStack: frameStack, stickyActionProbability: stickyActionProbability,
                                   flickerProbability: flickerProbability, wrapGame: { game in recording?.wrap(game) ?? game })
    }
}

/// An environment made from a preset: pixel stacks (UInt8) for the convolutional networks,
/// or vectors of numbers (Float: state vectors, difference frames) for the MLPs.
public enum MadeEnvironment {
    case pixels(AnyEnvironment<UInt8>)
    case vector(AnyEnvironment<Float>)
}
