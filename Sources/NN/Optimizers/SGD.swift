import Tensors

/// Stochastic gradient descent, with optional momentum (Polyak 1964, "heavy ball") and
/// Nesterov momentum (Nesterov 1983, in the deep-learning form of Sutskever et al. 2013).
///
/// PyTorch's formulation (`torch.optim.SGD`, dampening 0), with buffer b starting at 0 so
/// that its first value is g:
///
///     b ← μ·b + g
///     d ← g + μ·b   (Nesterov)   or   b   (momentum)   or   g   (μ = 0)
///     θ ← θ − α·d
///
/// Sutskever's v ← μv − αg, θ ← θ + v is the same rule while α stays constant; PyTorch's
/// form keeps the buffer in gradient units, so changing α does not rescale old momentum.
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public let nesterov: Bool
    public let weightDecay: Float
    public let states = OptimizerStates()
    public let name = "sgd"
    public var slotNames: [String] { momentum == 0 ? [] : ["momentum"] }

    public init(learningRate: Float, momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0) {
        precondition(momentum >= 0, "SGD momentum must be >= 0, got \(momentum)")
        precondition(!nesterov || momentum > 0, "Nesterov SGD needs momentum > 0")
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    public func applySingle(parameter θ: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                            count: Int, state: ParameterState) {
        state.step += 1
        let α = learningRate, μ = momentum
        guard μ != 0 else {
            for i in 0..<count { θ[i] -= α * g[i] }
            return
        }
        let b = state[slot: "momentum"]
        for i in 0..<count {
            b[i] = μ * b[i] + g[i]
            let d = nesterov ? g[i] + μ * b[i] : b[i]
            θ[i] -= α * d
        }
    }
}
