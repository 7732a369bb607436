/// Shows every `interval`-th episode in a window (render mode human): every episode for a
/// person watching (`HumanRendering`), one in N while an agent trains (`rlrun dqn pong
/// --render`), where the other episodes are not drawn at all and training runs at full speed
/// between them. When the person closes the window, the episodes go on without it.
public final class ShowEpisodes<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let viewer: any FrameViewer
    public let interval: Int
    /// The pace of the shown episodes; nil: the game's own (`framesPerSecond` of `inner`).
    public let framesPerSecond: Int?
    private var episodes = 0
    private var showing = false

    /// `inner` must draw (render mode rgb_array).
    /// `framesPerSecond` sets the pace of the shown episodes (0: as fast as they are played).
    public init(_ inner: Inner, viewer: any FrameViewer, interval: Int = 1, framesPerSecond: Int? = nil) {
        precondition(interval >= 1, "ShowEpisodes needs an interval of at least 1 episode, got \(interval)")
        precondition((framesPerSecond ?? 0) >= 0, "ShowEpisodes needs 0 or more frames a second, got \(framesPerSecond ?? 0)")
        precondition(inner.renderMode == .rgbArray, "ShowEpisodes needs an environment made with render mode rgb_array, got \(inner.renderMode)")
        (self.inner, self.viewer, self.interval, self.framesPerSecond) = (inner, viewer, interval, framesPerSecond)
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
        viewer.show(frame, framesPerSecond: framesPerSecond ?? inner.framesPerSecond)
    }
}
