import Tensors

/// Adagrad (Duchi, Hazan & Singer 2011, "Adaptive Subgradient Methods for Online Learning
/// and Stochastic Optimization"): each coordinate's step shrinks with the sum of all its
/// squared gradients so far, so rarely updated coordinates keep large steps.
///
///     s ← s + g²
///     θ ← θ − α·g / (√s + ε)
///
/// As `torch.optim.Adagrad` (no learning-rate decay, accumulator starting at 0): α = 0.01,
/// ε = 1e-10, added outside the square root only to avoid 0/0 on the first step.
public final class Adagrad: Optimizer {
    public var learningRate: Float
    public let epsilon: Float
    public let weightDecay: Float
    public let states = OptimizerStates()
    public let name = "adagrad"
    public let slotNames = ["sum"]

    public init(learningRate: Float = 0.01, epsilon: Float = 1e-10, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public func applySingle(parameter θ: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                            count: Int, state: ParameterState) {
        state.step += 1
        let α = learningRate, ε = epsilon
        let s = state[slot: "sum"]
        for i in 0..<count {
            s[i] += g[i] * g[i]
            θ[i] -= α * g[i] / (s[i].squareRoot() + ε)
        }
    }
}
