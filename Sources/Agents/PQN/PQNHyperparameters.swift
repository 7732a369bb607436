/// Everything that shapes a PQN run (Gallici et al. 2024, "Simplifying Deep Temporal
/// Difference Learning", Algorithm 1), named as CleanRL's `pqn_atari_envpool.py` names its
/// arguments. No defaults here: they live in agents/pqn.toml, with a comment each.
public struct PQNHyperparameters: Sendable, Equatable {
    public enum OptimizerChoice: String, Sendable, Equatable, CaseIterable {
        /// Rectified Adam, as CleanRL's and the paper's Atari runs.
        case radam
        /// Adam, as CleanRL's `pqn.py` for CartPole.
        case adam
    }

    /// N: environment copies stepped as one batch (`num_envs`).
    public var environments: Int
    /// Threads the copies step on (1: the training thread). Runs do not depend on it.
    public var environmentThreads: Int
    /// T: steps of each copy per rollout (`num_steps`).
    public var rolloutSteps: Int
    /// Passes over each rollout (`update_epochs`).
    public var epochs: Int
    /// Minibatches per pass (`num_minibatches`); must divide N·T.
    public var minibatches: Int
    public var optimizer: OptimizerChoice
    /// The optimizer's initial step.
    public var learningRate: Float
    /// Anneal the step linearly to 0 over the run's steps (`anneal_lr`).
    public var annealLearningRate: Bool
    /// γ.
    public var discount: Float
    /// λ of the Q(λ) returns (`q_lambda`).
    public var qLambda: Float
    /// Clip the gradient to this global norm (`max_grad_norm`); nil: never.
    public var maxGradientNorm: Float?
    /// ε-greedy exploration: from `epsilonStart` to `epsilonEnd` linearly over
    /// `explorationFraction` of the run's steps, then constant.
    public var epsilonStart: Float
    public var epsilonEnd: Float
    public var explorationFraction: Double
    /// The run's total environment steps: the horizon of the schedules.
    public var totalSteps: Int
    /// Hidden widths of the MLP for vector observations (frames get the Nature CNN).
    public var hiddenSizes: [Int]
    public var seed: UInt64

    public init(environments: Int, environmentThreads: Int, rolloutSteps: Int, epochs: Int, minibatches: Int,
                optimizer: OptimizerChoice, learningRate: Float, annealLearningRate: Bool, discount: Float, qLambda: Float,
                maxGradientNorm: Float?, epsilonStart: Float, epsilonEnd: Float, explorationFraction: Double,
                totalSteps: Int, hiddenSizes: [Int], seed: UInt64) {
        (self.environments, self.environmentThreads, self.rolloutSteps, self.epochs, self.minibatches) =
            (environments, environmentThreads, rolloutSteps, epochs, minibatches)
        (self.optimizer, self.learningRate, self.annealLearningRate, self.discount, self.qLambda, self.maxGradientNorm) =
            (optimizer, learningRate, annealLearningRate, discount, qLambda, maxGradientNorm)
        (self.epsilonStart, self.epsilonEnd, self.explorationFraction, self.totalSteps) =
            (epsilonStart, epsilonEnd, explorationFraction, totalSteps)
        (self.hiddenSizes, self.seed) = (hiddenSizes, seed)
    }

    /// N·T: transitions per rollout.
    public var batchSize: Int { environments * rolloutSteps }
    public var minibatchSize: Int { batchSize / minibatches }

    /// ε(t), as DQN's schedule: linear over the exploration steps, then `epsilonEnd`.
    public var epsilonSchedule: LinearEpsilonSchedule {
        LinearEpsilonSchedule(start: epsilonStart, end: epsilonEnd,
                              steps: Swift.max(1, Int((explorationFraction * Double(totalSteps)).rounded())))
    }

    /// Throws, naming the preset key, for values no run can use.
    public func validate() throws(InvalidHyperparameter) {
        func require(_ condition: Bool, _ field: String, _ rule: String) throws(InvalidHyperparameter) {
            if !condition { throw InvalidHyperparameter(field: field, rule: rule) }
        }
        try require(environments >= 1, "envs", "must be at least 1 environment copy")
        try require(environmentThreads >= 1, "env_threads", "must be at least 1")
        try require(rolloutSteps >= 1, "rollout_steps", "must be at least 1")
        try require(epochs >= 1, "epochs", "must be at least 1")
        try require(minibatches >= 1 && batchSize % minibatches == 0, "minibatches",
                    "must divide envs × rollout_steps = \(batchSize) (got \(minibatches))")
        try require(learningRate > 0 && learningRate.isFinite, "learning_rate", "must be a positive number")
        try require(discount >= 0 && discount <= 1, "discount", "must be in [0, 1]")
        try require(qLambda >= 0 && qLambda <= 1, "q_lambda", "must be in [0, 1]")
        try require(maxGradientNorm.map { $0 > 0 } ?? true, "max_gradient_norm", "must be positive (0 turns clipping off)")
        try require(epsilonStart >= 0 && epsilonStart <= 1, "epsilon_start", "must be a probability in [0, 1]")
        try require(epsilonEnd >= 0 && epsilonEnd <= 1, "epsilon_end", "must be a probability in [0, 1]")
        try require(explorationFraction >= 0 && explorationFraction <= 1, "exploration_fraction", "must be in [0, 1]")
        try require(totalSteps >= 1, "steps", "must be at least 1")
        try require(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 }, "hidden_sizes", "must be one or more positive widths")
    }
}
