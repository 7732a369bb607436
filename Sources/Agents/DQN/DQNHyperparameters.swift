import NN

/// Everything that shapes a DQN run (Mnih et al. 2015, "Human-level control through deep
/// reinforcement learning", Extended Data Table 1), with the options later work added: double
/// DQN, Polyak target updates, Adam.
///
/// No field has a default here: the defaults live in agents/dqn.toml, one place, with a comment
/// each (CleanRL's and Stable-Baselines3's values are given below for orientation).
/// `validate()` checks each field before an agent is built.
public struct DQNHyperparameters: Sendable, Equatable {
    /// Step size α of the optimizer (Nature: 2.5e-4 with centered RMSProp; CleanRL: 2.5e-4 on
    /// CartPole, 1e-4 on Atari with Adam).
    public var learningRate: Float
    /// The optimizer and its constants.
    public var optimizer: DQNOptimizer
    /// γ, the discount of future rewards in the TD target (0.99 everywhere).
    public var discount: Float
    /// Transitions per minibatch (Nature: 32; CleanRL CartPole: 128).
    public var batchSize: Int
    /// Transitions the replay buffer keeps, the oldest overwritten first (Nature: 1 M).
    public var replayCapacity: Int
    /// Transitions collected (by the ε-greedy policy) before the first update (Nature: 50k).
    public var learningStarts: Int
    /// Environment steps between updates (Nature: 4).
    public var trainFrequency: Int
    /// Gradient steps per update (1 in the paper; Stable-Baselines3's `gradient_steps`).
    public var gradientSteps: Int
    /// Environment steps between target-network updates, counted as CleanRL and
    /// Stable-Baselines3 count them (Nature's C = 10k; CleanRL CartPole: 500, Atari: 1000).
    public var targetUpdateInterval: Int
    /// τ of the target update θ⁻ ← τ·θ + (1 − τ)·θ⁻: 1 is the paper's hard copy, smaller values
    /// Polyak averaging (Lillicrap et al. 2016), usually with an interval of 1.
    public var tau: Float
    /// ε at step 0 of the linear annealing (1).
    public var epsilonStart: Float
    /// ε once annealing ends, kept from then on (Nature: 0.1; CleanRL: 0.05 CartPole, 0.01 Atari).
    public var epsilonEnd: Float
    /// Fraction of `totalSteps` over which ε falls from start to end (Nature: 1M of 50M
    /// frames; CleanRL: 0.5 CartPole, 0.1 Atari).
    public var explorationFraction: Double
    /// The run's length in environment steps: what `explorationFraction` is a fraction of. A run
    /// may be trained in pieces (`train(in:steps:log:)` again, or a resumed run); the schedule
    /// stays the same.
    public var totalSteps: Int
    /// ε when acting as a policy (`action(for:)`, evaluation): Nature evaluated with 0.05; 0 is greedy.
    public var evaluationEpsilon: Float
    /// δ of the Huber loss: TD errors beyond it give a gradient of ±δ (Nature's error
    /// clipping to [−1, 1] is δ = 1).
    public var huberDelta: Float
    /// Largest global L2 norm of the gradient, clipped above it (Stable-Baselines3: 10); nil
    /// leaves gradients as they are (the paper, CleanRL).
    public var maxGradientNorm: Float?
    /// Double DQN (van Hasselt et al. 2016): the online network picks the next action, the
    /// target network values it, which curbs the max operator's overestimation.
    public var doubleDQN: Bool
    /// Hidden layer widths of the MLP used for vector observations (CleanRL: [120, 84];
    /// Stable-Baselines3: [64, 64]). Pixel stacks [C, 84, 84] use the Nature CNN instead.
    public var hiddenSizes: [Int]
    /// Environment steps between reports of the training metrics (loss, ε, mean Q) to the log.
    public var metricsInterval: Int
    /// Seeds the networks' initial weights, exploration, minibatch sampling and the
    /// environment's first reset: the same seed gives the same run.
    public var seed: UInt64

    public init(learningRate: Float, optimizer: DQNOptimizer, discount: Float, batchSize: Int, replayCapacity: Int,
                learningStarts: Int, trainFrequency: Int, gradientSteps: Int, targetUpdateInterval: Int, tau: Float,
                epsilonStart: Float, epsilonEnd: Float, explorationFraction: Double, totalSteps: Int,
                evaluationEpsilon: Float, huberDelta: Float, maxGradientNorm: Float?, doubleDQN: Bool,
                hiddenSizes: [Int], metricsInterval: Int, seed: UInt64) {
        self.learningRate = learningRate
        self.optimizer = optimizer
        self.discount = discount
        self.batchSize = batchSize
        self.replayCapacity = replayCapacity
        self.learningStarts = learningStarts
        self.trainFrequency = trainFrequency
        self.gradientSteps = gradientSteps
        self.targetUpdateInterval = targetUpdateInterval
        self.tau = tau
        self.epsilonStart = epsilonStart
        self.epsilonEnd = epsilonEnd
        self.explorationFraction = explorationFraction
        self.totalSteps = totalSteps
        self.evaluationEpsilon = evaluationEpsilon
        self.huberDelta = huberDelta
        self.maxGradientNorm = maxGradientNorm
        self.doubleDQN = doubleDQN
        self.hiddenSizes = hiddenSizes
        self.metricsInterval = metricsInterval
        self.seed = seed
    }

