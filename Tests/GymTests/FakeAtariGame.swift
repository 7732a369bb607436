import Gym
import Randomness

/// A stand-in for an Atari game, for testing the Atari wrappers: RGB screens of any size, a
/// life lost every `framesPerLife` frames until none are left (then the game is over), and
/// rewards from a schedule the test sets. Everything it did is logged so tests can see what
/// the wrappers made it do.
///
/// The screen of frame t (0 after reset) is a fixed function of t, the pixel's index and an
/// offset drawn from the seed at reset, so tests can compute any frame (`screen(frame:…)`).
final class FakeAtariGame: Environment {
    typealias Scalar = UInt8

    let id = "FakeAtari"
    let width: Int, height: Int
    let observationSpace: Box<UInt8>
    let actionSpace: Discrete
    let actionMeanings: [String]
    let renderMode = RenderMode.none
    let framesPerSecond = 60

    /// Frame t of an episode (t from 1) pays `rewards[(t − 1) % rewards.count]`.
    let rewards: [Double]
    let startingLives: Int
    let framesPerLife: Int

    /// Every action taken, over all episodes.
    private(set) var actionLog: [Int] = []
    private(set) var resetCount = 0
    /// Frames since the last reset.
    private(set) var frame = 0
    private(set) var lives: Int
    private(set) var offset: UInt8 = 0
    private(set) var isOver = false
    private(set) var isClosed = false
    private var hasStarted = false
    private var generator = SeededGenerator(seed: 0)
    private let screenBuffer: UnsafeMutableBufferPointer<UInt8>

    init(width: Int = 8, height: Int = 6, lives: Int = 3, framesPerLife: Int = 20,
         rewards: [Double] = [0, 1, 0, -1, 3],
         actionMeanings: [String] = ["NOOP", "FIRE", "RIGHT", "LEFT"]) {
        (self.width, self.height, self.startingLives, self.lives, self.framesPerLife, self.rewards, self.actionMeanings) =
            (width, height, lives, lives, framesPerLife, rewards, actionMeanings)
        actionSpace = Discrete(actionMeanings.count)
        observationSpace = Box(low: 0, high: 255, shape: [height, width, 3])
        screenBuffer = .allocate(capacity: width * height * 3)
        screenBuffer.initialize(repeating: 0)
    }

    deinit { screenBuffer.deallocate() }

    /// Byte i of the screen of `frame`: wraps around, so consecutive frames cross in places
    /// and their maximum takes bytes from both.
    static func screen(frame: Int, offset: UInt8, count: Int) -> [UInt8] {
        (0..<count).map { pixel($0, frame: frame, offset: offset) }
    }

    static func pixel(_ i: Int, frame: Int, offset: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: i &* 37 &+ frame &* 91 &+ Int(offset))
    }

    func screen(frame: Int) -> [UInt8] { Self.screen(frame: frame, offset: offset, count: observationSpace.count) }

    /// The actions of the current episode, in order.
    var actionsSinceReset: [Int] { Array(actionLog.suffix(frame)) }

    func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        if let name = options.keys.first { throw .invalidOption(environment: id, name: name, problem: "is not an option of the fake game") }
        if let seed { generator = SeededGenerator(seed: seed) }
        offset = UInt8(truncatingIfNeeded: generator.next())
        (frame, lives, isOver, hasStarted) = (0, startingLives, false, true)
        resetCount += 1
        drawScreen()
        return StepInfo(lives: lives)
    }

    func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        guard hasStarted else { throw .stepBeforeReset(environment: id) }
        guard !isOver else { throw .stepAfterEpisodeEnd(environment: id) }
        guard actionSpace.contains(action) else { throw .actionOutsideSpace(environment: id, action: action, space: actionSpace) }
        actionLog.append(action)
        frame += 1
        if frame % framesPerLife == 0 { lives -= 1 }
        isOver = lives == 0
        drawScreen()
        return StepOutcome(reward: rewards[(frame - 1) % rewards.count], terminated: isOver, info: StepInfo(lives: lives))
    }

    func withObservation<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(screenBuffer))
    }

    func render() -> RGBFrame? { nil }
    func close() { isClosed = true }

    private func drawScreen() {
        // A plain loop over the pointer: this runs unoptimised in every test step.
        let (pixels, frame, offset) = (screenBuffer.baseAddress!, frame, offset)
        var i = 0
        while i < screenBuffer.count {
            pixels[i] = Self.pixel(i, frame: frame, offset: offset)
            i += 1
        }
    }
}
