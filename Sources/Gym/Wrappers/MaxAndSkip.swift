/// Repeats each action `skip` times, sums the rewards, and observes the elementwise maximum
/// of the last two frames: the frame skipping of Mnih et al. (2015) as Stable-Baselines3's
/// `MaxAndSkipEnv` and Gymnasium's `AtariPreprocessing(frame_skip=4)` do it. The maximum
/// removes the flicker of sprites the Atari draws on alternate frames.
///
/// Only the frame before the last repetition is copied aside, so the frames before it are
/// never read, and an environment that draws when read (`AtariEnvironment`) never draws
/// them: half the drawing of a 4-frame skip. The repetition stops as soon as the episode
/// ends, so the inner environment is never stepped past its end; if that happens before the
/// last repetition, the final frame is observed as it is. (Stable-Baselines3 maxes in a stale
/// frame of an earlier step there; a terminal observation is never bootstrapped from anyway.)
public final class MaxAndSkip<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let skip: Int
    private let previous: UnsafeMutableBufferPointer<Scalar>
    private let frame: UnsafeMutableBufferPointer<Scalar>

    public init(_ inner: Inner, skip: Int = 4) {
        precondition(skip >= 1, "MaxAndSkip needs skip ≥ 1, got \(skip)")
        (self.inner, self.skip) = (inner, skip)
        let low = inner.observationSpace.low
        previous = .allocate(capacity: low.count)
        _ = previous.initialize(from: low)
        frame = .allocate(capacity: low.count)
        _ = frame.initialize(from: low)
    }

    deinit {
        previous.deallocate()
        frame.deallocate()
    }

    public var observationSpace: Box<Scalar> { inner.observationSpace }

    public func withObservation<Result>(_ body: (UnsafeBufferPointer<Scalar>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(frame))
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        let info = try inner.reset(seed: seed, options: options)
        let frame = self.frame
        inner.withObservation { latest in _ = frame.update(fromContentsOf: latest) }
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        let (previous, frame) = (self.previous, self.frame)
        let (outcome, maxed) = try inner.repeatStep(action, times: skip) { latest in _ = previous.update(fromContentsOf: latest) }
        inner.withObservation { latest in
            if maxed {
                ElementwiseMaximum.apply(UnsafeBufferPointer(previous), latest, into: frame)
            } else {
                _ = frame.update(fromContentsOf: latest)
            }
        }
        return outcome
    }
}

extension Environment {
    /// Frame skipping's loop: steps `action` up to `times` times, stopping when the episode
    /// ends, and returns the last outcome with the rewards summed. `keepBeforeLast` sees the
    /// observation of the frame before the last repetition, the only earlier frame a maximum
    /// of the last two needs; `maxed` tells whether the skip ran its whole length (and that
    /// frame was kept), so the last two frames are to be maxed.
    @inlinable
    public func repeatStep(_ action: Int, times: Int, keepBeforeLast: (UnsafeBufferPointer<Scalar>) -> Void)
        throws(EnvironmentError) -> (outcome: StepOutcome, maxed: Bool) {
        var outcome = try step(action)
        var reward = outcome.reward
        var framesSeen = 1
        while framesSeen < times && !outcome.isEpisodeOver {
            if framesSeen == times - 1 { withObservation(keepBeforeLast) }
            outcome = try step(action)
            reward += outcome.reward
            framesSeen += 1
        }
        outcome.reward = reward
        return (outcome, framesSeen == times && times > 1)
    }
}
