/// Shows every `interval`-th episode in a window while an agent trains (`rlrun dqn pong
/// --render`); the other episodes are not drawn at all, so training runs at full speed
/// between them. When the person closes the window, training goes on without it.
public final class ShowEpisodes<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let viewer: any FrameViewer
    public let interval: Int
    private var episodes = 0
    private var showing = false

    /// `inner` must draw (render mode rgb_array).
    public init(_ inner: Inner, viewer: any FrameViewer, interval: Int) {
        precondition(interval >= 1, "ShowEpisodes needs an interval of at least 1 episode, got \(interval)")
        precondition(inner.renderMode != .none, "ShowEpisodes needs an environment made with render mode rgb_array")
        (self.inner, self.viewer, self.interval) = (inner, viewer, interval)
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        let info = try inner.reset(seed: seed, options: options)
        showing = episodes % interval == 0 && !viewer.isClosed
        episodes += 1
        show()
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        let outcome = try inner.step(action)
        show()
        return outcome
    }

    private func show() {
        guard showing, !viewer.isClosed, let frame = inner.render() else { return }
        viewer.show(frame, framesPerSecond: inner.framesPerSecond)
    }
}
