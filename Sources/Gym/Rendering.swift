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
    /// that a person sees the game at its own pace; 0 shows each frame as soon as it comes.
    func show(_ frame: RGBFrame, framesPerSecond: Int)
    /// Closes the window. Safe to call more than once.
    func close()
    /// The window was closed (by `close()` or by the person looking at it).
    var isClosed: Bool { get }
}

/// Turns an environment that can draw frames into one that shows each of them in a window:
/// render mode human, Gymnasium's `HumanRendering` wrapper. It is `ShowEpisodes` showing every
/// episode: `HumanRendering(env, viewer: window)`.
public typealias HumanRendering<Inner: Environment> = ShowEpisodes<Inner>
