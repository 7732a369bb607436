import Agents
import Foundation
import Randomness
import Testing

@Suite struct AdvantageTests {
    /// One copy, three steps, γ = λ = 0.5, by hand: δ₂ = 3 + 0.5·1 − 0.5 = 3, δ₁ = 2 + 0.25 − 0.5
    /// = 1.75, δ₀ = 0.75; Â₂ = 3, Â₁ = 1.75 + 0.25·3 = 2.5, Â₀ = 0.75 + 0.25·2.5 = 1.375.
    @Test func handComputedRollout() {
        let (advantages, returns) = generalizedAdvantages(
            rewards: [1, 2, 3], values: [0.5, 0.5, 0.5], terminated: [false, false, false], truncated: [false, false, false],
            truncationValues: [0, 0, 0], lastValues: [1], discount: 0.5, lambda: 0.5)
        #expect(advantages == [1.375, 2.5, 3])
        #expect(returns == [1.875, 3, 3.5])
    }

    /// Terminated after step 1: nothing follows it, δ₁ = 2 − 0.5, and Â₀ sees only Â₁.
    /// Truncated after step 1: δ₁ = 2 + 0.5·V(final) − 0.5 with V(final) = 2, and no more.
    @Test func endsInsideTheRollout() {
        let terminated = generalizedAdvantages(
            rewards: [1, 2, 3], values: [0.5, 0.5, 0.5], terminated: [false, true, false], truncated: [false, false, false],
            truncationValues: [0, 0, 0], lastValues: [1], discount: 0.5, lambda: 0.5)
        #expect(terminated.advantages == [1.125, 1.5, 3])
        let truncated = generalizedAdvantages(
            rewards: [1, 2, 3], values: [0.5, 0.5, 0.5], terminated: [false, false, false], truncated: [false, true, false],
            truncationValues: [0, 2, 0], lastValues: [1], discount: 0.5, lambda: 0.5)
        #expect(truncated.advantages == [1.375, 2.5, 3])
        #expect(truncated.advantages[1] != terminated.advantages[1], "a truncated step bootstraps from its final observation")
    }

    /// Against the definition Âₜ = Σₗ (γλ)ˡ·δₜ₊ₗ summed forwards to the episode's end or the
    /// rollout's, for 3 copies with random ends of both kinds.
    @Test func matchesTheForwardSum() {
        var generator = SeededGenerator(seed: 5)
        let n = 3, steps = 40, γ: Float = 0.97, λ: Float = 0.9
        let count = n * steps
        let rewards = (0..<count).map { _ in Float(generator.nextNormal()) }
        let values = (0..<count).map { _ in Float(generator.nextNormal()) }
        let terminated = (0..<count).map { _ in generator.nextUniform() < 0.08 }
        let truncated = (0..<count).map { k in !terminated[k] && generator.nextUniform() < 0.05 }
        let truncationValues = (0..<count).map { truncated[$0] ? Float(generator.nextNormal()) : 0 }
        let lastValues = (0..<n).map { _ in Float(generator.nextNormal()) }
        let (advantages, returns) = generalizedAdvantages(rewards: rewards, values: values, terminated: terminated, truncated: truncated,
                                                          truncationValues: truncationValues, lastValues: lastValues, discount: γ, lambda: λ)
        #expect(terminated.contains(true) && truncated.contains(true))
        for i in 0..<n {
            for t in 0..<steps {
                var sum = 0.0, weight = 1.0
                for s in t..<steps {
                    let k = s * n + i
                    let next: Double = terminated[k] ? 0 : truncated[k] ? Double(truncationValues[k]) : s == steps - 1 ? Double(lastValues[i]) : Double(values[k + n])
                    sum += weight * (Double(rewards[k]) + Double(γ) * next - Double(values[k]))
                    if terminated[k] || truncated[k] { break }
                    weight *= Double(γ * λ)
                }
                let k = t * n + i
                #expect(abs(Double(advantages[k]) - sum) < 1e-4, "copy \(i), step \(t)")
                #expect(abs(returns[k] - (advantages[k] + values[k])) < 1e-6)
            }
        }
    }
}

