import Agents
import Presets

/// The agents' hyperparameters read from their resolved preset tables (agents/*.toml keys in
/// snake_case, one per field). Unknown keys and wrong types are one-line errors.
public extension DQNHyperparameters {
    init(preset table: TOMLTable, source: String, steps: Int, seed: UInt64) throws {
        var r = PresetReader(table, source: source)
        try self.init(reading: &r, steps: steps, seed: seed)
        try r.finish()
        try validate()
    }

    /// The DQN keys of a preset, leaving the reader open for an agent that takes more (DRQN).
    internal init(reading r: inout PresetReader, steps: Int, seed: UInt64) throws {
        let optimizer: DQNOptimizer
        let epsilon = try r.float("optimizer_epsilon"), decay = try r.float("rmsprop_decay")
        switch try r.choice("optimizer", of: ["adam", "centered_rmsprop"]) {
        case "adam": optimizer = .adam(epsilon: epsilon)
        default: optimizer = .centeredRMSProp(decay: decay, epsilon: epsilon)
        }
        let clip = try r.float("max_gradient_norm")
        self.init(learningRate: try r.float("learning_rate"), optimizer: optimizer, discount: try r.float("discount"),
                  batchSize: try r.int("batch_size"), replayCapacity: try r.int("replay_capacity"),
                  learningStarts: try r.int("learning_starts"), trainFrequency: try r.int("train_frequency"),
                  gradientSteps: try r.int("gradient_steps"), targetUpdateInterval: try r.int("target_update_interval"),
                  tau: try r.float("tau"), epsilonStart: try r.float("epsilon_start"), epsilonEnd: try r.float("epsilon_end"),
                  explorationFraction: try r.double("exploration_fraction"), totalSteps: steps,
                  evaluationEpsilon: try r.float("evaluation_epsilon"), huberDelta: try r.float("huber_delta"),
                  maxGradientNorm: clip > 0 ? clip : nil, doubleDQN: try r.bool("double_dqn"),
                  hiddenSizes: try r.ints("hidden_sizes"), metricsInterval: try r.int("metrics_interval"), seed: seed)
    }
}

public extension DRQNHyperparameters {
    init(preset table: TOMLTable, source: String, steps: Int, seed: UInt64) throws {
        var r = PresetReader(table, source: source)
        self.init(q: try DQNHyperparameters(reading: &r, steps: steps, seed: seed), burnIn: try r.int("burn_in"),
                  sequenceLength: try r.int("sequence_length"), lstmSize: try r.int("lstm_size"))
        try r.finish()
        try validate()
    }
}

public extension ReinforceHyperparameters {
    init(preset table: TOMLTable, source: String) throws {
        var r = PresetReader(table, source: source)
        let decay = try r.float("rmsprop_decay"), epsilon = try r.float("rmsprop_epsilon")
        let optimizer: PolicyGradientOptimizer = try r.choice("optimizer", of: ["adam", "rmsprop"]) == "adam"
            ? .adam : .rmsprop(decay: decay, epsilon: epsilon)
        let activation: HiddenActivation = try r.choice("activation", of: ["tanh", "relu"]) == "tanh" ? .tanh : .relu
        let clip = try r.float("max_gradient_norm")
        self.init(learningRate: try r.float("learning_rate"), optimizer: optimizer, discount: try r.float("discount"),
                  episodesPerUpdate: try r.int("episodes_per_update"), hiddenSizes: try r.ints("hidden_sizes"),
                  activation: activation, learnedBaseline: try r.bool("learned_baseline"),
                  valueLossCoefficient: try r.float("value_loss_coefficient"), entropyCoefficient: try r.float("entropy_coefficient"),
                  returnsEndAtReward: try r.bool("returns_end_at_reward"), normalizeReturns: try r.bool("normalize_returns"), maxGradientNorm: clip > 0 ? clip : nil)
        try r.finish()
        try validate()
    }
}

public extension A3CHyperparameters {
    init(preset table: TOMLTable, source: String) throws {
        var r = PresetReader(table, source: source)
        try self.init(reading: &r)
        try r.finish()
        try validate()
    }

