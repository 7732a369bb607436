#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CKernels
import Tensors

/// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1):
/// running averages of the gradient and of its square, with bias correction for their
/// start at 0.
///
///     m ← β₁·m + (1 − β₁)·g
///     v ← β₂·v + (1 − β₂)·g²
///     m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)
///     θ ← θ − α·m̂ / (√v̂ + ε)
///
/// Defaults are the paper's and PyTorch's (α = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, outside
/// the root). `weightDecay` adds λθ to g (L2, as `torch.optim.Adam`), where Adam's scaling
/// then weakens it for coordinates with large gradients; `decoupledWeightDecay` instead
/// shrinks θ ← θ − α·λ·θ before the step, AdamW (Loshchilov & Hutter 2019), as
/// `torch.optim.AdamW` does.
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    public let decoupledWeightDecay: Float
    public let states = OptimizerStates()
    public var name: String { decoupledWeightDecay == 0 ? "adam" : "adamw" }
    public let slotNames = ["m", "v"]

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0, decoupledWeightDecay: Float = 0) {
        precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam betas must be in [0, 1), got \(beta1), \(beta2)")
        precondition(weightDecay == 0 || decoupledWeightDecay == 0, "use either L2 weightDecay or decoupledWeightDecay (AdamW), not both")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    /// AdamW with PyTorch's defaults (λ = 0.01).
    public static func adamW(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                             epsilon: Float = 1e-8, weightDecay: Float = 0.01) -> Adam {
        Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, decoupledWeightDecay: weightDecay)
    }

    public func applySingle(parameter θ: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                            count: Int, state: ParameterState) {
        state.step += 1
        let t = Float(state.step)
        let rule = ck_adam_parameters(learning_rate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                                      decoupled_weight_decay: decoupledWeightDecay,
                                      correction1: 1 - powf(beta1, t), correction2: 1 - powf(beta2, t))
        let m = state[slot: "m"], v = state[slot: "v"]
        let isa = ck_isa_active()
        // One fused pass (CKernels' `ck_adam_step`, as wide as the CPU's vectors); the parameter
        // is split over the cores when it is large (Nature DQN's dense layer has 1.6 M elements).
        withUnsafePointer(to: rule) { rule in
            parallelFor(count, work: 4 * count) { range in
                let i = range.lowerBound
                ck_adam_step(isa, range.count, θ + i, g + i, m + i, v + i, rule)
            }
        }
    }
}
