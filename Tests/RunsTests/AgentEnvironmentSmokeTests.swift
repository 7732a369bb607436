import Foundation
import Testing
import Agents
import Gym
import Presets
import Runs

/// The repository's own agents/ and envs/, as `rlrun` reads them.
private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// Small overrides per agent so that every pair trains for real in a debug build within
/// seconds: DQN and DRQN start learning at once from a small buffer, A3C and UNREAL run one
/// learner (UNREAL's replay full after 24 steps), REINFORCE
/// updates after every episode with a narrow layer, PPO and PQN roll out 16 steps of 2
/// copies (so that 64 steps are two whole iterations).
private let quick: [String: [String]] = [
    "dqn": ["learning_starts=16", "replay_capacity=128", "batch_size=4", "train_frequency=4", "target_update_interval=16",
            "metrics_interval=8"],
    "drqn": ["learning_starts=16", "replay_capacity=128", "batch_size=2", "burn_in=2", "sequence_length=4", "lstm_size=16",
             "train_frequency=4", "target_update_interval=16", "metrics_interval=8"],
    "a3c": ["learners=1"],
    "unreal": ["learners=1", "t_max=5", "auxiliary_replay_capacity=24", "auxiliary_sequence_length=4"],
    "reinforce": ["episodes_per_update=1", "hidden_sizes=[8]"],
    "ppo": ["envs=2", "env_threads=2", "rollout_steps=16", "minibatches=2", "epochs=1"],
    "pqn": ["envs=2", "env_threads=2", "rollout_steps=16", "minibatches=2", "epochs=1"],
]

/// Every agent trains on every environment preset as `rlrun <agent> <env>` builds them, for 64
/// steps:
/// pixels (the Nature CNN), state vectors (an MLP), and Pong's difference frames for
/// REINFORCE. Each run counts its steps, changes its network (the agents that update within
/// the budget), and acts inside the action space afterwards.
@Suite(.serialized) struct AgentEnvironmentSmokeTests {
    init() { PresetFiles.rootOverride = repository }

    @Test(arguments: ["dqn", "drqn", "a3c", "unreal", "reinforce", "ppo", "pqn"], ["cartpole", "pong", "pong-state", "breakout", "breakout-state"])
    func trainsAndActs(agent: String, environment: String) throws {
        let steps = 64
        let configuration = try RunConfiguration.resolve(agent: agent, environment: environment, assignments: quick[agent]!,
                                                         steps: steps, seed: 5)
        let preset = try EnvironmentPreset(configuration.environmentSettings, source: "envs/\(environment).toml")
        switch try preset.make() {
        case let .pixels(env): try train(agent, env, { try preset.make().pixels() }, configuration)
        case let .vector(env): try train(agent, env, { try preset.make().vector() }, configuration)
        }
    }

    /// The partially observed Pong, for the two agents compared on it.
    @Test(arguments: ["dqn", "drqn"])
    func trainsOnFlickeringPong(agent: String) throws {
        try trainsAndActs(agent: agent, environment: "flickering-pong")
    }

    private func train<Scalar: AgentObservation>(_ agent: String, _ env: AnyEnvironment<Scalar>,
                                                 _ copy: @escaping @Sendable () throws -> AnyEnvironment<Scalar>,
                                                 _ configuration: RunConfiguration) throws {
        let built = try AgentFactory.build(agent, in: env, copies: { _ in try copy() }, configuration: configuration)
        let before = built.agent.checkpointTensors()
        let log = TrainingHistory()
        try built.train(configuration.steps, log)
        // A3C finishes the rollout it is in (fewer than t_max steps past the budget).
        let counted = built.agent.checkpointCounters["steps"] ?? 0
        if ["a3c", "unreal"].contains(agent), case let .integer(tMax)? = configuration.hyperparameters["t_max"] {
            #expect((configuration.steps..<configuration.steps + tMax).contains(counted))
        } else {
            #expect(counted == configuration.steps)
        }
        // REINFORCE updates only after a whole episode, longer than the budget in the Atari games.
        let updates = agent != "reinforce" || configuration.environment == "cartpole"
        if updates {
            let after = built.agent.checkpointTensors()
            #expect(after.keys.contains { after[$0]!.scalars != before[$0]!.scalars }, "no parameter changed")
            #expect(!log.metrics.isEmpty)
            // progress.csv has a column for every metric the agent records.
            let recorded = Set(log.metrics.flatMap(\.values.keys))
            #expect(recorded.isSubset(of: built.metricNames), "no progress.csv column for \(recorded.subtracting(built.metricNames).sorted())")
        }
        try env.reset(seed: 1)
        var input = [Float](repeating: 0, count: env.observationSpace.count)
        input.withUnsafeMutableBufferPointer { target in env.withObservation { Scalar.encode($0, into: target.baseAddress!) } }
        let action = input.withUnsafeBufferPointer { built.agent.action(for: $0) }
        #expect((0..<env.actionSpace.n).contains(action))
    }
}
