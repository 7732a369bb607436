/// Any environment whose observations are `Scalar`s, its concrete type hidden: a composed
/// wrapper stack or a registry-made environment used where one type is needed, such as
/// `VectorEnvironment<AnyEnvironment<UInt8>>`. Every member forwards to the environment inside.
///
/// The environment is held as an existential of `ScalarEnvironment<Scalar>`, a protocol that
/// names `Scalar` as its primary associated type, so each call is one dynamic dispatch and no
/// allocation. Erasing an `AnyEnvironment` again reuses its box instead of nesting.
public final class AnyEnvironment<Scalar: ObservationScalar>: Environment {
    private let base: any ScalarEnvironment<Scalar>

    public init<E: Environment>(_ env: E) where E.Scalar == Scalar {
        base = (env as? AnyEnvironment<Scalar>)?.base ?? Erased(env)
    }

    /// Erases an environment known only as `any Environment` (what the registry's `make`
    /// returns). Throws when its observations are not `Scalar`s.
    public convenience init(erasing env: any Environment) throws(EnvironmentError) {
        func box<E: Environment>(_ env: E) -> (any ScalarEnvironment<Scalar>)? {
            if let erased = env as? AnyEnvironment<Scalar> { return erased.base }
            return Erased(env) as? any ScalarEnvironment<Scalar>
        }
        guard let base = box(env) else {
            func scalar<E: Environment>(of env: E) -> String { "\(E.Scalar.self)" }
            throw .invalidOption(environment: env.id, name: "observation type",
                                 problem: "is \(scalar(of: env)), not \(Scalar.self); erase it as AnyEnvironment<\(scalar(of: env))>")
        }
        self.init(base: base)
    }

    private init(base: any ScalarEnvironment<Scalar>) { self.base = base }

    public var id: String { base.id }
    public var observationSpace: Box<Scalar> { base.observationSpace }
    public var actionSpace: Discrete { base.actionSpace }
    public var actionMeanings: [String] { base.actionMeanings }
    public var renderMode: RenderMode { base.renderMode }
    public var framesPerSecond: Int { base.framesPerSecond }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        try base.reset(seed: seed, options: options)
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome { try base.step(action) }

    public func withObservation<Result>(_ body: (UnsafeBufferPointer<Scalar>) throws -> Result) rethrows -> Result {
        try base.withObservation(body)
    }

    public func render() -> RGBFrame? { base.render() }
    public func close() { base.close() }
}

/// An environment with `Scalar` named as a primary associated type, so that
/// `any ScalarEnvironment<UInt8>` can be written (`Environment` itself names none).
protocol ScalarEnvironment<Scalar>: Environment {
    associatedtype Scalar
}

/// Any environment, made a `ScalarEnvironment` by passing everything through.
private final class Erased<Inner: Environment>: EnvironmentWrapper, ScalarEnvironment {
    typealias Scalar = Inner.Scalar
    let inner: Inner
    init(_ inner: Inner) { self.inner = inner }
}
