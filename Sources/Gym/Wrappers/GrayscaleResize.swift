/// Turns a height × width × 3 RGB screen into a smaller grayscale picture, 84 × 84 by default:
/// Stable-Baselines3's `WarpFrame` and Gymnasium's `AtariPreprocessing(screen_size=84,
/// grayscale_obs=True)`, both OpenCV's RGB-to-gray conversion followed by an area resize.
/// Here the gray levels are `Grayscale.luminance` (OpenCV's formula, exactly) and the resize
/// is `AreaResize` (exact integer area means).
///
/// The observation space is `Box(0, 255, (height, width), uint8)`.
public final class GrayscaleResize<Inner: Environment>: EnvironmentWrapper where Inner.Scalar == UInt8 {
    public typealias Scalar = UInt8
    public let inner: Inner
    public let observationSpace: Box<UInt8>
    private let area: AreaResize
    /// The full-size grayscale screen, between the two passes.
    private let gray: UnsafeMutableBufferPointer<UInt8>
    private let frame: UnsafeMutableBufferPointer<UInt8>

    /// Throws unless the inner observations are RGB pictures, shape [height, width, 3].
    public init(_ inner: Inner, width: Int = 84, height: Int = 84) throws(EnvironmentError) {
        precondition(width > 0 && height > 0, "GrayscaleResize needs a positive size, got \(width)×\(height)")
        let shape = inner.observationSpace.shape
        guard shape.count == 3, shape[2] == 3, shape[0] > 0, shape[1] > 0 else {
            throw .invalidOption(environment: inner.id, name: "screenSize",
                                 problem: "needs RGB screen observations of shape [height, width, 3], got \(shape); make the environment with screen observations")
        }
        self.inner = inner
        observationSpace = Box(low: 0, high: 255, shape: [height, width])
        area = AreaResize(sourceWidth: shape[1], sourceHeight: shape[0], targetWidth: width, targetHeight: height)
        gray = .allocate(capacity: shape[0] * shape[1])
        gray.initialize(repeating: 0)
        frame = .allocate(capacity: width * height)
        frame.initialize(repeating: 0)
    }

    deinit {
        gray.deallocate()
        frame.deallocate()
    }

    public func withObservation<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(frame))
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        let info = try inner.reset(seed: seed, options: options)
        writeObservation()
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        let outcome = try inner.step(action)
        writeObservation()
        return outcome
    }

    private func writeObservation() {
        let (gray, frame, area) = (self.gray, self.frame, self.area)
        inner.withObservation { rgb in Grayscale.convert(rgb: rgb, into: gray) }
        area.resize(UnsafeBufferPointer(gray), into: frame)
    }
}
