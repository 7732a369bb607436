import Agents
import ArgumentParser
import Display
import Foundation
import Games
import Gym
import Presets
import Runs
import Tensors

/// `rlrun eval`: plays episodes with a policy and prints the mean ± std, min and max of the
/// return and the mean length; `--json` prints the same as one object.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a saved policy, greedy: rlrun eval runs/<run> (its best checkpoint) or a .safetensors file; rlrun eval random <env> for the random agent, rlrun eval follower breakout|pong for the scripted player that follows the ball.",
        discussion: "Episodes are whole games (a lost life does not end one) and returns are real scores, unclipped.")

    @Argument(help: "A run folder, a checkpoint (.safetensors), `random` or `follower`.")
    var policy: String

    @Argument(help: "The environment, for `random` and `follower`: cartpole, breakout, pong (see `rlrun list`).")
    var environment: String?

    @Option(help: "Number of episodes.")
    var episodes = 30

    @Option(help: "Seed of the first episode; episode i uses seed + i.")
    var seed: UInt64 = 0

    @Flag(help: "Print one JSON object: episodes, return_mean, return_std, return_sem, return_min, return_max, length_mean, length_std, lost_per_minute.")
    var json = false

    @Flag(help: "Show the episodes in a window.")
    var render = false

    @Flag(help: "Save each episode as a .replay file (rlrun replay plays it back exactly) and a GIF.")
    var record = false

    @Option(name: .customLong("recordings-dir"), help: "Where --record writes.")
    var recordingsDirectory = "recordings"

    func validate() throws {
        guard episodes >= 1 else { throw ValidationError("--episodes \(episodes): play at least 1") }
    }

    func run() throws {
        if render { try Window.checkDisplay() }
        if Self.scriptedPolicies.contains(policy) {
            guard let environment else { throw CommandLineError("rlrun eval \(policy) needs an environment, e.g. rlrun eval \(policy) breakout") }
            let preset = try PresetFiles.table("envs", environment)
            try evaluate(settings: try EnvironmentPreset(preset.table, source: preset.source), agent: nil)
        } else {
            if environment != nil { throw CommandLineError("a checkpoint knows its environment; give only the run folder or file") }
            let (checkpoint, path) = try Self.checkpoint(at: policy)
            let configuration = try RunConfiguration(document: try TOMLParser.parse(checkpoint.configuration), source: path + " (config)")
            try evaluate(settings: try EnvironmentPreset(configuration.environmentSettings, source: path + " [env]"),
                         agent: (checkpoint, configuration, path))
        }
    }

    /// The policies that need no checkpoint, only an environment.
    static let scriptedPolicies = ["random", "follower"]

    /// A run folder's best checkpoint (its latest if it has no best yet), or the file given.
    static func checkpoint(at path: String) throws -> (Checkpoint, String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandLineError("\(path): no such run folder or checkpoint file")
        }
        guard isDirectory.boolValue else { return (try Checkpoint.read(from: path), path) }
        let folder = try RunFolder.existing(at: path)
        let file = FileManager.default.fileExists(atPath: folder.bestCheckpointPath) ? folder.bestCheckpointPath : folder.latestCheckpointPath
        return (try Checkpoint.read(from: file), file)
    }

    private func evaluate(settings: EnvironmentPreset, agent: (Checkpoint, RunConfiguration, String)?) throws {
        // A GIF frame every 4 steps of the game: 15 a second for the Atari games.
        let recording = record ? RecordingSettings(directory: recordingsDirectory, seed: seed, frameInterval: settings.id == "CartPole-v1" ? 1 : 4) : nil
        // The follower reads the screen, which the game then draws at every step.
        let renderMode: RenderMode = render || policy == "follower" ? .rgbArray : .none
        let result: EvaluationResult
        switch try settings.make(renderMode: renderMode, recording: recording) {
        case let .pixels(env): result = try play(env, livesEndEpisodes: settings.terminalOnLifeLoss, agent: agent)
        case let .vector(env): result = try play(env, livesEndEpisodes: settings.terminalOnLifeLoss, agent: agent)
        }
        let who = agent.map { "\($0.0.agent) (\($0.2))" } ?? (policy == "follower" ? "ball follower" : "random agent")
        let lostPerMinute = result.setbacksPerMinute(framesPerStep: settings.frameSkip, framesPerSecond: AtariScreen.framesPerSecond)
        print(json ? Self.json(result, lostPerMinute: lostPerMinute) : Self.summary(result, of: "\(who) on \(settings.id)", lostPerMinute: lostPerMinute))
        if let recording, !json { recording.saved.forEach { print("recorded \($0)") } }
    }

    /// Whole games: with `livesEndEpisodes`, the lost lives of a game are played through (`evaluate`).
    private func play<E: Environment>(_ env: E, livesEndEpisodes: Bool, agent: (Checkpoint, RunConfiguration, String)?) throws -> EvaluationResult
        where E.Scalar: AgentObservation {
        let policy: any Policy
        if let (checkpoint, configuration, path) = agent {
            policy = try AgentFactory.restored(checkpoint, in: env, configuration: configuration, path: path)
        } else if self.policy == "follower" {
            guard BallFollower.plays(env.id) else {
                throw CommandLineError("the follower plays Breakout and Pong, not \(env.id); try rlrun eval follower breakout")
            }
            policy = ScreenPolicy { env.render().flatMap { BallFollower.action(for: $0, in: env.id) } ?? 0 }
        } else {
            policy = RandomPolicy(actionSpace: env.actionSpace, seed: seed &+ 1)
        }
        var window: Window?
        defer { window?.close() }
        return try Agents.evaluate(policy, in: env, episodes: episodes, seed: seed, livesEndEpisodes: livesEndEpisodes) { env in
            guard render, let frame = env.render() else { return }
            if window == nil { window = try? Window(title: "rlrun eval \(env.id)", width: frame.width, height: frame.height) }
            window?.show(frame, framesPerSecond: env.framesPerSecond)
        }
    }

    /// One line; the lives or points lost a minute only where the games lose any.
    static func summary(_ result: EvaluationResult, of what: String, lostPerMinute: Double) -> String {
        let line = String(format: "%@: return %.2f ± %.2f (min %.2f, max %.2f) over %d episodes, mean length %.1f ± %.1f",
                          what, result.returnMean, result.returnStandardDeviation, result.returnMin, result.returnMax, result.episodes,
                          result.lengthMean, result.lengthStandardDeviation)
        return result.setbacks > 0 ? line + String(format: ", %.2f lives or points lost a minute", lostPerMinute) : line
    }

    static func json(_ result: EvaluationResult, lostPerMinute: Double) -> String {
        func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }
        return "{\"episodes\": \(result.episodes), \"return_mean\": \(number(result.returnMean)), \"return_std\": \(number(result.returnStandardDeviation)), "
            + "\"return_sem\": \(number(result.returnStandardError)), "
            + "\"return_min\": \(number(result.returnMin)), \"return_max\": \(number(result.returnMax)), \"length_mean\": \(number(result.lengthMean)), "
            + "\"length_std\": \(number(result.lengthStandardDeviation)), \"lost_per_minute\": \(number(lostPerMinute))}"
    }
}

/// `rlrun watch <run>`: evaluation in the window, a few episodes at the game's speed.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Watch a saved policy play in a window: rlrun watch runs/<run>.")

    @Argument(help: "A run folder or a checkpoint (.safetensors).")
    var policy: String

    @Option(help: "Number of episodes.")
    var episodes = 3

    @Option(help: "Seed of the first episode.")
    var seed: UInt64 = 0

    func run() throws {
        let eval = try EvalCommand.parse([policy, "--episodes", String(episodes), "--seed", String(seed), "--render"])
        try eval.validate()
        try eval.run()
    }
}
