import Agents
import Presets

/// The agents' hyperparameters read from their resolved preset tables (agents/*.toml keys in
/// snake_case, one per field). Unknown keys and wrong types are one-line errors.
extension DQNHyperparameters {
    init(preset table: TOMLTable, source: String, steps: Int, seed: UInt64) throws {
        var r = PresetReader(table, source: source)
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
        try r.finish()
        try validate()
    }
}
