/// Pong as Karpathy's "Deep Reinforcement Learning: Pong from Pixels" (2016) feeds it to a
/// policy network: the 210×160 RGB screen cropped to the playing field (rows 35..<195),
/// every second row and column kept (80×80), the two background colours set to 0 and
/// everything else (paddles, ball) to 1, and the observation the difference from the previous
/// such frame, so that a single input shows where things move. After a reset the difference
/// is all zeros (there is no previous frame).
///
/// Karpathy tests only the red channel (144 and 109); this compares the whole colour,
/// (144, 72, 17) and (109, 118, 43), ALE Pong's two background shades.
///
/// Observation space `Box(-1, 1, (6400,), float32)`. Steps allocate nothing: the two
/// preprocessed frames and the difference live in buffers made once.
public final class DifferenceFrames<Inner: Environment>: EnvironmentWrapper where Inner.Scalar == UInt8 {
    public typealias Scalar = Float
    public let inner: Inner
    public let observationSpace = Box<Float>(low: -1, high: 1, shape: [DifferenceFramesLayout.side * DifferenceFramesLayout.side])
    /// The preprocessed previous frame and the current one, 0 or 1 each.
    private var previous: UnsafeMutableBufferPointer<Float>
    private var current: UnsafeMutableBufferPointer<Float>
    /// current − previous.
    private let difference: UnsafeMutableBufferPointer<Float>

    /// Throws unless the inner observations are 210×160 RGB screens.
    public init(_ inner: Inner) throws(EnvironmentError) {
        let shape = inner.observationSpace.shape
        guard shape == [210, 160, 3] else {
            throw .invalidOption(environment: inner.id, name: "differenceFrames",
                                 problem: "needs 210×160 RGB screens of shape [210, 160, 3], got \(shape); make the Atari environment with screen observations")
        }
        self.inner = inner
        let count = observationSpace.count
        (previous, current, difference) = (.allocate(capacity: count), .allocate(capacity: count), .allocate(capacity: count))
        for buffer in [previous, current, difference] { buffer.initialize(repeating: 0) }
    }

    deinit {
        previous.deallocate()
        current.deallocate()
        difference.deallocate()
    }

    public func withObservation<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(difference))
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        let info = try inner.reset(seed: seed, options: options)
        let target = previous
        inner.withObservation { DifferenceFramesLayout.preprocess(screen: $0, into: target) }
        difference.update(repeating: 0)
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        let outcome = try inner.step(action)
        let (previous, current, difference) = (self.previous, self.current, self.difference)
        inner.withObservation { DifferenceFramesLayout.preprocess(screen: $0, into: current) }
        for i in 0..<difference.count { difference[i] = current[i] - previous[i] }
        // The current frame is the next step's previous one.
        (self.previous, self.current) = (current, previous)
        return outcome
    }
}

/// The crop, downsampling and colour test of `DifferenceFrames`.
public enum DifferenceFramesLayout {
    /// The preprocessed frame is side × side.
    public static let side = 80
    /// The playing field: screen rows 35..<195 (the score above and the border below are cut).
    public static let firstRow = 35
    /// ALE Pong's background colours.
    public static let backgrounds: [(UInt8, UInt8, UInt8)] = [(144, 72, 17), (109, 118, 43)]

    /// Writes the 80×80 frame of a 210×160×3 `screen`: pixel (r, c) is screen pixel
    /// (35 + 2r, 2c), 0 where it shows a background colour and 1 elsewhere.
    public static func preprocess(screen: UnsafeBufferPointer<UInt8>, into frame: UnsafeMutableBufferPointer<Float>) {
        precondition(screen.count == 210 * 160 * 3 && frame.count == side * side,
                     "DifferenceFrames preprocesses a 210×160×3 screen into 80×80, got \(screen.count) and \(frame.count) elements")
        let (b0, b1) = (backgrounds[0], backgrounds[1])
        for r in 0..<side {
            for c in 0..<side {
                let p = ((firstRow + 2 * r) * 160 + 2 * c) * 3
                let (red, green, blue) = (screen[p], screen[p + 1], screen[p + 2])
                let isBackground = (red == b0.0 && green == b0.1 && blue == b0.2) || (red == b1.0 && green == b1.1 && blue == b1.2)
                frame[r * side + c] = isBackground ? 0 : 1
            }
        }
    }
}
