import Gym
import Randomness

/// A small game for the recording tests, deterministic given its seed: a walker on a line that
/// the actions push left, not at all, or right, with a random nudge each step. The reward has
/// a random fraction, so a replay that drifts shows in the return. The episode terminates when
/// the walker reaches ±`edge` and is truncated after `maximumSteps`.
///
/// Its frames are `frameWidth` × `frameHeight`; the red channel of every pixel is the number of
/// steps taken (mod 256), so a test can tell which step a frame shows.
final class RecordingTestGame: Environment {
    typealias Scalar = Float

    let id = "RecordingTestGame-v0"
    let actionSpace = Discrete(3)
    let actionMeanings = ["LEFT", "NOOP", "RIGHT"]
    let renderMode: RenderMode
    let framesPerSecond = 30
    let observationSpace = Box<Float>(low: -1000, high: 1000, shape: [2])
    let frameWidth: Int
    let frameHeight: Int
    let edge: Int
    let maximumSteps: Int

    private var generator = SeededGenerator(seed: 0)
    private var position = 0
    private var steps = 0
    private var running = false
    private var observationBuffer: [Float] = [0, 0]

    init(renderMode: RenderMode = .none, frameWidth: Int = 4, frameHeight: Int = 3, edge: Int = 6, maximumSteps: Int = 60) {
        (self.renderMode, self.frameWidth, self.frameHeight, self.edge, self.maximumSteps) = (renderMode, frameWidth, frameHeight, edge, maximumSteps)
    }

    /// The option "start" moves the walker's starting point.
    @discardableResult
    func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        var start = 0
        for (name, value) in options {
            guard name == "start" else { throw .invalidOption(environment: id, name: name, problem: "is not an option (start)") }
            start = Int(value)
        }
        if let seed { generator = SeededGenerator(seed: seed) }
        position = start + generator.nextInt(below: 5) - 2
        steps = 0
        running = true
        observationBuffer = [Float(position), 0]
        return StepInfo()
    }

    func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        guard running else { throw .stepAfterEpisodeEnd(environment: id) }
        guard actionSpace.contains(action) else { throw .actionOutsideSpace(environment: id, action: action, space: actionSpace) }
        position += action - 1 + generator.nextInt(below: 3) - 1
        steps += 1
        let reward = Double(position) * 0.25 + generator.nextUniformDouble()
        let terminated = abs(position) >= edge
        let truncated = steps >= maximumSteps
        running = !(terminated || truncated)
        observationBuffer = [Float(position), Float(steps)]
        return StepOutcome(reward: reward, terminated: terminated, truncated: truncated)
    }

    func withObservation<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows -> Result {
        try observationBuffer.withUnsafeBufferPointer(body)
    }

    func render() -> RGBFrame? {
        guard renderMode != .none else { return nil }
        var pixels: [UInt8] = []
        for y in 0..<frameHeight {
            for x in 0..<frameWidth {
                pixels += [UInt8(truncatingIfNeeded: steps), UInt8(truncatingIfNeeded: position + 128), UInt8(truncatingIfNeeded: x + y)]
            }
        }
        return RGBFrame(width: frameWidth, height: frameHeight, pixels: pixels)
    }

    func close() {}
}

/// Plays one episode through `environment` with actions drawn from `generator`; returns how
/// many steps it took.
@discardableResult
func playEpisode(_ environment: some Environment, seed: UInt64? = nil, options: [String: Double] = [:],
                 generator: inout SeededGenerator) throws -> Int {
    try environment.reset(seed: seed, options: options)
    var steps = 0
    while true {
        steps += 1
        if try environment.step(environment.actionSpace.sample(using: &generator)).isEpisodeOver { return steps }
    }
}
