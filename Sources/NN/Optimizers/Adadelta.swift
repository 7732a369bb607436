import Tensors

/// Adadelta (Zeiler 2012, "ADADELTA: An Adaptive Learning Rate Method", Algorithm 1): the
/// step is the ratio of running RMS of past updates to running RMS of gradients, so it has
/// the units of θ and needs no hand-tuned global rate.
///
///     E[g²]  ← ρ·E[g²] + (1 − ρ)·g²
///     Δx     ← −√(E[Δx²] + ε) / √(E[g²] + ε) · g
///     E[Δx²] ← ρ·E[Δx²] + (1 − ρ)·Δx²
///     θ      ← θ + α·Δx
///
/// α scales the step as in `torch.optim.Adadelta`; the paper's rule is α = 1. Defaults are
/// PyTorch's (α = 1, ρ = 0.9, ε = 1e-6); ε is inside both roots, as in the paper, and also
/// sets the size of the first steps, when E[Δx²] is still 0.
public final class Adadelta: Optimizer {
    public var learningRate: Float
    public let rho: Float
    public let epsilon: Float
    public let weightDecay: Float
    public let states = OptimizerStates()
    public let name = "adadelta"
    public let slotNames = ["squareAverage", "deltaAverage"]

    public init(learningRate: Float = 1, rho: Float = 0.9, epsilon: Float = 1e-6, weightDecay: Float = 0) {
        precondition(rho >= 0 && rho < 1, "Adadelta rho must be in [0, 1), got \(rho)")
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public func applySingle(parameter θ: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                            count: Int, state: ParameterState) {
        state.step += 1
        let α = learningRate, ρ = rho, ε = epsilon
        let squareAverage = state[slot: "squareAverage"], deltaAverage = state[slot: "deltaAverage"]
        for i in 0..<count {
            squareAverage[i] = ρ * squareAverage[i] + (1 - ρ) * g[i] * g[i]
            let Δx = -(deltaAverage[i] + ε).squareRoot() / (squareAverage[i] + ε).squareRoot() * g[i]
            deltaAverage[i] = ρ * deltaAverage[i] + (1 - ρ) * Δx * Δx
            θ[i] += α * Δx
        }
    }
}
