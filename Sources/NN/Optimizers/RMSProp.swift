import CKernels
import Tensors

/// Where ε enters an RMSProp denominator. Implementations disagree, and the same ε means
/// very different things in the two places (ε = 0.01 inside is about ε = 0.1 outside).
public enum EpsilonPlacement: Sendable {
    /// g / (√v + ε): PyTorch's `RMSprop`. ε only guards against 0/0.
    case outsideSquareRoot
    /// g / √(v + ε): TensorFlow's `RMSProp`, Graves (2013), the DQN code and A3C (Mnih et al.
    /// 2016). ε also bounds the step by α·|g|/√ε while v is still small.
    case insideSquareRoot
}

/// RMSProp (Tieleman & Hinton 2012, Coursera "Neural Networks for Machine Learning",
/// lecture 6.5): divide the gradient by a running root mean square of recent gradients.
///
///     v ← ρ·v + (1 − ρ)·g²
///     θ ← θ − α·g / (√v + ε)     or     θ − α·g / √(v + ε)
///
/// Defaults are PyTorch's (`torch.optim.RMSprop`: α = 0.01, ρ = 0.99, ε = 1e-8 outside the
/// root). A3C's shared RMSProp is this rule with ε inside (ρ = 0.99, ε = 0.1 in the paper),
/// with one optimizer, and so one `v`, used by every learner thread.
/// For the centered variant (Graves 2013, DQN) see `CenteredRMSProp`.
public final class RMSProp: Optimizer {
    public var learningRate: Float
    public let decay: Float
    public let epsilon: Float
    public let epsilonPlacement: EpsilonPlacement
    public let weightDecay: Float
    public let states = OptimizerStates()
    public let name = "rmsprop"
    public let slotNames = ["meanSquare"]

    public init(learningRate: Float = 0.01, decay: Float = 0.99, epsilon: Float = 1e-8,
                epsilonPlacement: EpsilonPlacement = .outsideSquareRoot, weightDecay: Float = 0) {
        precondition(decay >= 0 && decay < 1, "RMSProp decay must be in [0, 1), got \(decay)")
        self.learningRate = learningRate
        self.decay = decay
        self.epsilon = epsilon
        self.epsilonPlacement = epsilonPlacement
        self.weightDecay = weightDecay
    }

    public func applySingle(parameter θ: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                            count: Int, state: ParameterState) {
        state.step += 1
        let rule = ck_rmsprop_parameters(learning_rate: learningRate, decay: decay, epsilon: epsilon,
                                         epsilon_inside: epsilonPlacement == .insideSquareRoot ? 1 : 0)
        let v = state[slot: "meanSquare"]
        let isa = ck_isa_active()
        // One fused pass (CKernels' `ck_rmsprop_step`), the parameter split over the cores when it
        // is large: A3C's learners update the 1.6 M weights of the Nature CNN's dense layer every 5 steps.
        withUnsafePointer(to: rule) { rule in
            parallelFor(count, work: 4 * count) { range in
                let i = range.lowerBound
                ck_rmsprop_step(isa, range.count, θ + i, g + i, v + i, rule)
            }
        }
    }
}
