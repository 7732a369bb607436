/// How an environment shows itself, fixed when it is made, as Gymnasium's `render_mode`:
/// `none` draws nothing, `rgbArray` draws a frame when `render()` is called, `human` shows
/// every frame in a window as the episode runs (see `HumanRendering`).
public enum RenderMode: String, CaseIterable, Sendable {
    case none
    case rgbArray = "rgb_array"
    case human
}

/// One picture of an environment: `height × width × 3` bytes, RGB, row by row (the shape of
/// Gymnasium's `render()` array).
public struct RGBFrame: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "an RGB frame of \(width)×\(height) needs \(width * height * 3) bytes, got \(pixels.count)")
        (self.width, self.height, self.pixels) = (width, height, pixels)
    }

    /// The colour at column x, row y.
    public subscript(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8) {
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }
}

/// Where human rendering sends its frames: a window. The Display module provides one; Gym
/// knows nothing of SDL.
public protocol FrameViewer: AnyObject {
    /// Shows `frame`, holding it for 1/`framesPerSecond` of a second since the last one so
    /// that a person sees the game at its own pace.
    func show(_ frame: RGBFrame, framesPerSecond: Int)
    /// Closes the window. Safe to call more than once.
    func close()
    /// The window was closed (by `close()` or by the person looking at it).
    var isClosed: Bool { get }
}

/// Turns an environment that can draw frames into one that shows each of them in a window:
/// render mode human. Gymnasium's `HumanRendering` wrapper does the same.
public final class HumanRendering<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let viewer: any FrameViewer

    /// `inner` must have been made with render mode rgb_array, so that it can draw.
    public init(_ inner: Inner, viewer: any FrameViewer) {
        precondition(inner.renderMode == .rgbArray, "HumanRendering needs an environment made with render mode rgb_array, got \(inner.renderMode)")
        (self.inner, self.viewer) = (inner, viewer)
    }

    public var renderMode: RenderMode { .human }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        let info = try inner.reset(seed: seed, options: options)
        showFrame()
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        let outcome = try inner.step(action)
        showFrame()
        return outcome
    }

    public func close() {
        viewer.close()
        inner.close()
    }

    private func showFrame() {
        if let frame = inner.render() { viewer.show(frame, framesPerSecond: inner.framesPerSecond) }
    }
}
