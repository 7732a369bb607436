/// Everything that shapes a REINFORCE run. There are no defaults here: they live in
/// agents/reinforce.toml, with a comment each, and per-environment sections override them.
public struct ReinforceHyperparameters: Sendable, Equatable {
    /// The step size α of the optimizer.
    public var learningRate: Float
    /// How the gradient becomes a step.
    public var optimizer: PolicyGradientOptimizer
    /// γ in Gₜ = Σₖ γᵏ·rₜ₊ₖ. 0.99 for CartPole, as Karpathy's Pong.
    public var discount: Float
    /// Whole episodes played with the current policy before each update: more episodes, a
    /// less noisy gradient estimate (Karpathy's Pong uses 10).
    public var episodesPerUpdate: Int
    /// Widths of the hidden layers of the policy network (and of the value network when there
    /// is a baseline). Karpathy's Pong: [200].
    public var hiddenSizes: [Int]
    /// The nonlinearity between hidden layers.
    public var activation: HiddenActivation
    /// Subtract a learned state-value baseline b(s) = V(s) from the return (Williams 1992,
    /// section 4; Sutton & Barto 2018, section 13.4): the same gradient in expectation with a
    /// smaller variance. V is a separate network of `hiddenSizes`, trained towards the returns.
    public var learnedBaseline: Bool
    /// c in loss = policy loss + c·mean((G − V(s))²) − β·H; used only with the baseline.
    public var valueLossCoefficient: Float
    /// β: the weight of the entropy bonus (0 turns it off).
    public var entropyCoefficient: Float
    /// End the discounted sum at every nonzero reward: each point of Pong is then its own
    /// game, and an action is credited only with the point it played in (Karpathy's "Pong from
    /// Pixels": "reset the sum, since this was a game boundary (pong specific!)").
    public var returnsEndAtReward: Bool
    /// Normalize the returns of each update's batch to mean 0 and standard deviation 1 before
    /// they weight the log-probabilities (and before they are the baseline's targets).
    public var normalizeReturns: Bool
    /// Clip the global gradient norm to this before each step (nil: no clipping).
    public var maxGradientNorm: Float?

    public init(learningRate: Float, optimizer: PolicyGradientOptimizer, discount: Float, episodesPerUpdate: Int,
                hiddenSizes: [Int], activation: HiddenActivation, learnedBaseline: Bool, valueLossCoefficient: Float,
                entropyCoefficient: Float, returnsEndAtReward: Bool, normalizeReturns: Bool, maxGradientNorm: Float?) {
        self.learningRate = learningRate
        self.optimizer = optimizer
        self.discount = discount
        self.episodesPerUpdate = episodesPerUpdate
        self.hiddenSizes = hiddenSizes
        self.activation = activation
        self.learnedBaseline = learnedBaseline
        self.valueLossCoefficient = valueLossCoefficient
        self.entropyCoefficient = entropyCoefficient
        self.returnsEndAtReward = returnsEndAtReward
        self.normalizeReturns = normalizeReturns
        self.maxGradientNorm = maxGradientNorm
    }

    /// Throws, naming the field, for values no run can use.
    public func validate() throws(InvalidHyperparameter) {
        func require(_ condition: Bool, _ field: String, _ rule: String) throws(InvalidHyperparameter) {
            if !condition { throw InvalidHyperparameter(field: field, rule: rule) }
        }
        try require(learningRate > 0 && learningRate.isFinite, "learning_rate", "must be a positive number")
        try require(discount >= 0 && discount <= 1, "discount", "must be in 0...1")
        try require(episodesPerUpdate >= 1, "episodes_per_update", "must be at least 1")
        try require(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 }, "hidden_sizes", "must be one or more positive widths")
        try require(valueLossCoefficient >= 0, "value_loss_coefficient", "must not be negative")
        try require(entropyCoefficient >= 0, "entropy_coefficient", "must not be negative")
        try require(maxGradientNorm.map { $0 > 0 } ?? true, "max_gradient_norm", "must be positive (or absent for no clipping)")
        if case .rmsprop(let decay, let epsilon) = optimizer {
            try require(decay >= 0 && decay < 1, "rmsprop_decay", "must be in [0, 1)")
            try require(epsilon > 0, "rmsprop_epsilon", "must be positive")
        }
    }
}

/// The optimizer of a policy-gradient agent.
public enum PolicyGradientOptimizer: Sendable, Equatable {
    /// Adam (Kingma & Ba 2015) with the paper's β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    case adam
    /// RMSProp with running-mean decay ρ and ε outside the root (PyTorch's): Karpathy's Pong
    /// uses ρ = 0.99.
    case rmsprop(decay: Float, epsilon: Float)
}
