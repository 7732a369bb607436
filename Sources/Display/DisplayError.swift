/// Why a window could not be opened, each with what to do instead.
public enum DisplayError: Error, Equatable, CustomStringConvertible {
    /// Neither DISPLAY nor WAYLAND_DISPLAY is set: a server over ssh, say.
    case noDisplay
    /// SDL refused; the message is SDL's own.
    case sdl(call: String, message: String)

    public var description: String {
        switch self {
        case .noDisplay:
            "no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set); run without the window (headless), use ssh -X, or run under xvfb-run"
        case let .sdl(call, message):
            "the window could not be opened: \(call) failed: \(message)"
        }
    }
}
