import Randomness

/// With probability `probability`, each step repeats the previous action instead of taking
/// the new one: the ALE's `repeat_action_probability` (0.25 in the v5 environments), which
/// Machado et al. (2018) recommend so that an agent cannot memorise an open-loop action
/// sequence. Gymnasium's `StickyAction` wrapper does the same.
///
/// The ALE decides this on every emulator frame, so the wrapper belongs inside `MaxAndSkip`.
/// The previous action starts as 0 (NOOP) at each reset. The draws come from a generator of
/// the wrapper's own, seeded from the reset seed (mixed, so that it is not the inner
/// environment's stream). An action outside the space is rejected before any draw, even when
/// it would have been replaced.
public final class StickyActions<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let probability: Double

    /// Read and written every step, behind a pointer so that a step pays no run-time
    /// exclusivity checks on class properties.
    private struct State {
        var generator = WrapperSeed.generator(0, stream: WrapperSeed.stickyStream)
        var previousAction = 0
    }

    private let state = UnsafeMutablePointer<State>.allocate(capacity: 1)

    public init(_ inner: Inner, probability: Double = 0.25) {
        precondition(probability >= 0 && probability <= 1, "a sticky-action probability must be in [0, 1], got \(probability)")
        (self.inner, self.probability) = (inner, probability)
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        if let seed { state.pointee.generator = WrapperSeed.generator(seed, stream: WrapperSeed.stickyStream) }
        let info = try inner.reset(seed: seed, options: options)
        state.pointee.previousAction = 0
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        guard actionSpace.contains(action) else {
            throw .actionOutsideSpace(environment: id, action: action, space: actionSpace)
        }
        let sticks = state.pointee.generator.nextUniformDouble() < probability
        let taken = sticks ? state.pointee.previousAction : action
        let outcome = try inner.step(taken)
        state.pointee.previousAction = taken
        return outcome
    }
}
