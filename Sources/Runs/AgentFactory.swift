import Agents
import Gym
import NN
import Presets

/// Builds an agent by name from its resolved hyperparameters, for an environment: what
/// training and evaluation both need. `train` trains it for a number of steps.
public enum AgentFactory {
    public struct Built {
        public let agent: any Policy & Checkpointable
        public let metricNames: [String]
        public let train: (Int, any TrainingLog) throws -> Void
    }

    public static let names = ["a3c", "dqn", "drqn", "ppo", "pqn", "reinforce", "unreal"]
    /// The agents that train across processes (mpirun), each rank a replica.
    public static let dataParallel = ["a3c", "dqn", "ppo", "pqn"]
    /// The agents whose policy network `rlrun clone` trains and `--init` starts from.
    public static let cloneable = ["a3c", "dqn", "ppo", "pqn"]
    /// "a3c, dqn and ppo": the cloneable agents, for messages.
    public static var cloneableList: String { cloneable.dropLast().joined(separator: ", ") + " and " + cloneable.last! }

    /// Reads the agent's hyperparameters without building it (reading validates them): a wrong
    /// type or value is refused before a run folder is made for it.
    public static func check(_ name: String, configuration: RunConfiguration) throws {
        let source = "agents/\(name).toml", table = configuration.hyperparameters
        switch name {
        case "dqn": _ = try DQNHyperparameters(preset: table, source: source, steps: configuration.steps, seed: configuration.seed)
        case "drqn": _ = try DRQNHyperparameters(preset: table, source: source, steps: configuration.steps, seed: configuration.seed)
        case "reinforce": _ = try ReinforceHyperparameters(preset: table, source: source)
        case "a3c": _ = try A3CHyperparameters(preset: table, source: source)
        case "unreal": _ = try A3CHyperparameters(unrealPreset: table, source: source)
        case "ppo": _ = try PPOHyperparameters(preset: table, source: source, steps: configuration.steps, seed: configuration.seed)
        case "pqn": _ = try PQNHyperparameters(preset: table, source: source, steps: configuration.steps, seed: configuration.seed)
        default: throw unknownAgent(name)
        }
    }

    private static func unknownAgent(_ name: String) -> PresetError {
        PresetError("unknown agent '\(name)'; known agents: \(names.joined(separator: ", ")), random")
    }

    public static func build<E: Environment>(_ name: String, in env: E, copies: @escaping @Sendable (Int) throws -> E,
                                      configuration: RunConfiguration, processGroup: (any ProcessGroup)? = nil) throws -> Built
        where E.Scalar: AgentObservation {
        let source = "agents/\(name).toml"
        switch name {
        case "dqn":
            let hyperparameters = try DQNHyperparameters(preset: configuration.hyperparameters, source: source,
                                                         steps: configuration.steps, seed: configuration.seed)
            let agent = try DQNAgent(for: env, hyperparameters: hyperparameters)
            agent.processGroup = processGroup
            return Built(agent: agent, metricNames: DQNAgent.metricNames) { steps, log in try agent.train(in: env, steps: steps, log: log) }
        case "drqn":
            precondition(processGroup == nil, "DRQN trains in one process")
            let hyperparameters = try DRQNHyperparameters(preset: configuration.hyperparameters, source: source,
                                                          steps: configuration.steps, seed: configuration.seed)
            let agent = try DRQNAgent(for: env, hyperparameters: hyperparameters)
            return Built(agent: agent, metricNames: DRQNAgent.metricNames) { steps, log in try agent.train(in: env, steps: steps, log: log) }
        case "reinforce":
            precondition(processGroup == nil, "REINFORCE trains in one process")
            let hyperparameters = try ReinforceHyperparameters(preset: configuration.hyperparameters, source: source)
            let agent = try ReinforceAgent(for: env, hyperparameters: hyperparameters, seed: configuration.seed)
            return Built(agent: agent, metricNames: ReinforceAgent.metricNames) { steps, log in try agent.train(in: env, steps: steps, log: log) }
        case "a3c", "unreal":
            let hyperparameters = name == "a3c" ? try A3CHyperparameters(preset: configuration.hyperparameters, source: source)
                                                : try A3CHyperparameters(unrealPreset: configuration.hyperparameters, source: source)
            let agent = try A3CAgent(for: env, hyperparameters: hyperparameters, seed: configuration.seed)
            agent.processGroup = processGroup
            return Built(agent: agent, metricNames: name == "a3c" ? A3CAgent.metricNames : A3CAgent.unrealMetricNames) { steps, log in
                try agent.train(makeEnvironment: copies, steps: steps, log: log)
            }
        case "ppo":
            let hyperparameters = try PPOHyperparameters(preset: configuration.hyperparameters, source: source,
                                                         steps: configuration.steps, seed: configuration.seed)
            let agent = try PPOAgent(for: env, hyperparameters: hyperparameters)
            agent.processGroup = processGroup
            return Built(agent: agent, metricNames: PPOAgent.metricNames) { steps, log in
                try agent.train(makeEnvironment: copies, steps: steps, log: log)
            }
        case "pqn":
            let hyperparameters = try PQNHyperparameters(preset: configuration.hyperparameters, source: source,
                                                         steps: configuration.steps, seed: configuration.seed)
            let agent = try PQNAgent(for: env, hyperparameters: hyperparameters)
            agent.processGroup = processGroup
            return Built(agent: agent, metricNames: PQNAgent.metricNames) { steps, log in
                try agent.train(makeEnvironment: copies, steps: steps, log: log)
            }
        default:
            throw unknownAgent(name)
        }
    }

    /// The agent a checkpoint holds, built for `env` (one environment: acting, not training)
    /// and restored; throws a one-line error naming `path` when it does not fit.
    public static func restored<E: Environment>(_ checkpoint: Checkpoint, in env: E, configuration: RunConfiguration,
                                               path: String) throws -> any Policy & Checkpointable
        where E.Scalar: AgentObservation {
        let built = try build(checkpoint.agent, in: env, copies: { _ in throw CheckpointError("a restored policy acts in one environment") },
                              configuration: configuration)
        do {
            try built.agent.restore(tensors: checkpoint.tensors, counters: checkpoint.counters)
        } catch {
            throw CheckpointError("\(path): \(error)")
        }
        return built.agent
    }
}
