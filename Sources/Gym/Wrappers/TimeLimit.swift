/// Ends an episode as truncated after `maxEpisodeSteps` steps, as Gymnasium's `TimeLimit`
/// wrapper does (CartPole-v1 registers 500). A step that both terminates and reaches the
/// limit reports both.
public final class TimeLimit<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let maxEpisodeSteps: Int
    private var elapsedSteps = 0
    private var episodeOver = false

    public init(_ inner: Inner, maxEpisodeSteps: Int) {
        precondition(maxEpisodeSteps > 0, "a time limit needs at least one step, got \(maxEpisodeSteps)")
        self.inner = inner
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        var info = try inner.reset(seed: seed, options: options)
        elapsedSteps = 0
        episodeOver = false
        info.elapsedSteps = 0
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        // The inner environment only knows about its own ends; this one knows about truncation.
        if episodeOver { throw .stepAfterEpisodeEnd(environment: id) }
        var outcome = try inner.step(action)
        elapsedSteps += 1
        if elapsedSteps >= maxEpisodeSteps { outcome.truncated = true }
        outcome.info.elapsedSteps = elapsedSteps
        episodeOver = outcome.isEpisodeOver
        return outcome
    }
}