    /// The linear ε schedule these settings describe.
    public var epsilonSchedule: LinearEpsilonSchedule {
        LinearEpsilonSchedule(start: epsilonStart, end: epsilonEnd,
                              steps: Int((explorationFraction * Double(totalSteps)).rounded(.down)))
    }
}

/// The optimizer of a DQN run, with the constants that differ between the two in use.
public enum DQNOptimizer: Sendable, Equatable {
    /// Adam (Kingma & Ba 2015) with this ε (CleanRL and Dopamine: 1e-8 and 0.01/32 ≈ 3.1e-4).
    case adam(epsilon: Float)
    /// Centered RMSProp as in the Nature paper's code: decay ρ 0.95, ε 0.01 inside the root.
    case centeredRMSProp(decay: Float, epsilon: Float)
}

extension DQNOptimizer {
    /// The optimizer these settings describe, stepping at `learningRate`.
    func make(learningRate: Float) -> any Optimizer {
        switch self {
        case .adam(let epsilon): Adam(learningRate: learningRate, epsilon: epsilon)
        case .centeredRMSProp(let decay, let epsilon): CenteredRMSProp(learningRate: learningRate, decay: decay, epsilon: epsilon)
        }
    }
}

/// A hyperparameter that cannot work, named with the value found and what to do instead.
public struct DQNHyperparameterError: Error, Equatable, CustomStringConvertible {
    public let field: String
    public let problem: String
    /// The agent whose preset holds the field (DRQN takes DQN's).
    public var agent = "dqn"

    public var description: String { "\(agent).\(field) \(problem)" }
}

extension DQNHyperparameters {
    /// Throws for the first field that cannot work, with a one-line message naming it and the fix.
    public func validate() throws(DQNHyperparameterError) {
        func check(_ ok: Bool, _ field: String, _ problem: @autoclosure () -> String) throws(DQNHyperparameterError) {
            if !ok { throw DQNHyperparameterError(field: field, problem: problem()) }
        }
        func positive(_ value: Int, _ field: String) throws(DQNHyperparameterError) {
            try check(value >= 1, field, "is \(value); use a whole number ≥ 1")
        }
        func probability(_ value: Float, _ field: String) throws(DQNHyperparameterError) {
            try check(value >= 0 && value <= 1, field, "is \(value); use a value in [0, 1]")
        }
        try check(learningRate.isFinite && learningRate > 0, "learning_rate", "is \(learningRate); use a finite value > 0 (e.g. 2.5e-4)")
        switch optimizer {
        case .adam(let epsilon):
            try check(epsilon.isFinite && epsilon > 0, "adam_epsilon", "is \(epsilon); use a finite value > 0 (e.g. 1e-8)")
        case .centeredRMSProp(let decay, let epsilon):
            try check(decay >= 0 && decay < 1, "rmsprop_decay", "is \(decay); use a value in [0, 1) (Nature: 0.95)")
            try check(epsilon.isFinite && epsilon > 0, "rmsprop_epsilon", "is \(epsilon); use a finite value > 0 (Nature: 0.01)")
        }
        try check(discount >= 0 && discount <= 1, "gamma", "is \(discount); use a discount in [0, 1] (e.g. 0.99)")
        try positive(batchSize, "batch_size")
        try check(replayCapacity >= 2, "buffer_size", "is \(replayCapacity); the replay buffer needs room for at least 2 transitions")
        try check(learningStarts >= 0, "learning_starts", "is \(learningStarts); use 0 or more steps")
        try positive(trainFrequency, "train_frequency")
        try positive(gradientSteps, "gradient_steps")
        try positive(targetUpdateInterval, "target_update_interval")
        try check(tau > 0 && tau <= 1, "tau", "is \(tau); use a value in (0, 1], 1 for a hard copy")
        try probability(epsilonStart, "epsilon_start")
        try probability(epsilonEnd, "epsilon_end")
        try check(explorationFraction >= 0 && explorationFraction <= 1, "exploration_fraction",
                  "is \(explorationFraction); use a fraction of the run in [0, 1]")
        try check(totalSteps >= 1, "total_steps", "is \(totalSteps); use the run's length in environment steps, ≥ 1")
        try probability(evaluationEpsilon, "evaluation_epsilon")
        try check(huberDelta.isFinite && huberDelta > 0, "huber_delta", "is \(huberDelta); use a value > 0 (Nature: 1)")
        if let maxGradientNorm {
            try check(maxGradientNorm.isFinite && maxGradientNorm > 0, "max_grad_norm",
                      "is \(maxGradientNorm); use a value > 0, or leave it out to not clip")
        }
        try check(hiddenSizes.allSatisfy { $0 >= 1 }, "hidden_sizes", "is \(hiddenSizes); every layer needs ≥ 1 unit")
        try positive(metricsInterval, "metrics_interval")
    }
}
