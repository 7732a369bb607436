/// Everything that shapes an A3C run (Mnih et al. 2016, "Asynchronous Methods for Deep
/// Reinforcement Learning", section 4 and supplementary section 8). No defaults here: they
/// live in agents/a3c.toml, with a comment each.
public struct A3CHyperparameters: Sendable, Equatable {
    /// Learner threads, each with its own copy of the environment (the paper: 16; the preset:
    /// one per core). Runs are reproducible for a given seed and learner count.
    public var learners: Int
    /// t_max: the most steps a learner takes before its update; fewer when the episode ends
    /// (the paper: 5).
    public var tMax: Int
    /// γ in the n-step return R = Σᵢ γⁱ·rₜ₊ᵢ + γⁿ·V(sₜ₊ₙ).
    public var discount: Float
    /// The initial step size α of the shared RMSProp.
    public var learningRate: Float
    /// Anneal α linearly to 0 over this many environment steps, counted from the start of
    /// the run (the paper anneals to 0 over training); nil keeps it constant.
    public var learningRateDecaySteps: Int?
    /// ρ of the shared RMSProp's running mean of g² (the paper: 0.99).
    public var rmspropDecay: Float
    /// ε of the shared RMSProp, inside the square root as in the paper (0.1 there).
    public var rmspropEpsilon: Float
    /// β: the weight of the entropy bonus (the paper: 0.01).
    public var entropyCoefficient: Float
    /// c in c·mean((R − V(s))²), the critic's share of the loss (0.5 in most implementations).
    public var valueLossCoefficient: Float
    /// Clip each learner's gradient to this global norm before it is applied (nil: never;
    /// 40 in the paper's Atari runs, 0.5 in Stable-Baselines3's A2C).
    public var maxGradientNorm: Float?
    /// Widths of the shared trunk's hidden layers for vector observations. Ignored for frames
    /// ([C, 84, 84]), which get the Nature CNN.
    public var hiddenSizes: [Int]
    /// The nonlinearity of the vector trunk.
    public var activation: HiddenActivation
    /// UNREAL's auxiliary tasks (Jaderberg et al. 2016) on top of A3C; nil is plain A3C.
    public var auxiliaryTasks: AuxiliaryTasks? = nil

    public init(learners: Int, tMax: Int, discount: Float, learningRate: Float, learningRateDecaySteps: Int?,
                rmspropDecay: Float, rmspropEpsilon: Float, entropyCoefficient: Float, valueLossCoefficient: Float,
                maxGradientNorm: Float?, hiddenSizes: [Int], activation: HiddenActivation) {
        self.learners = learners
        self.tMax = tMax
        self.discount = discount
        self.learningRate = learningRate
        self.learningRateDecaySteps = learningRateDecaySteps
        self.rmspropDecay = rmspropDecay
        self.rmspropEpsilon = rmspropEpsilon
        self.entropyCoefficient = entropyCoefficient
        self.valueLossCoefficient = valueLossCoefficient
        self.maxGradientNorm = maxGradientNorm
        self.hiddenSizes = hiddenSizes
        self.activation = activation
    }

    /// Throws, naming the field, for values no run can use.
    public func validate() throws(InvalidHyperparameter) {
        func require(_ condition: Bool, _ field: String, _ rule: String) throws(InvalidHyperparameter) {
            if !condition { throw InvalidHyperparameter(field: field, rule: rule) }
        }
        try require(learners >= 1, "learners", "must be at least 1")
        try require(tMax >= 1, "t_max", "must be at least 1")
        try require(discount >= 0 && discount <= 1, "discount", "must be in 0...1")
        try require(learningRate > 0 && learningRate.isFinite, "learning_rate", "must be a positive number")
        try require(learningRateDecaySteps.map { $0 > 0 } ?? true, "learning_rate_decay_steps", "must be positive (or absent for a constant rate)")
        try require(rmspropDecay >= 0 && rmspropDecay < 1, "rmsprop_decay", "must be in [0, 1)")
        try require(rmspropEpsilon > 0, "rmsprop_epsilon", "must be positive")
        try require(entropyCoefficient >= 0, "entropy_coefficient", "must not be negative")
        try require(valueLossCoefficient >= 0, "value_loss_coefficient", "must not be negative")
        try require(maxGradientNorm.map { $0 > 0 } ?? true, "max_gradient_norm", "must be positive (or absent for no clipping)")
        try require(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 }, "hidden_sizes", "must be one or more positive widths")
        try auxiliaryTasks?.validate()
    }
}
