/// Peng's Q(λ) returns over a rollout of T steps of N environment copies (Peng & Williams
/// 1996; the targets of PQN, Gallici et al. 2024, "Simplifying Deep Temporal Difference
/// Learning", section 4), computed backwards in one pass:
///
///     Gₜ = rₜ + γ·[λ·Gₜ₊₁ + (1 − λ)·max_a Q(sₜ₊₁, a)]
///
/// the λ-weighted mix of every n-step return, each bootstrapped from the greedy value of the
/// state it stops in. `values[t·N + i]` is max_a Q(sₜ, a) of copy i when it acted at step t.
/// Where an episode ends after step t the sum stops: Gₜ = rₜ when it terminated, rₜ +
/// γ·`truncationValues[t·N + i]` (max Q of the final observation) when a time limit cut it.
/// At the rollout's end the bootstrap is `lastValues[i]`. λ = 0 gives one-step Q-learning
/// targets; λ = 1 the discounted return to the end of the rollout.
///
/// (CleanRL's `pqn_atari_envpool.py` masks only the (1 − λ) term at an episode's end and so
/// carries λ·Gₜ₊₁ of the next episode across it; the paper's JAX code and this function
/// stop there.) `Tests/AgentsTests/AdvantageTests.swift` checks it against the λ-weighted
/// n-step returns summed forwards.
public func qLambdaReturns(rewards: [Float], values: [Float], terminated: [Bool], truncated: [Bool],
                           truncationValues: [Float], lastValues: [Float], discount γ: Float, lambda λ: Float) -> [Float] {
    let n = lastValues.count, count = rewards.count
    precondition(n > 0 && count % n == 0 && [values.count, terminated.count, truncated.count, truncationValues.count].allSatisfy { $0 == count },
                 "Q(λ) needs T·N rewards, values, flags and truncation values for N = \(n) copies, got \(count), \(values.count), \(terminated.count), \(truncated.count), \(truncationValues.count)")
    var returns = [Float](repeating: 0, count: count)
    for t in stride(from: count / n - 1, through: 0, by: -1) {
        for i in 0..<n {
            let k = t * n + i
            if terminated[k] {
                returns[k] = rewards[k]
            } else if truncated[k] {
                returns[k] = rewards[k] + γ * truncationValues[k]
            } else if k + n >= count {
                returns[k] = rewards[k] + γ * lastValues[i]
            } else {
                returns[k] = rewards[k] + γ * (λ * returns[k + n] + (1 - λ) * values[k + n])
            }
        }
    }
    return returns
}
