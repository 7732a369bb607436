/// Generalized advantage estimates over a rollout of T steps of N environment copies
/// (Schulman et al. 2016, "High-Dimensional Continuous Control Using Generalized Advantage
/// Estimation", equation 16), computed backwards in one pass:
///
///     δₜ = rₜ + γ·V(sₜ₊₁) − V(sₜ)
///     Âₜ = δₜ + γλ·Âₜ₊₁
///
/// Element t·N + i of every array is copy i at step t. Where an episode ends after step t:
/// - terminated: V(sₜ₊₁) = 0, the task is over;
/// - truncated (a time limit): V(sₜ₊₁) is the critic's value of the final observation,
///   `truncationValues[t·N + i]`, since the future it cut off still counts (the partial-episode
///   bootstrapping of Pardo et al. 2018, as Stable-Baselines3 does it);
/// and in both cases the sum stops there: Âₜ₊₁ belongs to the next episode. At the rollout's
/// end, V(s_T) is `lastValues[i]`. λ = 1 gives the discounted return minus V; λ = 0 the
/// one-step TD error. Returns (Â, Â + V): the advantages and the critic's targets.
///
/// `Tests/AgentsTests/AdvantageTests.swift` checks it against the definition summed forwards.
public func generalizedAdvantages(rewards: [Float], values: [Float], terminated: [Bool], truncated: [Bool],
                                  truncationValues: [Float], lastValues: [Float], discount γ: Float, lambda λ: Float)
    -> (advantages: [Float], returns: [Float]) {
    let n = lastValues.count, count = rewards.count
    precondition(n > 0 && count % n == 0 && [values.count, terminated.count, truncated.count, truncationValues.count].allSatisfy { $0 == count },
                 "GAE needs T·N rewards, values, flags and truncation values for N = \(n) copies, got \(count), \(values.count), \(terminated.count), \(truncated.count), \(truncationValues.count)")
    var advantages = [Float](repeating: 0, count: count)
    var following = [Float](repeating: 0, count: n)  // Âₜ₊₁ of each copy
    for t in stride(from: count / n - 1, through: 0, by: -1) {
        for i in 0..<n {
            let k = t * n + i
            let isLast = k + n >= count
            let nextValue: Float = terminated[k] ? 0 : truncated[k] ? truncationValues[k] : isLast ? lastValues[i] : values[k + n]
            let delta = rewards[k] + γ * nextValue - values[k]
            let continues: Float = terminated[k] || truncated[k] ? 0 : 1
            following[i] = delta + γ * λ * continues * following[i]
            advantages[k] = following[i]
        }
    }
    return (advantages, zip(advantages, values).map { $0 + $1 })
}
