/// The discounted return of every step of a trajectory, computed backwards in one pass:
///
///     Gₜ = rₜ + γ·Gₜ₊₁,   G_T = bootstrapValue
///
/// With `bootstrapValue` 0 this is the Monte Carlo return of REINFORCE (Williams 1992) for an
/// episode that terminated. With V(s_T), the critic's estimate of the state the trajectory
/// stopped in, it is the n-step return of A3C (Mnih et al. 2016, Algorithm S3): the right
/// target whenever the trajectory was cut off rather than ended (t_max reached, or a time
/// limit truncated the episode), because the future rewards it did not see still count.
///
/// With `endingAtRewards`, every nonzero reward ends the sum, as if the trajectory
/// terminated there (Karpathy's Pong: each point is its own game).
///
/// O(n); `Tests/AgentsTests/ReturnsTests.swift` checks it against the O(n²) definition
/// Gₜ = Σₖ γᵏ·rₜ₊ₖ + γⁿ⁻ᵗ·bootstrapValue.
public func discountedReturns(rewards: [Float], discount: Float, bootstrapValue: Float = 0,
                              endingAtRewards: Bool = false) -> [Float] {
    var returns = [Float](repeating: 0, count: rewards.count)
    var following = bootstrapValue
    for t in rewards.indices.reversed() {
        if endingAtRewards && rewards[t] != 0 { following = 0 }
        following = rewards[t] + discount * following
        returns[t] = following
    }
    return returns
}

/// (x − mean) / (standard deviation + 1e-8) over one batch: the per-batch return
/// normalization of most REINFORCE implementations (Karpathy's "Pong from Pixels", PyTorch's
/// example), which keeps the step size independent of the scale of the rewards. A batch of one
/// value becomes 0.
public func normalizedPerBatch(_ values: [Float]) -> [Float] {
    guard !values.isEmpty else { return [] }
    let n = Double(values.count)
    let mean = values.reduce(0.0) { $0 + Double($1) } / n
    let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
    let scale = 1 / (variance.squareRoot() + 1e-8)
    return values.map { Float((Double($0) - mean) * scale) }
}
