import Foundation
import Testing
@testable import Agents
import Games
import Gym
import Randomness
import Tensors

/// UNREAL's auxiliary losses against values worked out by hand, its replay memory's sampling,
/// and a short learning check.
@Suite struct AuxiliaryLossTests {
    /// Two 84×84 frames that differ by 0.5 in one pixel of the first cell (2, 2), by 1 in every
    /// pixel of the last cell (78...81, 78...81), and outside the central 80×80 (ignored).
    @Test func pixelChangeIsTheMeanAbsoluteChangeOfEachCell() {
        var before = [Float](repeating: 0.25, count: 84 * 84), after = before
        after[2 * 84 + 2] = 0.75
        for y in 78..<82 { for x in 78..<82 { (before[y * 84 + x], after[y * 84 + x]) = (1, 0) } }
        after[0] = 1; after[83 * 84 + 83] = 0   // the margin
        var cells = [Float](repeating: -1, count: 400)
        cells.withUnsafeMutableBufferPointer { pixelChange(from: before, to: after, into: $0.baseAddress!) }
        #expect(cells[0] == 0.5 / 16)
        #expect(cells[399] == 1)
        #expect(cells[1..<399].allSatisfy { $0 == 0 })
    }

    /// T = 2 steps, 2 actions, every cell alike: Q(s₀) = (1, 2), Q(s₁) = (3, 0), Q(s₂) = (4, 5);
    /// actions 1 then 0; pixel changes 0.5 then 0.25; γ = 0.9.
    /// Bootstrapped: R₁ = 0.25 + 0.9·5 = 4.75, R₀ = 0.5 + 0.9·4.75 = 4.775;
    ///   errors R₀ − Q(s₀, 1) = 2.775, R₁ − Q(s₁, 0) = 1.75; loss = ½·400·(2.775² + 1.75²)/2.
    /// Ended: R₁ = 0.25, R₀ = 0.725; errors −1.275 and −2.75.
    @Test func pixelControlLossIsNStepQLearningPerCell() {
        func maps(_ values: [Float]) -> Tensor {
            Tensor(shape: [values.count / 2, 2, 20, 20], scalars: values.flatMap { Array(repeating: $0, count: 400) })
        }
        let q = maps([1, 2, 3, 0]), next = maps([4, 5])
        let rewards = Array(repeating: Float(0.5), count: 400) + Array(repeating: Float(0.25), count: 400)
        let bootstrapped = pixelControlLoss(q: q, nextQ: next, actions: [1, 0], pseudoRewards: rewards, discount: 0.9).scalar
        #expect(abs(bootstrapped - 0.5 * 400 * (2.775 * 2.775 + 1.75 * 1.75) / 2) < 1e-2)
        let ended = pixelControlLoss(q: q, nextQ: nil, actions: [1, 0], pseudoRewards: rewards, discount: 0.9).scalar
        #expect(abs(ended - 0.5 * 400 * (1.275 * 1.275 + 2.75 * 2.75) / 2) < 1e-2)
        // The gradient reaches only the taken actions' maps, as −(R − Q)/T per cell.
        let leaf = q.requiringGradient()
        let gradient = pixelControlLoss(q: leaf, nextQ: next, actions: [1, 0], pseudoRewards: rewards, discount: 0.9)
            .gradients()[leaf]!.scalars
        #expect(abs(gradient[0 * 800 + 400 + 7] - (-2.775 / 2)) < 1e-4 && gradient[0 * 800 + 7] == 0)
        #expect(abs(gradient[1 * 800 + 7] - (-1.75 / 2)) < 1e-4 && gradient[1 * 800 + 400 + 7] == 0)
    }

    /// Logits (0, ln 2, 0) give probabilities (¼, ½, ¼); rewards +1 and 0 are classes 1 and 0:
    /// loss = (−ln ½ − ln ¼)/2 = 1.5·ln 2.
    @Test func rewardPredictionIsTheCrossEntropyOfTheRewardsSign() {
        #expect([rewardClass(0), rewardClass(3), rewardClass(-0.5)] == [Int]([0, 1, 2]))
        let logits = Tensor(shape: [2, 3], scalars: [0, Float(log(2.0)), 0, 0, Float(log(2.0)), 0])
        #expect(abs(rewardPredictionLoss(logits: logits, rewards: [1, 0]).scalar - 1.5 * Float(log(2.0))) < 1e-5)
    }

    /// Rewards (1, 0), γ = 0.5, V(s₂) = 4: returns (2, 2); values (1, 3): loss ((2−1)² + (2−3)²)/2 = 1.
    /// Ended (bootstrap 0): returns (1, 0): loss (0 + 9)/2.
    @Test func valueReplayRegressesTheNStepReturns() {
        let values = Tensor([1, 3])
        #expect(valueReplayLoss(values: values, rewards: [1, 0], bootstrap: 4, discount: 0.5).scalar == 1)
        #expect(valueReplayLoss(values: values, rewards: [1, 0], bootstrap: 0, discount: 0.5).scalar == 4.5)
    }
}

@Suite struct AuxiliaryReplayTests {
    /// Steps numbered by their observation; episodes end after steps 4, 9 and 12 (of 0...14).
    func filled(capacity: Int) -> AuxiliaryReplay<Float> {
        let replay = AuxiliaryReplay<Float>(capacity: capacity, observationSize: 1, pixelCells: 0)
        for i in 0..<15 {
            [Float(i)].withUnsafeBufferPointer {
                replay.add(observation: $0, action: i % 3, reward: i % 4 == 0 ? 1 : 0, ended: [4, 9, 12].contains(i), pixelChange: nil)
            }
        }
        return replay
    }

