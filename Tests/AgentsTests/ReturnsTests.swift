import Testing
@testable import Agents

/// The backward recursions against their definitions, Gₜ = Σₖ γᵏ·rₜ₊ₖ + γⁿ⁻ᵗ·V(s_n).
@Suite struct ReturnsTests {
    /// The O(n²) definition, written as a sum.
    static func referenceReturns(_ rewards: [Float], discount: Float, bootstrapValue: Float) -> [Float] {
        rewards.indices.map { t in
            var total = 0.0, weight = 1.0
            for k in t..<rewards.count {
                total += weight * Double(rewards[k])
                weight *= Double(discount)
            }
            return Float(total + weight * Double(bootstrapValue))
        }
    }

    static let rewards: [Float] = [1, 0, -2, 0.5, 3, 1, 1, 0, -1, 2]

    @Test(arguments: [Float(0), 0.5, 0.9, 0.99, 1])
    func monteCarloReturnsMatchTheDefinition(discount: Float) {
        let fast = discountedReturns(rewards: Self.rewards, discount: discount)
        let slow = Self.referenceReturns(Self.rewards, discount: discount, bootstrapValue: 0)
        #expect(zip(fast, slow).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
    }

    /// A rollout cut off by t_max or a time limit bootstraps from V(s_n); one that terminated
    /// bootstraps from 0. Each matches the definition.
    @Test func nStepReturnsBootstrapOnlyWhenNotTerminated() {
        let rewards: [Float] = [1, 1, 1, 1, 1]
        let value: Float = 10
        let cutOff = discountedReturns(rewards: rewards, discount: 0.9, bootstrapValue: value)
        let terminated = discountedReturns(rewards: rewards, discount: 0.9, bootstrapValue: 0)
        let cutOffSlow = Self.referenceReturns(rewards, discount: 0.9, bootstrapValue: value)
        let terminatedSlow = Self.referenceReturns(rewards, discount: 0.9, bootstrapValue: 0)
        #expect(zip(cutOff, cutOffSlow).allSatisfy { abs($0 - $1) <= 1e-5 })
        #expect(zip(terminated, terminatedSlow).allSatisfy { abs($0 - $1) <= 1e-5 })
        // The last step: r + γ·V versus r alone.
        #expect(abs(cutOff[4] - 10) <= 1e-6 && terminated[4] == 1)
        // The difference at step t is γⁿ⁻ᵗ·V.
        #expect(abs((cutOff[0] - terminated[0]) - 10 * 0.59049) <= 1e-4)
    }

    /// Karpathy's Pong returns: each point ends the sum, so every stretch up to and including
    /// a nonzero reward has the Monte Carlo returns of that stretch alone.
    @Test func returnsEndingAtRewardsRestartAfterEachPoint() {
        let rewards: [Float] = [0, 0, -1, 0, 0, 0, 1, 0, 0]
        let returns = discountedReturns(rewards: rewards, discount: 0.5, bootstrapValue: 8, endingAtRewards: true)
        let stretches = [Self.referenceReturns([0, 0, -1], discount: 0.5, bootstrapValue: 0),
                         Self.referenceReturns([0, 0, 0, 1], discount: 0.5, bootstrapValue: 0),
                         Self.referenceReturns([0, 0], discount: 0.5, bootstrapValue: 8)]
        #expect(returns == stretches.flatMap { $0 })
        #expect(returns[..<3] == [-0.25, -0.5, -1])
    }

    @Test func emptyTrajectoryHasNoReturns() {
        #expect(discountedReturns(rewards: [], discount: 0.99, bootstrapValue: 3).isEmpty)
    }

    @Test func normalizationGivesMeanZeroAndUnitDeviation() {
        let normalized = normalizedPerBatch([1, 2, 3, 4, 10])
        let mean = normalized.reduce(0, +) / 5
        let variance = normalized.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5
        #expect(abs(mean) < 1e-6 && abs(variance - 1) < 1e-5)
        #expect(normalizedPerBatch([7]) == [0])
    }
}
