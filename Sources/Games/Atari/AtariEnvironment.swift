import Gym
import Randomness

/// What an Atari environment observes: the screen or the game's state vector.
public protocol AtariObservation {
    associatedtype Scalar: ObservationScalar
    /// Added to the game's name to make the environment's id ("", "-state").
    static var idSuffix: String { get }
    static func space<Game: AtariGame>(of game: Game.Type) -> Box<Scalar>
    /// Writes the observation of `game`; `canvas` is the screen to draw on, if needed.
    static func write<Game: AtariGame>(_ game: Game, canvas: Canvas, into buffer: UnsafeMutableBufferPointer<Scalar>)
}

/// The screen as the ALE's `obs_type="rgb"` gives it: 210 × 160 × 3 bytes.
public enum ScreenPixels: AtariObservation {
    public static let idSuffix = ""
    public static func space<Game: AtariGame>(of game: Game.Type) -> Box<UInt8> {
        Box(low: 0, high: 255, shape: [AtariScreen.height, AtariScreen.width, 3])
    }
    public static func write<Game: AtariGame>(_ game: Game, canvas: Canvas, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        game.draw(on: canvas)
        canvas.writeRGB(palette: Game.palette, into: buffer)
    }
}

/// The screen as palette indices, one byte a pixel (210 × 160): what the fast preprocessing
/// reads, since two indices say exactly what the maximum of their two colours is.
public enum PaletteIndices: AtariObservation {
    public static let idSuffix = ""
    public static func space<Game: AtariGame>(of game: Game.Type) -> Box<UInt8> {
        Box(low: 0, high: UInt8(Game.palette.colors.count - 1), shape: [AtariScreen.height, AtariScreen.width])
    }
    public static func write<Game: AtariGame>(_ game: Game, canvas: Canvas, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        game.draw(on: canvas)
        // The environment's canvas is normally this very buffer (see `AtariEnvironment.init`).
        if canvas.pixels.baseAddress != buffer.baseAddress { _ = buffer.update(fromContentsOf: canvas.pixels) }
    }
}

/// The game's compact state vector, for fast experiments without pixels.
public enum StateVector: AtariObservation {
    public static let idSuffix = "-state"
    public static func space<Game: AtariGame>(of game: Game.Type) -> Box<Float> {
        Box(low: Game.stateLow, high: Game.stateHigh, shape: [Game.stateLow.count])
    }
    public static func write<Game: AtariGame>(_ game: Game, canvas: Canvas, into buffer: UnsafeMutableBufferPointer<Float>) {
        game.writeState(into: buffer)
    }
}

/// An Atari-style game as an environment, one frame per step as the ALE's `NoFrameskip`
/// environments: the Atari wrappers add frame skipping, sticky actions and the rest.
/// Reward is the change in score; the episode terminates when the game is over; `info.lives`
/// reports the balls left.
///
/// The observation is drawn when it is read, not on every step: frame skipping reads only the
/// last frames of each skip, so the frames in between are never drawn.
public final class AtariEnvironment<Game: AtariGame, Observation: AtariObservation>: Environment {
    public typealias Scalar = Observation.Scalar

    public let id = Game.name + Observation.idSuffix
    public let actionSpace = Discrete(Game.minimalActions.count)
    public let actionMeanings = Game.minimalActions.map(\.rawValue)
    public let observationSpace = Observation.space(of: Game.self)
    public let renderMode: RenderMode
    public let framesPerSecond = AtariScreen.framesPerSecond

    /// What a step reads and writes, behind a pointer allocated once so that a step pays no
    /// run-time exclusivity checks on class properties.
    private struct Episode {
        var game = Game()
        var generator = SeededGenerator(seed: 0)
        var phase = EpisodePhase.notStarted
        /// The observation buffer shows the game as it is now.
        var observationIsCurrent = false
    }


    private let episode = UnsafeMutablePointer<Episode>.allocate(capacity: 1)
    private let observationBuffer: UnsafeMutableBufferPointer<Scalar>
    private let canvas: Canvas
    private let actions = Game.minimalActions

    /// A game whose generator starts from seed 0 until `reset(seed:)` gives another.
    /// `renderMode` rgb_array or human lets `render()` draw the screen.
    public init(renderMode: RenderMode = .none) {
        self.renderMode = renderMode
        episode.initialize(to: Episode())
        observationBuffer = .allocate(capacity: observationSpace.count)
        observationBuffer.initialize(repeating: observationSpace.low[0])
        // Palette indices are drawn straight into the observation: no copy, 33 KB less to touch.
        if Observation.self == PaletteIndices.self {
            let bytes = UnsafeMutableRawBufferPointer(observationBuffer).bindMemory(to: UInt8.self)
            canvas = Canvas(width: AtariScreen.width, height: AtariScreen.height, drawingInto: bytes)
        } else {
            canvas = Canvas(width: AtariScreen.width, height: AtariScreen.height)
        }
    }

    deinit {
        episode.deinitialize(count: 1)
        episode.deallocate()
        observationBuffer.deallocate()
    }

    /// The game itself, to inspect (tests, the fast preprocessing path).
    public var game: Game { episode.pointee.game }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        if let name = options.keys.sorted().first {
            throw .invalidOption(environment: id, name: name, problem: "is not an option of \(id), which takes none")
        }
        if let seed { episode.pointee.generator = SeededGenerator(seed: seed) }
        episode.pointee.game.reset(using: &episode.pointee.generator)
        episode.pointee.phase = .running
        episode.pointee.observationIsCurrent = false
        return StepInfo(lives: episode.pointee.game.lives)
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        try episode.pointee.phase.checkStep(action, in: actionSpace, environment: id)
        let reward = episode.pointee.game.advanceFrame(actions[action], using: &episode.pointee.generator)
        episode.pointee.observationIsCurrent = false
        let terminated = episode.pointee.game.isOver
        if terminated { episode.pointee.phase = .ended }
        return StepOutcome(reward: Double(reward), terminated: terminated, info: StepInfo(lives: episode.pointee.game.lives))
    }

    public func withObservation<Result>(_ body: (UnsafeBufferPointer<Scalar>) throws -> Result) rethrows -> Result {
        if !episode.pointee.observationIsCurrent {
            Observation.write(episode.pointee.game, canvas: canvas, into: observationBuffer)
            episode.pointee.observationIsCurrent = true
        }
        return try body(UnsafeBufferPointer(observationBuffer))
    }

    public func render() -> RGBFrame? {
        guard renderMode != .none else { return nil }
        episode.pointee.game.draw(on: canvas)
        return canvas.rgbFrame(palette: Game.palette)
    }

    public func close() {}
}
