import Agents
import Datasets
import Foundation
import Gym
import NN
import Runs
import Supervised

/// The training half of `rlrun clone`: the agent built as training builds it, its policy
/// network fitted to the pairs, the best epoch saved, then played greedily.
enum CloneTraining {
    static func run(agent name: String, configuration: RunConfiguration, preset: EnvironmentPreset, train: LabelledDataset,
                    validation: LabelledDataset?, options: CloneCommand, folder: RunFolder, configurationText: String) throws {
        /// Fits the agent's network, then (unless stopped) plays the clone; nil when it did not play.
        func cloneAndPlay<E: Environment>(_ env: E) throws -> EvaluationResult? where E.Scalar: AgentObservation {
            let built = try AgentFactory.build(name, in: env, copies: { _ in throw CommandLineError("cloning makes no learner copies") }, configuration: configuration)
            guard let agent = built.agent as? any PolicyCloning else { throw CommandLineError("\(name) cannot be cloned") }
            let metadata = CloneCheckpoint.metadata(agent: name, environment: configuration.environment, configuration: configurationText)
            // DQN's and PQN's outputs are action values: DQfD's large-margin loss keeps them values
            // (margin 0.8, the paper's); A3C's and PPO's are logits, for cross-entropy.
            let objective: Objective = ["dqn", "pqn"].contains(name) ? .largeMargin(margin: 0.8) : .classification
            let settings = FitSettings(objective: objective, epochs: options.epochs, batchSize: options.batchSize, seed: configuration.seed,
                                       bestCheckpointPath: folder.bestCheckpointPath, checkpointMetadata: metadata)
            let policy = ClonedPolicy(agent)
            let log = try FitRunLog(folder: folder, title: "\(name) cloned on \(configuration.environment), seed \(configuration.seed)",
                                epochs: options.epochs, examples: train.count,
                                save: { epoch in try policy.save(to: folder.latestCheckpointPath, metadata: metadata.merging(["epoch": String(epoch)]) { $1 }) })
            Interruption.install()
            _ = try fit(policy, train: train, validation: validation, settings: settings, optimizer: Adam(learningRate: options.learningRate), log: log)
            log.finish()
            guard FileManager.default.fileExists(atPath: folder.bestCheckpointPath) else {
                print("stopped before the first epoch ended: no cloned network was saved")
                return nil
            }
            if RunLog.interrupted {
                print("interrupted; the best epoch so far is \(folder.bestCheckpointPath)")
                return nil
            }
            guard options.evaluationEpisodes > 0 else { return nil }
            // The agent plays with the best epoch's network.
            try agent.start(fromClone: CloneCheckpoint.read(from: folder.bestCheckpointPath, agent: name, environment: configuration.environment))
            return try Agents.evaluate(built.agent, in: env, episodes: options.evaluationEpisodes, seed: 2_000_000,
                                       livesEndEpisodes: preset.terminalOnLifeLoss)
        }
        let played: EvaluationResult?
        switch try preset.make() {
        case let .pixels(env): played = try cloneAndPlay(env)
        case let .vector(env): played = try cloneAndPlay(env)
        }
        guard FileManager.default.fileExists(atPath: folder.bestCheckpointPath), !RunLog.interrupted else { return }
        if let result = played {
            print(String(format: "the cloned policy, greedy, over %d games: return %.2f ± %.2f (min %.0f, max %.0f)", options.evaluationEpisodes,
                         result.returnMean, result.returnStandardDeviation, result.returnMin, result.returnMax))
        }
        print("cloned network: \(folder.bestCheckpointPath); train from it with rlrun \(name) \(configuration.environment) --init \(folder.bestCheckpointPath)")
    }
}
