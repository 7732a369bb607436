/// Reports each finished episode's return and length in `info.episode` on the step that ends
/// it: Gymnasium's `RecordEpisodeStatistics` (its `info["episode"]["r"]` and `["l"]`), which
/// CleanRL reads for its learning curves. Other steps leave `info.episode` as it was.
///
/// Where it sits decides what it counts: inside `ClipReward` the return is the game's score,
/// inside `EpisodicLife` an episode is a whole game, outside `MaxAndSkip` a step is an agent
/// step (`atariPreprocessing` places it so).
public final class RecordEpisodeStatistics<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner

    /// Updated every step, behind a pointer so that a step pays no run-time exclusivity
    /// checks on class properties.
    private struct Totals {
        var episodeReturn = 0.0
        var length = 0
    }

    private let totals = UnsafeMutablePointer<Totals>.allocate(capacity: 1)

    public init(_ inner: Inner) {
        self.inner = inner
        totals.initialize(to: Totals())
    }

    deinit {
        totals.deinitialize(count: 1)
        totals.deallocate()
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        let info = try inner.reset(seed: seed, options: options)
        totals.pointee = Totals()
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        var outcome = try inner.step(action)
        totals.pointee.episodeReturn += outcome.reward
        totals.pointee.length += 1
        if outcome.isEpisodeOver {
            outcome.info.episode = EpisodeStatistics(episodeReturn: totals.pointee.episodeReturn, length: totals.pointee.length)
        }
        return outcome
    }
}
