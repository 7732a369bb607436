/// Obscures each observation entirely with probability `probability`: the flickering Atari
/// games of Hausknecht & Stone (2015, "Deep Recurrent Q-Learning for Partially Observable
/// MDPs", §5), where at every step the screen is either fully shown or blank (p = 0.5). The
/// game becomes partially observed: one frame cannot tell where the ball is, so an agent must
/// integrate frames over time (DRQN's LSTM) or see several at once (DQN's frame stack).
///
/// A blank observation is all zeros. The wrapper goes below `FrameStack`, so each stacked
/// frame flickers on its own, as the paper's 10-frame DQN saw it. The draws come from a
/// generator of its own, seeded from the reset seed (mixed with its stream's tag).
public final class Flicker<Inner: Environment>: EnvironmentWrapper where Inner.Scalar: ObservationScalar & AdditiveArithmetic {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let probability: Double

    private var generator = WrapperSeed.generator(0, stream: WrapperSeed.flickerStream)
    /// Whether the current observation is blanked.
    public private(set) var obscured = false
    private let blank: [Scalar]

    public init(_ inner: Inner, probability: Double = 0.5) throws(EnvironmentError) {
        guard probability >= 0 && probability <= 1 else {
            throw .invalidOption(environment: inner.id, name: "flickerProbability", problem: "must be a probability in [0, 1], got \(probability)")
        }
        (self.inner, self.probability) = (inner, probability)
        blank = Array(repeating: .zero, count: inner.observationSpace.count)
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        if let seed { generator = WrapperSeed.generator(seed, stream: WrapperSeed.flickerStream) }
        let info = try inner.reset(seed: seed, options: options)
        obscured = generator.nextUniformDouble() < probability
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        let outcome = try inner.step(action)
        obscured = generator.nextUniformDouble() < probability
        return outcome
    }

    public func withObservation<Result>(_ body: (UnsafeBufferPointer<Scalar>) throws -> Result) rethrows -> Result {
        if obscured { return try blank.withUnsafeBufferPointer(body) }
        return try inner.withObservation(body)
    }
}
