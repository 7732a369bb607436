#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensors

/// Rectified Adam (Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and Beyond",
/// Algorithm 2), as `torch.optim.RAdam`: Adam whose adaptive step is switched on only once the
/// variance of v̂ is tractable, and then scaled by the rectification term r, instead of a
/// warm-up schedule. PQN trains with it (Gallici et al. 2024; CleanRL's `pqn_atari_envpool.py`).
///
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²,   m̂ = m / (1 − β₁ᵗ)
///     ρ∞ = 2 / (1 − β₂) − 1,   ρₜ = ρ∞ − 2t·β₂ᵗ / (1 − β₂ᵗ)
///     ρₜ > 5:  r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ)),  θ ← θ − α·r·m̂·√(1 − β₂ᵗ) / (√v + ε)
///     else:    θ ← θ − α·m̂       (momentum SGD for the first steps: 6 with β₂ = 0.999)
public final class RAdam: Optimizer {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    public let states = OptimizerStates()
    public let name = "radam"
    public let slotNames = ["m", "v"]

    /// PyTorch's defaults: α = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0) {
        precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "RAdam betas must be in [0, 1), got \(beta1), \(beta2)")
        (self.learningRate, self.beta1, self.beta2, self.epsilon, self.weightDecay) = (learningRate, beta1, beta2, epsilon, weightDecay)
    }

    public func applySingle(parameter θ: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                            count: Int, state: ParameterState) {
        state.step += 1
        // The step's scalars in Double: ρₜ subtracts two numbers near 2/(1 − β₂).
        let t = Double(state.step), b1 = Double(beta1), b2 = Double(beta2)
        let correction1 = 1 - pow(b1, t), correction2 = 1 - pow(b2, t)
        let rhoInfinity = 2 / (1 - b2) - 1
        let rho = rhoInfinity - 2 * t * pow(b2, t) / correction2
        let rule: Rule
        if rho > 5 {
            let r = ((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)).squareRoot()
            rule = Rule(β1: beta1, β2: beta2, ε: epsilon, momentumScale: Float(Double(learningRate) / correction1),
                        adaptive: true, adaptiveScale: Float(r * correction2.squareRoot()))
        } else {
            rule = Rule(β1: beta1, β2: beta2, ε: epsilon, momentumScale: Float(Double(learningRate) / correction1),
                        adaptive: false, adaptiveScale: 1)
        }
        let m = state[slot: "m"], v = state[slot: "v"]
        parallelFor(count, work: 4 * count) { range in
            forEachLanes(range, θ, g, m, v) { θ, g, m, v in rule.apply(&θ, g, &m, &v) }
        }
    }

    /// Algorithm 2 on a vector of lanes; `momentumScale` is α / (1 − β₁ᵗ).
    private struct Rule {
        let β1, β2, ε, momentumScale: Float
        let adaptive: Bool
        let adaptiveScale: Float

        @inline(__always)
        func apply(_ θ: inout SIMD8<Float>, _ g: SIMD8<Float>, _ m: inout SIMD8<Float>, _ v: inout SIMD8<Float>) {
            m = flushingSubnormals(β1 * m + (1 - β1) * g)
            v = flushingSubnormals(β2 * v + (1 - β2) * g * g)
            if adaptive {
                θ -= momentumScale * m * adaptiveScale / (v.squareRoot() + ε)
            } else {
                θ -= momentumScale * m
            }
        }
    }
}
