import Tensors

/// PPO's loss on one minibatch (Schulman et al. 2017, equations 7 and 9), as CleanRL's
/// `ppo_atari.py` forms it:
///
///     r(θ) = π(a|s) / π_old(a|s)
///     L_clip = mean max(−Â·r, −Â·clip(r, 1 − ε, 1 + ε))
///     L_V = ½·mean (V(s) − R)²    (or, clipped: ½·mean max((V − R)², (V_old + clip(V − V_old, ±ε) − R)²))
///     L = L_clip − c₂·H(π) + c₁·L_V
///
/// The max of the two negated surrogates is the paper's pessimistic min: once the ratio has
/// moved past 1 ± ε in the direction the advantage rewards, the clipped term wins and its
/// gradient is 0, so one rollout cannot push the policy far.
struct PPOLoss {
    var loss: Tensor
    var policyLoss: Float, valueLoss: Float, entropy: Float
    /// The "k3" estimate of KL(π_old ‖ π), mean((r − 1) − log r) (Schulman 2020, "Approximating
    /// KL divergence"), as CleanRL reports it.
    var approximateKL: Float
    /// The share of the minibatch whose ratio left [1 − ε, 1 + ε].
    var clipFraction: Float

    /// `logits` [B, actions] and `values` [B] from the network; the rest from the rollout.
    init(logits: Tensor, values: Tensor, actions: [Int], oldLogProbabilities: [Float], oldValues: [Float],
         advantages: [Float], returns: [Float], hyperparameters hp: PPOHyperparameters) {
        let b = actions.count
        precondition(logits.shape == [b, logits.shape.last!] && values.shape == [b]
                     && [oldLogProbabilities.count, oldValues.count, advantages.count, returns.count].allSatisfy { $0 == b },
                     "PPO's loss needs logits [B, actions], values [B] and B rollout entries, got \(logits.shape), \(values.shape) for B = \(b)")
        let ε = hp.clipCoefficient
        let logProbabilities = logits.logSoftmax(alongAxis: 1).gather(alongAxis: 1, indices: actions).reshaped([b])
        let logRatio = logProbabilities - Tensor(oldLogProbabilities)
        let ratio = logRatio.exp()

        let advantage = Tensor(hp.normalizeAdvantages ? standardized(advantages) : advantages)
        let unclipped = -advantage * ratio
        let clipped = -advantage * ratio.clamped(min: 1 - ε, max: 1 + ε)
        let policyLoss = elementwiseMaximum(unclipped, clipped).mean()

        let target = Tensor(returns)
        let valueLoss: Tensor
        if hp.clipValueLoss {
            let old = Tensor(oldValues)
            let clippedValues = old + (values - old).clamped(min: -ε, max: ε)
            valueLoss = 0.5 * elementwiseMaximum((values - target).squared(), (clippedValues - target).squared()).mean()
        } else {
            valueLoss = 0.5 * (values - target).squared().mean()
        }
        let entropy = PolicyGradient.entropy(logits: logits)
        loss = policyLoss - hp.entropyCoefficient * entropy + hp.valueLossCoefficient * valueLoss

        self.policyLoss = policyLoss.scalar
        self.valueLoss = valueLoss.scalar
        self.entropy = entropy.scalar
        let r = ratio.scalars, logR = logRatio.scalars
        approximateKL = zip(r, logR).reduce(0) { $0 + (($1.0 - 1) - $1.1) } / Float(b)
        clipFraction = Float(r.filter { Swift.abs($0 - 1) > ε }.count) / Float(b)
    }
}

/// max(a, b) elementwise, the gradient going to whichever was larger (to `a` on ties).
func elementwiseMaximum(_ a: Tensor, _ b: Tensor) -> Tensor {
    Tensor.where((b.detached() - a.detached()).greater(than: 0), b, a)
}

/// (x − mean) / (std + 1e-8) with the unbiased std, as CleanRL normalizes advantages per
/// minibatch (`torch.std`); a single value becomes 0.
func standardized(_ values: [Float]) -> [Float] {
    let n = Double(values.count)
    guard n > 1 else { return values.map { _ in 0 } }
    let mean = values.reduce(0.0) { $0 + Double($1) } / n
    let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / (n - 1)
    let scale = 1 / (variance.squareRoot() + 1e-8)
    return values.map { Float((Double($0) - mean) * scale) }
}
