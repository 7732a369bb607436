/// An environment built around another one, changing some of what it does: Gymnasium's
/// `Wrapper`. Everything a wrapper does not define itself is passed through to `inner`, so a
/// wrapper states only what it changes.
public protocol EnvironmentWrapper: Environment {
    associatedtype Inner: Environment
    var inner: Inner { get }
}

extension EnvironmentWrapper {
    public var id: String { inner.id }
    public var actionSpace: Discrete { inner.actionSpace }
    public var actionMeanings: [String] { inner.actionMeanings }
    public var renderMode: RenderMode { inner.renderMode }
    public var framesPerSecond: Int { inner.framesPerSecond }
    public func render() -> RGBFrame? { inner.render() }
    public func close() { inner.close() }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        try inner.reset(seed: seed, options: options)
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome { try inner.step(action) }
}

/// Wrappers that leave the observation as it is.
extension EnvironmentWrapper where Scalar == Inner.Scalar {
    public var observationSpace: Box<Scalar> { inner.observationSpace }

    public func withObservation<Result>(_ body: (UnsafeBufferPointer<Scalar>) throws -> Result) rethrows -> Result {
        try inner.withObservation(body)
    }
}
