import Gym
import Randomness

/// The ALE's names for joystick positions. A game's minimal action set lists the ones that
/// do something in it, in the ALE's order, and action i of the environment is entry i.
public enum AtariAction: String, Sendable, CaseIterable {
    case noop = "NOOP", fire = "FIRE", up = "UP", right = "RIGHT", left = "LEFT", down = "DOWN"
    case rightFire = "RIGHTFIRE", leftFire = "LEFTFIRE"

    /// The button is pressed.
    public var fires: Bool { self == .fire || self == .rightFire || self == .leftFire }
    /// The joystick leans right (Pong: the paddle goes up).
    public var pushesRight: Bool { self == .right || self == .rightFire }
    /// The joystick leans left (Pong: the paddle goes down).
    public var pushesLeft: Bool { self == .left || self == .leftFire }
}

/// The rules and the look of one Atari 2600-style game. `AtariEnvironment` turns a game into
/// an environment; the game itself only advances frames, keeps score and draws.
///
/// A game is a value: copying it copies the whole state. All of its randomness comes from the
/// generator it is handed, so the same seed and actions give the same game anywhere.
public protocol AtariGame: Sendable {
    /// The name the registry uses ("Breakout").
    static var name: String { get }
    /// The ALE's minimal action set for the game, in the ALE's order.
    static var minimalActions: [AtariAction] { get }
    /// The colours `draw` uses.
    static var palette: Palette { get }
    /// Bounds of each entry of the state vector (its length is their count).
    static var stateLow: [Float] { get }
    static var stateHigh: [Float] { get }

    /// A game before its first reset.
    init()
    /// Starts a new game: full lives, no score.
    mutating func reset(using generator: inout SeededGenerator)
    /// Advances one frame (1/60 s) with the joystick held at `action`. Returns the reward of
    /// the frame: the points the agent scored (negative when the opponent scored).
    mutating func advanceFrame(_ action: AtariAction, using generator: inout SeededGenerator) -> Int
    /// Lives (balls) left; the ALE's `lives()`.
    var lives: Int { get }
    /// The game has ended (the last ball is lost, a side reached 21).
    var isOver: Bool { get }
    /// Draws the whole 160 × 210 screen.
    func draw(on canvas: Canvas)
    /// Writes the compact state (positions, velocities, bricks), scaled as `stateLow`/`stateHigh` say.
    func writeState(into state: UnsafeMutableBufferPointer<Float>)
}

/// The Atari 2600's screen, as the ALE delivers it.
public enum AtariScreen {
    public static let width = 160
    public static let height = 210
    /// Frames per second (NTSC).
    public static let framesPerSecond = 60
}
