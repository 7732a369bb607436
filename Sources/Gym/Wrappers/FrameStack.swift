/// Observes the last `count` observations at once, oldest first, shape [count] + the inner
/// shape: the four-frame input of Mnih et al. (2015), as Gymnasium's `FrameStackObservation`
/// (and CleanRL through it) gives it. A single frame cannot show which way the ball moves.
///
/// After a reset the first observation fills every slot: Gymnasium's `padding_type="reset"`,
/// and what the older `gym.wrappers.FrameStack` that CleanRL's results come from did.
/// Stable-Baselines3's `VecFrameStack` fills with zeros instead; we repeat the frame because a
/// black history is a picture the game never shows, while a still one is a plausible past.
///
/// A step moves the older frames one slot towards the front (one overlapping copy) and writes
/// the new frame last; nothing is allocated.
public final class FrameStack<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let count: Int
    public let observationSpace: Box<Scalar>
    /// Elements in one inner observation.
    private let frameSize: Int
    /// [count, frameSize], oldest frame first.
    private let stack: UnsafeMutableBufferPointer<Scalar>

    public init(_ inner: Inner, count: Int = 4) {
        precondition(count >= 1, "FrameStack needs count ≥ 1, got \(count)")
        let space = inner.observationSpace
        (self.inner, self.count, frameSize) = (inner, count, space.count)
        let low = Array([[Scalar]](repeating: space.low, count: count).joined())
        let high = Array([[Scalar]](repeating: space.high, count: count).joined())
        observationSpace = Box(low: low, high: high, shape: [count] + space.shape)
        stack = .allocate(capacity: low.count)
        _ = stack.initialize(from: low)
    }

    deinit { stack.deallocate() }

    public func withObservation<Result>(_ body: (UnsafeBufferPointer<Scalar>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(stack))
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        let info = try inner.reset(seed: seed, options: options)
        let (stack, frameSize, count) = (self.stack.baseAddress!, self.frameSize, self.count)
        inner.withObservation { first in
            for slot in 0..<count { (stack + slot * frameSize).update(from: first.baseAddress!, count: frameSize) }
        }
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        let outcome = try inner.step(action)
        let (stack, frameSize, count) = (self.stack.baseAddress!, self.frameSize, self.count)
        // update(from:count:) copies overlapping regions correctly, front to back here.
        stack.update(from: stack + frameSize, count: (count - 1) * frameSize)
        inner.withObservation { latest in
            (stack + (count - 1) * frameSize).update(from: latest.baseAddress!, count: frameSize)
        }
        return outcome
    }
}
