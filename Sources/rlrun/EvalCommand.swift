import Agents
import ArgumentParser
import Display
import Foundation
import Gym
import Presets
import Runs

/// `rlrun eval`: plays episodes with a policy and prints the mean ± std, min and max of the
/// return and the mean length; `--json` prints the same as one object.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a policy: `rlrun eval random <env>` for the random agent.",
        discussion: "Episodes are whole games (a lost life does not end one) and returns are real scores, unclipped.")

    @Argument(help: "`random`, the uniformly random agent.")
    var policy: String

    @Argument(help: "The environment, for `random`: cartpole, breakout, pong (see `rlrun list`).")
    var environment: String?

    @Option(help: "Number of episodes.")
    var episodes = 30

    @Option(help: "Seed of the first episode; episode i uses seed + i.")
    var seed: UInt64 = 0

    @Flag(help: "Print one JSON object: episodes, return_mean, return_std, return_min, return_max, length_mean.")
    var json = false

    @Flag(help: "Show the episodes in a window.")
    var render = false

    func validate() throws {
        guard episodes >= 1 else { throw ValidationError("--episodes \(episodes): play at least 1") }
    }

    func run() throws {
        guard policy == "random" else {
            throw CommandLineError("'\(policy)': this rlrun evaluates only the random agent so far (rlrun eval random <env>)")
        }
        guard let environment else { throw CommandLineError("rlrun eval random needs an environment, e.g. rlrun eval random breakout") }
        if render { try Window.checkDisplay() }
        let preset = try PresetFiles.table("envs", environment)
        var settings = try EnvironmentPreset(preset.table, source: preset.source)
        // Whole games: the life-loss signal is for training only.
        settings.terminalOnLifeLoss = false
        let result: EvaluationResult
        switch try settings.make(renderMode: render ? .rgbArray : .none) {
        case let .pixels(env): result = try play(env)
        case let .state(env): result = try play(env)
        }
        print(json ? Self.json(result) : Self.summary(result, of: "random agent on \(settings.id)"))
    }

    private func play<E: Environment>(_ env: E) throws -> EvaluationResult where E.Scalar: AgentObservation {
        let random = RandomPolicy(actionSpace: env.actionSpace, seed: seed &+ 1)
        var window: Window?
        defer { window?.close() }
        return try evaluate(random, in: env, episodes: episodes, seed: seed) { env in
            guard render, let frame = env.render() else { return }
            if window == nil { window = try? Window(title: "rlrun eval \(env.id)", width: frame.width, height: frame.height) }
            window?.show(frame, framesPerSecond: env.framesPerSecond)
        }
    }

    static func summary(_ result: EvaluationResult, of what: String) -> String {
        String(format: "%@: return %.2f ± %.2f (min %.2f, max %.2f) over %d episodes, mean length %.1f",
               what, result.returnMean, result.returnStandardDeviation, result.returnMin, result.returnMax, result.episodes, result.lengthMean)
    }

    static func json(_ result: EvaluationResult) -> String {
        func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }
        return "{\"episodes\": \(result.episodes), \"return_mean\": \(number(result.returnMean)), \"return_std\": \(number(result.returnStandardDeviation)), "
            + "\"return_min\": \(number(result.returnMin)), \"return_max\": \(number(result.returnMax)), \"length_mean\": \(number(result.lengthMean))}"
    }
}
