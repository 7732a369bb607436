/// Repeats each action `skip` times, sums the rewards, and observes the last frame: the
/// ALE's own `frameskip` (Gymnasium's `ALE/Pong-v5` steps 4 frames this way), for
/// observations a maximum of two frames would blur: state vectors (`Pong-state`) and
/// Karpathy's difference frames. Pixel stacks for the DQN papers use `MaxAndSkip`.
/// The repetition stops as soon as the episode ends, so the inner environment is never
/// stepped past its end.
public final class FrameSkip<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let skip: Int

    public init(_ inner: Inner, skip: Int) {
        precondition(skip >= 1, "FrameSkip needs skip ≥ 1, got \(skip)")
        (self.inner, self.skip) = (inner, skip)
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        try inner.repeatStep(action, times: skip, keepBeforeLast: { _ in }).outcome
    }
}
