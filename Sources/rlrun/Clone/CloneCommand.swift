import Agents
import ArgumentParser
import Datasets
import Foundation
import Gym
import NN
import Presets
import Runs
import Supervised

/// `rlrun clone <env> <recordings…>`: behaviour cloning. The recorded games become (observation,
/// action) pairs under the agent's own environment preset; the agent's policy network learns
/// them with cross-entropy (`fit`); the cloned network is saved in a run folder, played
/// greedily, and `rlrun a3c|dqn <env> --init <run>/best.safetensors` starts training from it.
struct CloneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Train an agent's policy network on recorded play: rlrun clone breakout recordings/.")

    @Argument(help: "The environment: cartpole, breakout or pong (envs/*.toml), as the agent will train on it.")
    var environment: String

    @Argument(help: ".replay files (rlrun play <game> --record, rlrun eval --record), or folders of them.")
    var recordings: [String]

    @Option(help: "The agent whose network learns: a3c, dqn, ppo or pqn (its preset sets the network and the observations).")
    var agent = "a3c"

    @Option(name: .customLong("set"), help: "Override a preset value, as for training: key=value for the agent, env.key=value for the environment.")
    var assignments: [String] = []

    @Option(help: "Passes over the demonstrations.")
    var epochs = 10

    @Option(name: .customLong("batch-size"), help: "Pairs per minibatch.")
    var batchSize = 64

    @Option(name: .customLong("learning-rate"), help: "Adam's learning rate.")
    var learningRate: Float = 1e-3

    @Option(name: .customLong("validation-fraction"), help: "The last share of the pairs held out to pick the best epoch; 0: none.")
    var validationFraction = 0.1

    @Option(help: "Seed of the network's weights, the minibatch order and the evaluation games (default: the agent preset's).")
    var seed: UInt64?

    @Option(name: .customLong("run-dir"), help: "The run folder (default: runs/clone-<agent>-<env>-<date>-<time>).")
    var runDirectory: String?

    @Option(name: .customLong("eval-episodes"), help: "Greedy games the cloned policy plays at the end; 0: none.")
    var evaluationEpisodes = 10

    func validate() throws {
        guard AgentFactory.cloneable.contains(agent) else {
            throw ValidationError("--agent \(agent): clone one of \(AgentFactory.cloneable.joined(separator: ", ")) (their training takes --init)")
        }
        if epochs < 1 { throw ValidationError("--epochs \(epochs): train at least 1 epoch") }
        if batchSize < 1 { throw ValidationError("--batch-size \(batchSize): at least 1 pair a minibatch") }
        if !(learningRate > 0) { throw ValidationError("--learning-rate \(learningRate): give a number above 0, such as 0.001") }
        if !(0..<1).contains(validationFraction) { throw ValidationError("--validation-fraction \(validationFraction): give a share in [0, 1)") }
        if evaluationEpisodes < 0 { throw ValidationError("--eval-episodes \(evaluationEpisodes): give 0 (none) or more") }
    }

    func run() throws {
        let configuration = try RunConfiguration.resolve(agent: agent, environment: environment, assignments: assignments, steps: nil, seed: seed)
        try AgentFactory.check(agent, configuration: configuration)
        let preset = try EnvironmentPreset(configuration.environmentSettings, source: "envs/\(configuration.environment).toml")
        let files = try Demonstrations.replayFiles(in: recordings)
        let replays = try files.map { (source: $0, replay: try EpisodeReplay.read(from: URL(fileURLWithPath: $0))) }
        let (pairs, episodes) = try Demonstrations.collect(replays, environment: preset)
        let held = Int(Double(pairs.count) * validationFraction)
        let (train, validation) = pairs.split(at: pairs.count - held)
        let folder = try RunFolder.create(at: runDirectory ?? RunFolder.defaultPath(agent: "clone-\(agent)", environment: configuration.environment,
                                                                                     startedAt: Date()))
        let text = TOMLWriter.document(configuration.document, comment: "rlrun clone \(configuration.environment) --agent \(agent): the agent and environment the network was cloned for")
        try folder.writeConfiguration(text)
        print("cloning \(agent)'s network on \(configuration.environment): \(episodes.count) recorded games, \(pairs.count) (observation, action) pairs, \(held) held out; run folder \(folder.path)")
        for episode in episodes { print("  \(episode.source): \(episode.pairs) pairs, recorded return \(episode.recordedReturn)") }

        try CloneTraining.run(agent: agent, configuration: configuration, preset: preset, train: train,
                              validation: held > 0 ? validation : nil, options: self, folder: folder, configurationText: text)
    }
}
