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
        var outcome = try inner.step(action)
        var reward = outcome.reward
        var framesSeen = 1
        while framesSeen < skip && !outcome.isEpisodeOver {
            if framesSeen == skip - 1 { inner.withObservation { latest in _ = previous.update(fromContentsOf: latest) } }
            outcome = try inner.step(action)
            reward += outcome.reward
            framesSeen += 1
        }
        inner.withObservation { latest in
            if framesSeen < skip || skip == 1 {
                _ = frame.update(fromContentsOf: latest)
            } else {
                ElementwiseMaximum.apply(UnsafeBufferPointer(previous), latest, into: frame)
            }
        }
        outcome.reward = reward
        return outcome
    }
}
