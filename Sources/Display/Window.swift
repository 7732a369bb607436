import CSDL2
import Foundation
import Gym

/// An SDL2 window that shows an environment's frames scaled up (3× by default, nearest
/// neighbour, so each game pixel is a sharp square), paced at the game's frame rate, and reads
/// the keyboard. This module is the only code that touches SDL, and only when a window is
/// opened: headless runs never initialise SDL's video.
///
/// The renderer is SDL's software one: it works the same under Xvfb, over ssh -X and on a
/// desktop, and its window surface can be read back (`readPixels`) to test what is shown.
public final class Window: FrameViewer {
    public let scale: Int
    /// The person closed the window or pressed Escape.
    public private(set) var closeRequested = false
    public private(set) var keyboard = Keyboard()

    private var window: OpaquePointer?
    private var renderer: OpaquePointer?
    private var texture: OpaquePointer?
    private var textureSize = (width: 0, height: 0)
    /// When the frame shown last is due to be replaced, in seconds of the monotonic clock.
    private var nextFrameDue = 0.0

    /// Opens a window titled `title` for frames of `width × height`, shown `scale` times larger.
    /// Throws `DisplayError.noDisplay` when there is no display to open it on (checked in
    /// `environment`, by default the process's).
    public init(title: String, width: Int, height: Int, scale: Int = 3,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(DisplayError) {
        precondition(width > 0 && height > 0 && scale > 0, "a window needs a positive size and scale, got \(width)×\(height) ×\(scale)")
        try Window.checkDisplay(environment: environment)
        self.scale = scale
        guard SDL_InitSubSystem(UInt32(SDL_INIT_VIDEO)) == 0 else { throw Window.sdlError("SDL_InitSubSystem(video)") }
        // Nearest-neighbour scaling: the frames are pixel art.
        SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "0")
        let centered = Int32(bitPattern: UInt32(SDL_WINDOWPOS_CENTERED_MASK))
        window = SDL_CreateWindow(title, centered, centered, Int32(width * scale), Int32(height * scale), SDL_WINDOW_SHOWN.rawValue)
        guard window != nil else { defer { shutDown() }; throw Window.sdlError("SDL_CreateWindow") }
        renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue)
        guard renderer != nil else { defer { shutDown() }; throw Window.sdlError("SDL_CreateRenderer") }
        do { try makeTexture(width: width, height: height) } catch { shutDown(); throw error }
    }

    deinit { shutDown() }

    /// Throws `DisplayError.noDisplay` unless `environment` names a display to open windows
    /// on, without touching SDL: a command can refuse `--render` before it starts working.
    public static func checkDisplay(environment: [String: String] = ProcessInfo.processInfo.environment) throws(DisplayError) {
        let hasDisplay = ["DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"].contains { !(environment[$0] ?? "").isEmpty }
        guard hasDisplay else { throw .noDisplay }
    }

    /// Shows `frame`, first waiting until the previous one has been up for 1/`framesPerSecond`
    /// of a second (not at all with 0: as fast as frames come), then reads the keyboard.
    public func show(_ frame: RGBFrame, framesPerSecond: Int) {
        guard renderer != nil else { return }
        if (frame.width, frame.height) != textureSize { try? makeTexture(width: frame.width, height: frame.height) }
        frame.pixels.withUnsafeBytes { bytes in
            _ = SDL_UpdateTexture(texture, nil, bytes.baseAddress, Int32(frame.width * 3))
        }
        _ = SDL_RenderClear(renderer)
        _ = SDL_RenderCopy(renderer, texture, nil, nil)
        waitForFrameTime(framesPerSecond: framesPerSecond)
        SDL_RenderPresent(renderer)
        pollEvents()
    }

    /// Reads the keyboard and window events; `keyboard` and `closeRequested` then tell what
    /// the person is doing. `show` calls it; call it yourself while no frames are shown.
    public func pollEvents() {
        guard window != nil else { return }
        var event = SDL_Event()
        while SDL_PollEvent(&event) != 0 {
            switch SDL_EventType(event.type) {
            case SDL_QUIT: closeRequested = true
            case SDL_KEYDOWN where event.key.keysym.sym == Int32(SDLK_ESCAPE.rawValue): closeRequested = true
            default: break
            }
        }
        guard let state = SDL_GetKeyboardState(nil) else { return }
        func held(_ code: SDL_Scancode) -> Bool { state[Int(code.rawValue)] != 0 }
        keyboard.left = held(SDL_SCANCODE_LEFT)
        keyboard.right = held(SDL_SCANCODE_RIGHT)
        keyboard.up = held(SDL_SCANCODE_UP)
        keyboard.down = held(SDL_SCANCODE_DOWN)
        keyboard.space = held(SDL_SCANCODE_SPACE)
        keyboard.enter = held(SDL_SCANCODE_RETURN)
    }

    /// The pixels the window shows now, at window size (frames × scale).
    public func readPixels() -> RGBFrame? {
        guard renderer != nil, let window else { return nil }
        var width: Int32 = 0, height: Int32 = 0
        SDL_GetWindowSize(window, &width, &height)
        var pixels = [UInt8](repeating: 0, count: Int(width * height) * 3)
        let status = pixels.withUnsafeMutableBytes { bytes in
            SDL_RenderReadPixels(renderer, nil, SDL_PIXELFORMAT_RGB24.rawValue, bytes.baseAddress, width * 3)
        }
        guard status == 0 else { return nil }
        return RGBFrame(width: Int(width), height: Int(height), pixels: pixels)
    }

    public func close() { shutDown() }

    public var isClosed: Bool { closeRequested || window == nil }

    private func makeTexture(width: Int, height: Int) throws(DisplayError) {
        if let texture { SDL_DestroyTexture(texture) }
        texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGB24.rawValue, Int32(SDL_TEXTUREACCESS_STREAMING.rawValue),
                                    Int32(width), Int32(height))
        guard texture != nil else { throw Window.sdlError("SDL_CreateTexture") }
        textureSize = (width, height)
    }

    private func waitForFrameTime(framesPerSecond: Int) {
        guard framesPerSecond > 0 else { return }  // as fast as frames come
        let now = Window.seconds()
        if nextFrameDue > now { usleep(UInt32((nextFrameDue - now) * 1e6)) }
        // Late frames do not pile up: the next one is due a frame after this one is shown.
        nextFrameDue = max(nextFrameDue, now) + 1 / Double(framesPerSecond)
    }

    private func shutDown() {
        if let texture { SDL_DestroyTexture(texture) }
        if let renderer { SDL_DestroyRenderer(renderer) }
        if let window {
            SDL_DestroyWindow(window)
            SDL_QuitSubSystem(UInt32(SDL_INIT_VIDEO))
        }
        (texture, renderer, window) = (nil, nil, nil)
    }

    private static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    private static func sdlError(_ call: String) -> DisplayError {
        .sdl(call: call, message: String(cString: SDL_GetError()))
    }
}
