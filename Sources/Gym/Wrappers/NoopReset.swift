import Randomness

/// Starts each episode after a random number of NOOP actions, uniform in 1...maxNoops, so
/// that an agent does not see the same first state every time: the "up to 30 no-op actions"
/// starts of Mnih et al. (2015), as Stable-Baselines3's `NoopResetEnv` and Gymnasium's
/// `AtariPreprocessing(noop_max=30)` take them.
///
/// The count comes from a generator of the wrapper's own, seeded from the reset seed (mixed,
/// so that it is not the inner environment's stream). If the episode ends during the no-ops,
/// the inner environment is reset again (without the seed, which would replay the same end)
/// and the remaining no-ops go on from there, as Stable-Baselines3 does.
public final class NoopReset<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let maxNoops: Int
    /// Used on reset only, so it needs no pointer of its own.
    private var generator = WrapperSeed.generator(0, stream: WrapperSeed.noopStream)

    /// Throws when action 0 is not NOOP: the no-ops would then be moves.
    public init(_ inner: Inner, maxNoops: Int = 30) throws(EnvironmentError) {
        precondition(maxNoops >= 1, "NoopReset needs at least one no-op, got maxNoops \(maxNoops)")
        guard inner.actionMeanings.first == "NOOP" else {
            throw .invalidOption(environment: inner.id, name: "noopMax",
                                 problem: "needs action 0 to be NOOP, but the actions are \(inner.actionMeanings); set noopMax to 0 for this environment")
        }
        (self.inner, self.maxNoops) = (inner, maxNoops)
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        if let seed { generator = WrapperSeed.generator(seed, stream: WrapperSeed.noopStream) }
        var info = try inner.reset(seed: seed, options: options)
        let noops = 1 + generator.nextInt(below: maxNoops)
        for _ in 0..<noops {
            let outcome = try inner.step(0)
            info = outcome.isEpisodeOver ? try inner.reset(seed: nil, options: options) : outcome.info
        }
        // An episode that ended among the no-ops is not the agent's to count.
        info.episode = nil
        return info
    }
}
