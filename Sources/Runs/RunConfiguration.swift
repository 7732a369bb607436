import Presets

/// Everything a run was made with, resolved from its layers: the agent's preset, the
/// agent preset's section for the environment, the environment's preset, then `--steps`,
/// `--seed` and `--set` from the command line. `config.toml` holds its `document`, and
/// `--resume` and `rlrun eval` read it back.
public struct RunConfiguration {
    public var agent: String
    public var environment: String
    public var steps: Int
    public var seed: UInt64
    /// The agent's hyperparameters (without `steps` and `seed`).
    public var hyperparameters: TOMLTable
    /// The environment's preset.
    public var environmentSettings: TOMLTable

    /// The title of the run's learning curve, "dqn on breakout, seed 1": the same whether the
    /// run draws it or `rlrun curve` draws it again.
    public var curveTitle: String { "\(agent) on \(environment), seed \(seed)" }

    /// Resolves the presets for `agent` on `environment` with the command line's overrides.
    public static func resolve(agent agentName: String, environment environmentName: String,
                        assignments: [String], steps: Int?, seed: UInt64?) throws -> RunConfiguration {
        let agent = try PresetFiles.table("agents", agentName)
        let environment = try PresetFiles.table("envs", environmentName)
        var hyperparameters = agent.table
        var environmentSettings = environment.table
        // The environment's section ([cartpole]) overrides the agent's defaults, and its
        // [<env>.env] table the environment's (REINFORCE sees Pong as difference frames).
        if case var .table(section)? = agent.table[environment.name] {
            if case let .table(overrides)? = section["env"] {
                environmentSettings = try PresetMerging.merge(overrides, into: environmentSettings,
                                                              source: "\(agent.source) [\(environment.name).env] (\(environment.source))")
                section["env"] = nil
            }
            hyperparameters = try PresetMerging.merge(section, into: hyperparameters, source: "\(agent.source) [\(environment.name)]")
        }
        // Sections for environments are not hyperparameters.
        for key in hyperparameters.keys { if case .table = hyperparameters[key] { hyperparameters[key] = nil } }
        let (agentOverrides, environmentOverrides) = try PresetMerging.splitAssignments(assignments, section: "env",
            usage: "keys are an agent's (learning_rate=…) or the environment's (env.frame_stack=…)")
        hyperparameters = try PresetMerging.merge(agentOverrides, into: hyperparameters, source: "--set (\(agent.source))")
        environmentSettings = try PresetMerging.merge(environmentOverrides, into: environmentSettings, source: "--set env. (\(environment.source))")
        var reader = PresetReader(hyperparameters, source: agent.source)
        let presetSteps = try reader.int("steps"), presetSeed = try reader.int("seed")
        hyperparameters["steps"] = nil
        hyperparameters["seed"] = nil
        let resolvedSteps = steps ?? presetSteps
        guard resolvedSteps > 0 else { throw PresetError("steps = \(resolvedSteps): a run needs at least one step") }
        guard presetSeed >= 0 else { throw PresetError("\(agent.source): seed = \(presetSeed) must be 0 or more") }
        return RunConfiguration(agent: agent.name, environment: environment.name, steps: resolvedSteps,
                                seed: seed ?? UInt64(presetSeed), hyperparameters: hyperparameters, environmentSettings: environmentSettings)
    }

    /// The configuration as config.toml holds it.
    public var document: TOMLTable {
        var run = TOMLTable()
        run["agent"] = .string(agent)
        run["environment"] = .string(environment)
        run["steps"] = .integer(steps)
        run["seed"] = .integer(Int(truncatingIfNeeded: seed))
        var document = TOMLTable()
        document["run"] = .table(run)
        document["agent"] = .table(hyperparameters)
        document["env"] = .table(environmentSettings)
        return document
    }

    /// Reads a config.toml back (for --resume and eval).
    public init(document: TOMLTable, source: String) throws {
        if document["model"] != nil && document["dataset"] != nil {
            throw PresetError("\(source): a supervised run of rlrun fit, not an agent's; measure it with rlrun fit --eval-only <run>/best.safetensors")
        }
        guard case let .table(run)? = document["run"], case let .table(hyperparameters)? = document["agent"],
              case let .table(environmentSettings)? = document["env"] else {
            throw PresetError("\(source): needs [run], [agent] and [env] sections; it was not written by rlrun")
        }
        var reader = PresetReader(run, source: source + " [run]")
        agent = try reader.string("agent")
        environment = try reader.string("environment")
        steps = try reader.int("steps")
        seed = UInt64(truncatingIfNeeded: try reader.int("seed"))
        try reader.finish()
        (self.hyperparameters, self.environmentSettings) = (hyperparameters, environmentSettings)
    }

    private init(agent: String, environment: String, steps: Int, seed: UInt64, hyperparameters: TOMLTable, environmentSettings: TOMLTable) {
        (self.agent, self.environment, self.steps, self.seed) = (agent, environment, steps, seed)
        (self.hyperparameters, self.environmentSettings) = (hyperparameters, environmentSettings)
    }
}
