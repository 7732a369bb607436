import Agents
import Gym
import Presets

/// Builds an agent by name from its resolved hyperparameters, for an environment: what
/// training and evaluation both need. `train` trains it for a number of steps.
public enum AgentFactory {
    public struct Built {
        public let agent: any Policy & Checkpointable
        public let metricNames: [String]
        public let train: (Int, any TrainingLog) throws -> Void
    }

    public static let names = ["a3c", "dqn", "reinforce"]

    public static func build<E: Environment>(_ name: String, in env: E, copies: @escaping @Sendable (Int) throws -> E,
                                      configuration: RunConfiguration) throws -> Built where E.Scalar: AgentObservation {
        let source = "agents/\(name).toml"
        switch name {
        case "dqn":
            let hyperparameters = try DQNHyperparameters(preset: configuration.hyperparameters, source: source,
                                                         steps: configuration.steps, seed: configuration.seed)
            let agent = try DQNAgent(for: env, hyperparameters: hyperparameters)
            return Built(agent: agent, metricNames: DQNAgent.metricNames) { steps, log in try agent.train(in: env, steps: steps, log: log) }
        case "reinforce":
            let hyperparameters = try ReinforceHyperparameters(preset: configuration.hyperparameters, source: source)
            let agent = try ReinforceAgent(for: env, hyperparameters: hyperparameters, seed: configuration.seed)
            return Built(agent: agent, metricNames: ReinforceAgent.metricNames) { steps, log in try agent.train(in: env, steps: steps, log: log) }
        case "a3c":
            let hyperparameters = try A3CHyperparameters(preset: configuration.hyperparameters, source: source)
            let agent = try A3CAgent(for: env, hyperparameters: hyperparameters, seed: configuration.seed)
            return Built(agent: agent, metricNames: A3CAgent.metricNames) { steps, log in
                try agent.train(makeEnvironment: copies, steps: steps, log: log)
            }
        default:
            throw PresetError("unknown agent '\(name)'; known agents: \(names.joined(separator: ", ")), random")
        }
    }
}
