import Testing
@testable import Agents
import Games
import Gym

/// A 210×160 RGB screen of Pong's background colour with a white "ball" pixel that moves two
/// screen columns each step, starting at (row 101, column 40); the top rows (the score) are
/// white and a band of the second background colour runs along the bottom of the field.
final class MovingDotScreen: Environment {
    typealias Scalar = UInt8
    let id = "MovingDot"
    let observationSpace = Box<UInt8>(low: 0, high: 255, shape: [210, 160, 3])
    let actionSpace = Discrete(2)
    let actionMeanings = ["NOOP", "FIRE"]
    let renderMode = RenderMode.none
    let framesPerSecond = 60
    private(set) var frame = 0
    private var screen = [UInt8](repeating: 0, count: 210 * 160 * 3)

    static let dotRow = 101, dotColumn = 40

    func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        frame = 0
        draw()
        return StepInfo()
    }

    func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        frame += 1
        draw()
        return StepOutcome(reward: 0, terminated: frame == 50)
    }

    private func paint(_ row: Int, _ column: Int, _ colour: (UInt8, UInt8, UInt8)) {
        let p = (row * 160 + column) * 3
        (screen[p], screen[p + 1], screen[p + 2]) = colour
    }

    private func draw() {
        for row in 0..<210 { for column in 0..<160 { paint(row, column, (144, 72, 17)) } }
        for row in 0..<35 { for column in 0..<160 { paint(row, column, (236, 236, 236)) } }
        for row in 185..<195 { for column in 0..<160 { paint(row, column, (109, 118, 43)) } }
        paint(Self.dotRow, Self.dotColumn + 2 * frame, (236, 236, 236))
        // On an odd row: dropped by the downsampling, never seen.
        paint(Self.dotRow + 1, 100, (236, 236, 236))
    }

    func withObservation<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try screen.withUnsafeBufferPointer(body)
    }

    func render() -> RGBFrame? { nil }
    func close() {}
}

@Suite struct DifferenceFramesTests {
    /// Frame index of screen pixel (row, column) in the 80×80 picture.
    static func index(row: Int, column: Int) -> Int { (row - 35) / 2 * 80 + column / 2 }

    @Test func observationIsTheChangeBetweenPreprocessedFrames() throws {
        let env = try DifferenceFrames(MovingDotScreen())
        #expect(env.observationSpace.shape == [6400])
        #expect(env.observationSpace.low.allSatisfy { $0 == -1 } && env.observationSpace.high.allSatisfy { $0 == 1 })

        try env.reset(seed: 0)
        #expect(env.observation().allSatisfy { $0 == 0 }, "after a reset there is no previous frame: all zeros")

        _ = try env.step(0)
        let (row, column) = (MovingDotScreen.dotRow, MovingDotScreen.dotColumn)
        var expected = [Float](repeating: 0, count: 6400)
        expected[Self.index(row: row, column: column + 2)] = 1   // where the dot is now
        expected[Self.index(row: row, column: column)] = -1      // where it was
        #expect(env.observation() == expected)
        #expect(env.observationSpace.contains(env.observation()))

        _ = try env.step(0)
        expected = [Float](repeating: 0, count: 6400)
        expected[Self.index(row: row, column: column + 4)] = 1
        expected[Self.index(row: row, column: column + 2)] = -1
        #expect(env.observation() == expected)

        try env.reset(seed: 1)
        #expect(env.observation().allSatisfy { $0 == 0 })
    }

    /// The crop, the downsampling and both background colours, on one frame.
    @Test func preprocessingCropsDownsamplesAndZeroesBothBackgrounds() throws {
        let screen = MovingDotScreen()
        try screen.reset(seed: 0)
        var frame = [Float](repeating: -7, count: 6400)
        screen.withObservation { pixels in
            frame.withUnsafeMutableBufferPointer { DifferenceFramesLayout.preprocess(screen: pixels, into: $0) }
        }
        // Only the dot is 1: the white score rows are cropped, the bottom band is background,
        // and the white pixel on the odd row is skipped.
        var expected = [Float](repeating: 0, count: 6400)
        expected[Self.index(row: MovingDotScreen.dotRow, column: MovingDotScreen.dotColumn)] = 1
        #expect(frame == expected)
    }

    @Test func refusesObservationsThatAreNotScreens() throws {
        let gray = try GrayscaleResize(Pong())
        #expect(throws: EnvironmentError.self) { try DifferenceFrames(gray) }
    }

    /// Karpathy's setup runs: Pong's screens as difference frames into a REINFORCE policy with
    /// one hidden layer and RMSProp; the shapes fit and an update is finite. (Karpathy's layer
    /// has 200 units; 16 here, because the orthogonal initialization of a 200×6400 matrix takes
    /// seconds in a debug build.)
    @Test func pongFromPixelsRunsWithReinforce() throws {
        let env = try DifferenceFrames(Pong())
        let hp = ReinforceHyperparameters(learningRate: 1e-3, optimizer: .rmsprop(decay: 0.99, epsilon: 1e-5), discount: 0.99,
                                          episodesPerUpdate: 10, hiddenSizes: [16], activation: .relu, learnedBaseline: false,
                                          valueLossCoefficient: 0, entropyCoefficient: 0, returnsEndAtReward: false, normalizeReturns: true,
                                          maxGradientNorm: nil)
        let agent = try ReinforceAgent(for: env, hyperparameters: hp, seed: 3)
        #expect(agent.policyNetwork.namedParameters.map(\.parameter.shape) == [[16, 6400], [16], [6, 16], [6]])
        let log = TrainingHistory()
        try agent.train(in: env, steps: 60, log: log)
        #expect(agent.steps == 60 && log.episodes.isEmpty)   // a game of Pong is far longer

        // One update on a short batch of real difference frames.
        var batch = EpisodeBatch()
        try env.reset(seed: 1)
        var rewards: [Float] = []
        for t in 0..<60 {
            let observation = env.observation()
            let action = agent.action(for: observation.withUnsafeBufferPointer { $0 })
            #expect((0..<6).contains(action))
            batch.append(observation: observation, action: t % 6)
            rewards.append(t == 59 ? -1 : 0)
            _ = try env.step(t % 6)   // moving the paddle up and down makes differences
        }
        batch.returns = discountedReturns(rewards: rewards, discount: 0.99)
        #expect(batch.observations.contains { $0 != 0 }, "the ball moves, so some differences are not zero")
        let before = agent.checkpointTensors()
        let metrics = agent.update(on: batch)
        #expect(metrics.values.allSatisfy { $0.isFinite })
        let changed = agent.checkpointTensors().filter { name, tensor in name.hasPrefix("policy.") && tensor.scalars != before[name]!.scalars }
        #expect(changed.keys.sorted() == ["policy.0.bias", "policy.0.weight", "policy.2.bias", "policy.2.weight"])
    }
}
