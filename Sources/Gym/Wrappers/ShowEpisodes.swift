/// Shows every `interval`-th episode in a window (render mode human): every episode for a
/// person watching (`HumanRendering`), one in N while an agent trains (`rlrun dqn pong
/// --render`), where the other episodes are not drawn at all and training runs at full speed
/// between them. When the person closes the window, the episodes go on without it.
public final class ShowEpisodes<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let viewer: any FrameViewer
    public let interval: Int
    private var episodes = 0
    private var showing = false

    /// `inner` must draw (render mode rgb_array).
    public init(_ inner: Inner, viewer: any FrameViewer, interval: Int = 1) {
        precondition(interval >= 1, "ShowEpisodes needs an interval of at least 1 episode, got \(interval)")
        precondition(inner.renderMode == .rgbArray, "ShowEpisodes needs an environment made with render mode rgb_array, got \(inner.renderMode)")
        (self.inner, self.viewer, self.interval) = (inner, viewer, interval)
    }

    public var renderMode: RenderMode { .human }

    /// Closes the window too.
    public func close() {
        viewer.close()
        inner.close()
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
