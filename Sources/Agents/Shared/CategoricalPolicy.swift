#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Randomness
import Tensors

/// Acting with a softmax policy π(a|s) = softmax(logits)ₐ over a discrete action space.
enum CategoricalPolicy {
    /// An action drawn from softmax(`logits`) by inverting the cumulative distribution at one
    /// uniform draw: one draw per action keeps a seeded run reproducible.
    static func sample(logits: UnsafeBufferPointer<Float>, using generator: inout SeededGenerator) -> Int {
        precondition(!logits.isEmpty, "sampling needs at least one logit")
        let largest = logits.max()!
        // Subtracting the largest logit keeps every exp in (0, 1].
        var total = 0.0
        for logit in logits { total += exp(Double(logit - largest)) }
        let target = generator.nextUniformDouble() * total
        var cumulative = 0.0
        for (action, logit) in logits.enumerated() {
            cumulative += exp(Double(logit - largest))
            if target < cumulative { return action }
        }
        return logits.count - 1
    }

    /// log softmax(`logits`)ₐ, computed around the largest logit so that no exp overflows.
    static func logProbability(of action: Int, logits: UnsafeBufferPointer<Float>) -> Float {
        let largest = logits.max()!
        var total = 0.0
        for logit in logits { total += exp(Double(logit - largest)) }
        return Float(Double(logits[action] - largest) - log(total))
    }

    /// The most probable action (the first of equals): the greedy policy used for evaluation.
    static func mostProbable(logits: UnsafeBufferPointer<Float>) -> Int {
        precondition(!logits.isEmpty, "argmax needs at least one logit")
        var best = 0
        for action in 1..<logits.count where logits[action] > logits[best] { best = action }
        return best
    }
}

/// The policy-gradient terms both REINFORCE and A3C minimize, for a batch of N steps.
enum PolicyGradient {
    /// −mean over the batch of log π(aₜ|sₜ)·Aₜ, whose gradient is the REINFORCE estimator
    /// −E[∇log π(a|s)·A] (Williams 1992; A the return, or the advantage over a baseline). The
    /// advantages are constants: no gradient flows into whatever produced them.
    static func loss(logits: Tensor, actions: [Int], advantages: [Float]) -> Tensor {
        let n = actions.count
        precondition(logits.rank == 2 && logits.shape[0] == n && advantages.count == n,
                     "policy-gradient loss needs logits [N, actions] with N = \(n) actions and advantages, got \(logits.shape), \(advantages.count)")
        let logProbabilities = logits.logSoftmax(alongAxis: 1).gather(alongAxis: 1, indices: actions).reshaped([n])
        return -(logProbabilities * Tensor(advantages)).mean()
    }

    /// Mean entropy H(π(·|s)) = −Σₐ π(a|s)·log π(a|s) over the batch. Subtracting β·H from the
    /// loss discourages premature convergence to a deterministic policy (Williams & Peng 1991;
    /// Mnih et al. 2016, section 4).
    static func entropy(logits: Tensor) -> Tensor {
        let logProbabilities = logits.logSoftmax(alongAxis: 1)
        return -(logProbabilities.exp() * logProbabilities).sum(alongAxis: 1).mean()
    }
}
