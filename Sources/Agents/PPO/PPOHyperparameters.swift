/// Everything that shapes a PPO run (Schulman et al. 2017, "Proximal Policy Optimization
/// Algorithms", Algorithm 1 and Table 5), named as CleanRL's `ppo_atari.py` names its
/// arguments. No defaults here: they live in agents/ppo.toml, with a comment each.
public struct PPOHyperparameters: Sendable, Equatable {
    /// N: environment copies stepped as one batch (CleanRL's `num_envs`).
    public var environments: Int
    /// Threads the copies step on (1: the training thread). Runs do not depend on it.
    public var environmentThreads: Int
    /// T: steps of each copy per rollout (`num_steps`); a rollout holds N·T transitions.
    public var rolloutSteps: Int
    /// K: passes over the rollout per update (`update_epochs`).
    public var epochs: Int
    /// Minibatches per pass (`num_minibatches`): each holds N·T / minibatches transitions.
    public var minibatches: Int
    /// Adam's initial step.
    public var learningRate: Float
    /// Anneal the step linearly to 0 over the run's steps (`anneal_lr`).
    public var annealLearningRate: Bool
    /// Adam's ε (CleanRL: 1e-5, PyTorch's default 1e-8).
    public var adamEpsilon: Float
    /// γ.
    public var discount: Float
    /// λ of GAE.
    public var gaeLambda: Float
    /// ε of the clipped surrogate: the ratio π/π_old is kept within [1 − ε, 1 + ε] (`clip_coef`).
    public var clipCoefficient: Float
    /// Clip the value function's change around the rollout's values by the same ε (`clip_vloss`).
    public var clipValueLoss: Bool
    /// Normalize the advantages within each minibatch (`norm_adv`).
    public var normalizeAdvantages: Bool
    /// c₂: the entropy bonus's weight (`ent_coef`).
    public var entropyCoefficient: Float
    /// c₁: the value loss's weight (`vf_coef`).
    public var valueLossCoefficient: Float
    /// Clip the gradient to this global norm (`max_grad_norm`); nil: never.
    public var maxGradientNorm: Float?
    /// Stop an update's epochs early once the approximate KL divergence passes this (`target_kl`); nil: never.
    public var targetKL: Float?
    /// The run's total environment steps: the horizon the learning rate anneals over.
    public var totalSteps: Int
    /// Hidden widths of the shared MLP trunk for vector observations (frames get the Nature CNN).
    public var hiddenSizes: [Int]
    public var activation: HiddenActivation
    /// Whether the policy and the value share the MLP trunk for vectors (CleanRL's `ppo.py`: no).
    /// Frames always share the Nature CNN, as in `ppo_atari.py`.
    public var sharedTrunk: Bool
    public var seed: UInt64

    public init(environments: Int, environmentThreads: Int, rolloutSteps: Int, epochs: Int, minibatches: Int,
                learningRate: Float, annealLearningRate: Bool, adamEpsilon: Float, discount: Float, gaeLambda: Float,
                clipCoefficient: Float, clipValueLoss: Bool, normalizeAdvantages: Bool, entropyCoefficient: Float,
                valueLossCoefficient: Float, maxGradientNorm: Float?, targetKL: Float?, totalSteps: Int,
                hiddenSizes: [Int], activation: HiddenActivation, sharedTrunk: Bool, seed: UInt64) {
        (self.environments, self.environmentThreads, self.rolloutSteps, self.epochs, self.minibatches) =
            (environments, environmentThreads, rolloutSteps, epochs, minibatches)
        (self.learningRate, self.annealLearningRate, self.adamEpsilon, self.discount, self.gaeLambda) =
            (learningRate, annealLearningRate, adamEpsilon, discount, gaeLambda)
        (self.clipCoefficient, self.clipValueLoss, self.normalizeAdvantages, self.entropyCoefficient) =
            (clipCoefficient, clipValueLoss, normalizeAdvantages, entropyCoefficient)
        (self.valueLossCoefficient, self.maxGradientNorm, self.targetKL, self.totalSteps) =
            (valueLossCoefficient, maxGradientNorm, targetKL, totalSteps)
        (self.hiddenSizes, self.activation, self.sharedTrunk, self.seed) = (hiddenSizes, activation, sharedTrunk, seed)
    }

    /// N·T: transitions per rollout.
    public var batchSize: Int { environments * rolloutSteps }
    /// Transitions per minibatch.
    public var minibatchSize: Int { batchSize / minibatches }

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
        try require(adamEpsilon > 0, "adam_epsilon", "must be positive")
        try require(discount >= 0 && discount <= 1, "discount", "must be in [0, 1]")
        try require(gaeLambda >= 0 && gaeLambda <= 1, "gae_lambda", "must be in [0, 1]")
        try require(clipCoefficient > 0 && clipCoefficient.isFinite, "clip_coefficient", "must be positive")
        try require(entropyCoefficient >= 0, "entropy_coefficient", "must not be negative")
        try require(valueLossCoefficient >= 0, "value_loss_coefficient", "must not be negative")
        try require(maxGradientNorm.map { $0 > 0 } ?? true, "max_gradient_norm", "must be positive (0 turns clipping off)")
        try require(targetKL.map { $0 > 0 } ?? true, "target_kl", "must be positive (0 turns the early stop off)")
        try require(totalSteps >= 1, "steps", "must be at least 1")
        try require(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 }, "hidden_sizes", "must be one or more positive widths")
    }
}