    @Test func sequencesStopAtAnEpisodesEndAndStayInTheMemory() {
        let replay = filled(capacity: 12)   // keeps steps 3...14
        var generator = SeededGenerator(seed: 1)
        var starts = Set<Int>()
        for _ in 0..<400 {
            let (steps, next) = replay.sampleSequence(length: 4, using: &generator)
            starts.insert(steps.lowerBound)
            #expect(steps.lowerBound >= 3 && steps.count >= 1 && steps.count <= 4)
            let end = steps.first { [4, 9, 12].contains($0) }
            if let end {
                #expect(steps.upperBound == end + 1 && next == nil, "cut after the episode's last step \(end)")
            } else {
                #expect(steps.count == 4 && next == steps.upperBound && next! <= 14)
            }
            var x: Float = -1
            replay.encodeObservation(steps.lowerBound, into: &x)
            #expect(x == Float(steps.lowerBound))
        }
        #expect(starts == Set(3...10), "every start that leaves room for 4 steps and the next observation")
    }

    @Test func rewardPredictionSamplesAreHalfRewarding() {
        let replay = filled(capacity: 12)   // steps 4, 8 and 12 of 3...14 are rewarding
        var generator = SeededGenerator(seed: 2)
        let drawn = replay.sampleSkewed(count: 4000, using: &generator)
        #expect(drawn.allSatisfy { (3...14).contains($0) })
        let rewarding = drawn.filter { replay.reward($0) != 0 }.count
        // Binomial(4000, ½): mean 2000, standard deviation 32.
        #expect((1870...2130).contains(rewarding))
        #expect(Set(drawn) == Set(3...14))
    }
}

@Suite struct UNREALLearningTests {
    func hyperparameters() -> A3CHyperparameters {
        var hp = A3CHyperparameters(learners: 2, tMax: 5, discount: 0.99, learningRate: 7e-3, learningRateDecaySteps: nil,
                                    rmspropDecay: 0.99, rmspropEpsilon: 1e-5, entropyCoefficient: 0.01,
                                    valueLossCoefficient: 0.5, maxGradientNorm: 0.5, hiddenSizes: [32], activation: .tanh)
        hp.auxiliaryTasks = AuxiliaryTasks(replayCapacity: 500, sequenceLength: 5, pixelControlWeight: 0.05, pixelControlDiscount: 0.9,
                                           rewardPredictionWeight: 1, rewardPredictionBatch: 4, valueReplayWeight: 1)
        return hp
    }

    /// UNREAL's value replay and reward prediction (CartPole has no pixels to control) on top
    /// of A3C's CartPole test, over 20,000 steps (about 8 s in a debug build): the last 20
    /// games average at least 3× the random agent's ~22 steps. Seeds 1–3 reach 126, 101 and 74
    /// (1 is tested).
    @Test func cartPoleImprovesWellBeyondRandom() throws {
        let agent = try A3CAgent(for: cartPoleV1(), hyperparameters: hyperparameters(), seed: 1)
        #expect(agent.network.namedParameters.contains { $0.name.hasPrefix("reward_prediction.") })
        #expect(!agent.network.namedParameters.contains { $0.name.hasPrefix("pixel_control.") })
        let log = TrainingHistory()
        try agent.train(makeEnvironment: { _ in cartPoleV1() }, steps: 20_000, log: log)
        let recent = try #require(log.meanReturn(ofLast: 20))
        #expect(recent >= 66, "mean return of the last 20 episodes: \(recent)")
        #expect(log.metrics.last?.values["value_replay_loss"] != nil && log.metrics.last?.values["reward_prediction_loss"] != nil)
    }

    /// On Breakout's frames all three tasks run: the pixel-control head is built, and after the
    /// learners' memories fill every auxiliary loss is reported, finite.
    @Test func allThreeTasksRunOnFrames() throws {
        var hp = hyperparameters()
        hp.auxiliaryTasks!.replayCapacity = 12
        let env = try fastAtariPreprocessing(BreakoutGame.self, terminalOnLifeLoss: true)
        let agent = try A3CAgent(for: env, hyperparameters: hp, seed: 1)
        #expect(agent.network.namedParameters.contains { $0.name == "pixel_control.advantage.weight" })
        let log = TrainingHistory()
        try agent.train(makeEnvironment: { _ in try fastAtariPreprocessing(BreakoutGame.self, terminalOnLifeLoss: true) }, steps: 40, log: log)
        let last = try #require(log.metrics.last?.values)
        for name in ["pixel_control_loss", "reward_prediction_loss", "value_replay_loss"] {
            #expect(last[name].map { $0.isFinite && $0 >= 0 } == true, "\(name): \(String(describing: last[name]))")
        }
    }

    /// A plain A3C checkpoint lacks the auxiliary heads: refused in one line, nothing changed.
    @Test func anA3CCheckpointDoesNotFit() throws {
        var plain = hyperparameters()
        plain.auxiliaryTasks = nil
        let a3c = try A3CAgent(for: cartPoleV1(), hyperparameters: plain, seed: 1)
        let unreal = try A3CAgent(for: cartPoleV1(), hyperparameters: hyperparameters(), seed: 2)
        #expect(throws: AgentCheckpointMismatch.self) { try unreal.restore(tensors: a3c.checkpointTensors(), counters: a3c.checkpointCounters) }
    }
}
