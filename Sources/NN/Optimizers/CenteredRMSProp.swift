import CKernels
import Tensors

/// Centered RMSProp (Graves 2013, "Generating Sequences With Recurrent Neural Networks",
/// eqs. 38–41), the optimizer of DQN (Mnih et al. 2015): the gradient is divided by a running
/// estimate of its standard deviation rather than of its root mean square.
///
///     n ← ρ·n + (1 − ρ)·g²
///     ḡ ← ρ·ḡ + (1 − ρ)·g
///     Δ ← μ·Δ − α·g / √(n − ḡ² + ε)
///     θ ← θ + Δ
///
/// ε sits inside the square root by default, as in Graves' eq. 40 and in DQN's code
/// (ρ = 0.95, ε = 0.01, μ = 0, α = 2.5e-4): n − ḡ² is a variance that is 0 for a constant
/// gradient and can even come out slightly negative in floating point; ε inside the one root
/// keeps its argument positive (for rounding errors smaller than ε) and caps the step at
/// about α·|g|/√ε. (PyTorch's `RMSprop(centered=True)` puts ε outside instead; pass
/// `.outsideSquareRoot` to match it, where a negative variance is clamped to 0.) Defaults are DQN's; Graves used ρ = 0.95, μ = 0.9, α = ε = 1e-4.
public final class CenteredRMSProp: Optimizer {
    public var learningRate: Float
    public let decay: Float
    public let momentum: Float
    public let epsilon: Float
    public let epsilonPlacement: EpsilonPlacement
    public let weightDecay: Float
    public let states = OptimizerStates()
    public let name = "centered_rmsprop"
    public var slotNames: [String] { momentum == 0 ? ["meanSquare", "mean"] : ["meanSquare", "mean", "momentum"] }

    public init(learningRate: Float = 2.5e-4, decay: Float = 0.95, momentum: Float = 0, epsilon: Float = 0.01,
                epsilonPlacement: EpsilonPlacement = .insideSquareRoot, weightDecay: Float = 0) {
        precondition(decay >= 0 && decay < 1, "CenteredRMSProp decay must be in [0, 1), got \(decay)")
        self.learningRate = learningRate
        self.decay = decay
        self.momentum = momentum
        self.epsilon = epsilon
        self.epsilonPlacement = epsilonPlacement
        self.weightDecay = weightDecay
    }

    public func applySingle(parameter θ: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                            count: Int, state: ParameterState) {
        state.step += 1
        let α = learningRate, ρ = decay, μ = momentum, ε = epsilon
        let n = state[slot: "meanSquare"], ḡ = state[slot: "mean"]
        let Δ: UnsafeMutablePointer<Float>? = μ == 0 ? nil : state[slot: "momentum"]
        let inside = epsilonPlacement == .insideSquareRoot
        if Δ == nil {
            // Without momentum (DQN's setting): one fused pass (CKernels'
            // `ck_centered_rmsprop_step`), over the cores when large.
            let rule = ck_rmsprop_parameters(learning_rate: α, decay: ρ, epsilon: ε, epsilon_inside: inside ? 1 : 0)
            let isa = ck_isa_active()
            withUnsafePointer(to: rule) { rule in
                parallelFor(count, work: 4 * count) { range in
                    let i = range.lowerBound
                    ck_centered_rmsprop_step(isa, range.count, θ + i, g + i, n + i, ḡ + i, rule)
                }
            }
            return
        }
        for i in 0..<count {
            n[i] = ρ * n[i] + (1 - ρ) * g[i] * g[i]
            ḡ[i] = ρ * ḡ[i] + (1 - ρ) * g[i]
            let variance = n[i] - ḡ[i] * ḡ[i]
            let denominator = inside ? (variance + ε).squareRoot() : Swift.max(variance, 0).squareRoot() + ε
            let step = -α * g[i] / denominator
            if let Δ {
                Δ[i] = μ * Δ[i] + step
                θ[i] += Δ[i]
            } else {
                θ[i] += step
            }
        }
    }
}