    /// UNREAL: A3C's keys and the auxiliary tasks' (agents/unreal.toml).
    init(unrealPreset table: TOMLTable, source: String) throws {
        var r = PresetReader(table, source: source)
        try self.init(reading: &r)
        auxiliaryTasks = AuxiliaryTasks(
            replayCapacity: try r.int("auxiliary_replay_capacity"), sequenceLength: try r.int("auxiliary_sequence_length"),
            pixelControlWeight: try r.float("pixel_control_weight"), pixelControlDiscount: try r.float("pixel_control_discount"),
            rewardPredictionWeight: try r.float("reward_prediction_weight"), rewardPredictionBatch: try r.int("reward_prediction_batch"),
            valueReplayWeight: try r.float("value_replay_weight"))
        try r.finish()
        try validate()
    }

    /// A3C's keys of a preset, leaving the reader open for UNREAL's.
    internal init(reading r: inout PresetReader) throws {
        let decaySteps = try r.int("learning_rate_decay_steps"), clip = try r.float("max_gradient_norm")
        let activation: HiddenActivation = try r.choice("activation", of: ["tanh", "relu"]) == "tanh" ? .tanh : .relu
        self.init(learners: try r.int("learners"), tMax: try r.int("t_max"), discount: try r.float("discount"),
                  learningRate: try r.float("learning_rate"), learningRateDecaySteps: decaySteps > 0 ? decaySteps : nil,
                  rmspropDecay: try r.float("rmsprop_decay"), rmspropEpsilon: try r.float("rmsprop_epsilon"),
                  entropyCoefficient: try r.float("entropy_coefficient"), valueLossCoefficient: try r.float("value_loss_coefficient"),
                  maxGradientNorm: clip > 0 ? clip : nil, hiddenSizes: try r.ints("hidden_sizes"), activation: activation)
    }
}

public extension PPOHyperparameters {
    init(preset table: TOMLTable, source: String, steps: Int, seed: UInt64) throws {
        var r = PresetReader(table, source: source)
        let activation: HiddenActivation = try r.choice("activation", of: ["tanh", "relu"]) == "tanh" ? .tanh : .relu
        let clip = try r.float("max_gradient_norm"), targetKL = try r.float("target_kl")
        self.init(environments: try r.int("envs"), environmentThreads: try r.int("env_threads"), rolloutSteps: try r.int("rollout_steps"),
                  epochs: try r.int("epochs"), minibatches: try r.int("minibatches"), learningRate: try r.float("learning_rate"),
                  annealLearningRate: try r.bool("anneal_learning_rate"), adamEpsilon: try r.float("adam_epsilon"),
                  discount: try r.float("discount"), gaeLambda: try r.float("gae_lambda"), clipCoefficient: try r.float("clip_coefficient"),
                  clipValueLoss: try r.bool("clip_value_loss"), normalizeAdvantages: try r.bool("normalize_advantages"),
                  entropyCoefficient: try r.float("entropy_coefficient"), valueLossCoefficient: try r.float("value_loss_coefficient"),
                  maxGradientNorm: clip > 0 ? clip : nil, targetKL: targetKL > 0 ? targetKL : nil, totalSteps: steps,
                  hiddenSizes: try r.ints("hidden_sizes"), activation: activation, sharedTrunk: try r.bool("shared_trunk"), seed: seed)
        try r.finish()
        try validate()
    }
}

public extension PQNHyperparameters {
    init(preset table: TOMLTable, source: String, steps: Int, seed: UInt64) throws {
        var r = PresetReader(table, source: source)
        let optimizer = OptimizerChoice(rawValue: try r.choice("optimizer", of: OptimizerChoice.allCases.map(\.rawValue)))!
        let clip = try r.float("max_gradient_norm")
        self.init(environments: try r.int("envs"), environmentThreads: try r.int("env_threads"), rolloutSteps: try r.int("rollout_steps"),
                  epochs: try r.int("epochs"), minibatches: try r.int("minibatches"), optimizer: optimizer,
                  learningRate: try r.float("learning_rate"), annealLearningRate: try r.bool("anneal_learning_rate"),
                  discount: try r.float("discount"), qLambda: try r.float("q_lambda"), maxGradientNorm: clip > 0 ? clip : nil,
                  epsilonStart: try r.float("epsilon_start"), epsilonEnd: try r.float("epsilon_end"),
                  explorationFraction: try r.double("exploration_fraction"), totalSteps: steps,
                  hiddenSizes: try r.ints("hidden_sizes"), seed: seed)
        try r.finish()
        try validate()
    }
}