@Suite struct QLambdaTests {
    /// One copy, three steps, γ = 0.5, λ = 0.5, max Q [1, 2, 3] when acting, 4 after:
    /// G₂ = 3 + 0.5·4 = 5, G₁ = 2 + 0.5·(0.5·5 + 0.5·3) = 4, G₀ = 1 + 0.5·(0.5·4 + 0.5·2) = 2.5.
    @Test func handComputedRollout() {
        let returns = qLambdaReturns(rewards: [1, 2, 3], values: [1, 2, 3], terminated: [false, false, false], truncated: [false, false, false],
                                     truncationValues: [0, 0, 0], lastValues: [4], discount: 0.5, lambda: 0.5)
        #expect(returns == [2.5, 4, 5])
        // Terminated after step 1: G₁ = 2, G₀ = 1 + 0.5·(0.5·2 + 0.5·2) = 2. Truncated there with
        // max Q(final) = 6: G₁ = 2 + 0.5·6 = 5, G₀ = 1 + 0.5·(0.5·5 + 0.5·2) = 2.75.
        let terminated = qLambdaReturns(rewards: [1, 2, 3], values: [1, 2, 3], terminated: [false, true, false], truncated: [false, false, false],
                                        truncationValues: [0, 0, 0], lastValues: [4], discount: 0.5, lambda: 0.5)
        #expect(terminated == [2, 2, 5])
        let truncated = qLambdaReturns(rewards: [1, 2, 3], values: [1, 2, 3], terminated: [false, false, false], truncated: [false, true, false],
                                       truncationValues: [0, 6, 0], lastValues: [4], discount: 0.5, lambda: 0.5)
        #expect(truncated == [2.75, 5, 5])
    }

    /// Against the definition G^λ = (1 − λ)·Σₙ λⁿ⁻¹·G⁽ⁿ⁾ + λᴸ⁻¹·G⁽ᴸ⁾, the n-step returns summed
    /// forwards to the episode's end or the rollout's (L steps away), for 3 copies with random
    /// ends of both kinds.
    @Test func matchesTheLambdaWeightedNStepReturns() {
        var generator = SeededGenerator(seed: 8)
        let n = 3, steps = 30, γ = 0.95, λ = 0.65
        let count = n * steps
        let rewards = (0..<count).map { _ in Float(generator.nextNormal()) }
        let values = (0..<count).map { _ in Float(generator.nextNormal()) }
        let terminated = (0..<count).map { _ in generator.nextUniform() < 0.08 }
        let truncated = (0..<count).map { k in !terminated[k] && generator.nextUniform() < 0.05 }
        let truncationValues = (0..<count).map { truncated[$0] ? Float(generator.nextNormal()) : 0 }
        let lastValues = (0..<n).map { _ in Float(generator.nextNormal()) }
        let returns = qLambdaReturns(rewards: rewards, values: values, terminated: terminated, truncated: truncated,
                                     truncationValues: truncationValues, lastValues: lastValues, discount: Float(γ), lambda: Float(λ))
        for i in 0..<n {
            for t in 0..<steps {
                // The n-step returns G⁽¹⁾ … G⁽ᴸ⁾ from step t.
                var nStep: [Double] = [], discounted = 0.0, weight = 1.0
                for s in t..<steps {
                    let k = s * n + i
                    discounted += weight * Double(rewards[k])
                    weight *= γ
                    if terminated[k] { nStep.append(discounted); break }
                    if truncated[k] { nStep.append(discounted + weight * Double(truncationValues[k])); break }
                    if s == steps - 1 { nStep.append(discounted + weight * Double(lastValues[i])); break }
                    nStep.append(discounted + weight * Double(values[k + n]))
                }
                let last = nStep.count
                var expected = pow(λ, Double(last - 1)) * nStep[last - 1]
                for m in 1..<last { expected += (1 - λ) * pow(λ, Double(m - 1)) * nStep[m - 1] }
                #expect(abs(Double(returns[t * n + i]) - expected) < 1e-4, "copy \(i), step \(t)")
            }
        }
    }
}
