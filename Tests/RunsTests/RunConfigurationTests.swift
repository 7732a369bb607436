import Foundation
import Testing
import Agents
import Gym
import Presets
import Runs

/// The repository's own agents/ and envs/, as `rlrun` reads them.
private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// Serialized: the preset root is process-wide.
@Suite(.serialized) struct RunConfigurationTests {
    init() { PresetFiles.rootOverride = repository }

    @Test func layersResolveInOrderAndReadBackFromConfigTOML() throws {
        let configuration = try RunConfiguration.resolve(agent: "dqn", environment: "CartPole-v1",
                                                         assignments: ["batch_size=16", "env.observation=state"], steps: 1234, seed: nil)
        #expect(configuration.agent == "dqn" && configuration.environment == "cartpole")
        #expect(configuration.steps == 1234 && configuration.seed == 1)
        // [cartpole] overrides the default learning rate; --set overrides the batch size.
        #expect(configuration.hyperparameters["learning_rate"] == .float(2.3e-3))
        #expect(configuration.hyperparameters["batch_size"] == .integer(16))
        #expect(configuration.hyperparameters["steps"] == nil && configuration.hyperparameters["cartpole"] == nil)
        let text = TOMLWriter.document(configuration.document)
        let again = try RunConfiguration(document: try TOMLParser.parse(text), source: "config.toml")
        #expect(again.document == configuration.document)
    }

    /// An agent's section for an environment may set that environment's keys too: REINFORCE
    /// sees Pong as Karpathy's difference frames, DQN as the DQN papers' stacks; --set still wins.
    @Test func agentSectionsOverrideEnvironmentSettings() throws {
        let reinforce = try RunConfiguration.resolve(agent: "reinforce", environment: "pong", assignments: [], steps: nil, seed: nil)
        #expect(reinforce.environmentSettings["observation"] == .string("difference"))
        #expect(reinforce.hyperparameters["hidden_sizes"] == .array([.integer(200)]))
        #expect(reinforce.hyperparameters["env"] == nil)
        let dqn = try RunConfiguration.resolve(agent: "dqn", environment: "pong", assignments: [], steps: nil, seed: nil)
        #expect(dqn.environmentSettings["observation"] == .string("pixels"))
        let overridden = try RunConfiguration.resolve(agent: "reinforce", environment: "pong", assignments: ["env.observation=state"],
                                                      steps: nil, seed: nil)
        #expect(overridden.environmentSettings["observation"] == .string("state"))
    }

    /// Every agent preset builds its agent on the environments it is meant for.
    @Test(arguments: ["a3c", "dqn", "reinforce"])
    func everyAgentPresetBuildsItsAgent(agent: String) throws {
        let configuration = try RunConfiguration.resolve(agent: agent, environment: "cartpole", assignments: [], steps: nil, seed: nil)
        let env = TimeLimit(try EnvironmentPreset(configuration.environmentSettings, source: "envs").make().vector(), maxEpisodeSteps: 500)
        let built = try AgentFactory.build(agent, in: env, copies: { _ in throw PresetError("no copies") }, configuration: configuration)
        #expect(!built.agent.checkpointTensors().isEmpty)
    }

    /// Bad input on the command line is a one-line error naming it and the fix.
    @Test func unknownNamesKeysAndTypesAreOneLineErrors() throws {
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        let unknownAgent = message { _ = try RunConfiguration.resolve(agent: "sac", environment: "cartpole", assignments: [], steps: nil, seed: nil) }
        #expect(unknownAgent == "unknown agent 'sac'; known agents: a3c, dqn, drqn, ppo, pqn, reinforce, unreal")
        let unknownEnv = message { _ = try RunConfiguration.resolve(agent: "dqn", environment: "pacman", assignments: [], steps: nil, seed: nil) }
        #expect(unknownEnv == "unknown environment 'pacman'; known environments: breakout, breakout-state, cartpole, flickering-pong, pong, pong-state")
        let unknownKey = message { _ = try RunConfiguration.resolve(agent: "dqn", environment: "cartpole", assignments: ["learning_rat=1"], steps: nil, seed: nil) }
        #expect(unknownKey.hasPrefix("--set (agents/dqn.toml): unknown key 'learning_rat'; known keys: ") && unknownKey.contains("learning_rate"))
        let configuration = try RunConfiguration.resolve(agent: "dqn", environment: "cartpole", assignments: ["batch_size=big"], steps: nil, seed: nil)
        let wrongType = message { _ = try DQNHyperparameters(preset: configuration.hyperparameters, source: "agents/dqn.toml", steps: 1, seed: 1) }
        #expect(wrongType == "agents/dqn.toml: batch_size = \"big\" is a string; it must be a whole number, such as 32")
        for text in [unknownAgent, unknownEnv, unknownKey, wrongType] { #expect(!text.contains("\n")) }
    }

    /// The check made before a run folder is made: wrong types and values of every agent are
    /// refused in one line, and the presets as they are pass.
    @Test func agentCheckRefusesWhatTheAgentWouldRefuse() throws {
        for (agent, assignment) in [("dqn", "batch_size=big"), ("dqn", "batch_size=0"), ("a3c", "t_max=0"),
                                    ("reinforce", "discount=2"), ("ppo", "minibatches=3"), ("ppo", "gae_lambda=1.5"),
                                    ("ppo", "envs=0"), ("pqn", "q_lambda=-1"), ("pqn", "minibatches=5"), ("pqn", "optimizer=\"sgd\"")] {
            let configuration = try RunConfiguration.resolve(agent: agent, environment: "cartpole", assignments: [assignment], steps: nil, seed: nil)
            #expect(throws: (any Error).self, "\(agent) --set \(assignment)") { try AgentFactory.check(agent, configuration: configuration) }
        }
        for agent in AgentFactory.names {
            for environment in ["cartpole", "pong", "breakout", "pong-state", "breakout-state"] {
                let configuration = try RunConfiguration.resolve(agent: agent, environment: environment, assignments: [], steps: nil, seed: nil)
                try AgentFactory.check(agent, configuration: configuration)
            }
        }
    }
}
