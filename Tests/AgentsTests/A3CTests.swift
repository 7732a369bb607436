import Testing
@testable import Agents
import Games
import Gym
import NN
import Tensors

/// Small settings, so that a debug build stays fast.
func testA3CHyperparameters(learners: Int = 2, hiddenSizes: [Int] = [32], decaySteps: Int? = nil) -> A3CHyperparameters {
    A3CHyperparameters(learners: learners, tMax: 5, discount: 0.99, learningRate: 2e-3, learningRateDecaySteps: decaySteps,
                       rmspropDecay: 0.99, rmspropEpsilon: 1e-5, entropyCoefficient: 0.01, valueLossCoefficient: 0.5,
                       maxGradientNorm: 0.5, hiddenSizes: hiddenSizes, activation: .tanh)
}

@Sendable func makeCartPole(_ learner: Int) -> TimeLimit<CartPole> { TimeLimit(CartPole(), maxEpisodeSteps: 500) }

@Suite struct A3CTests {
    /// Same seed, same learner count: the same weights, RMSProp statistics, counters and log,
    /// bit for bit, although the learners run on two threads.
    @Test func twoLearnersSameSeedSameRun() throws {
        func run() throws -> (tensors: [String: Tensor], counters: [String: Int], log: TrainingHistory) {
            let agent = try A3CAgent(for: makeCartPole(0), hyperparameters: testA3CHyperparameters(learners: 2), seed: 11)
            let log = TrainingHistory()
            try agent.train(makeEnvironment: makeCartPole, steps: 600, log: log)
            return (agent.checkpointTensors(), agent.checkpointCounters, log)
        }
        let (first, second) = (try run(), try run())
        #expect(first.counters == second.counters)
        #expect(first.tensors.keys.sorted() == second.tensors.keys.sorted())
        for (name, tensor) in first.tensors { #expect(tensor.scalars == second.tensors[name]!.scalars, "\(name)") }
        #expect(first.log.episodes.map(\.step) == second.log.episodes.map(\.step))
        #expect(first.log.episodes.map(\.episode) == second.log.episodes.map(\.episode))
        #expect(first.log.metrics.map(\.values) == second.log.metrics.map(\.values))
        #expect(!first.log.episodes.isEmpty)
    }

    /// Every round applies one update per learner; steps are counted over all learners and
    /// training continues from the counters; the learning rate decays linearly.
    @Test func countersAndLearningRateSchedule() throws {
        let agent = try A3CAgent(for: makeCartPole(0), hyperparameters: testA3CHyperparameters(decaySteps: 1_000), seed: 1)
        let log = TrainingHistory()
        try agent.train(makeEnvironment: makeCartPole, steps: 100, log: log)
        #expect(agent.steps >= 100 && agent.steps < 100 + 2 * 5)
        let first = agent.steps
        try agent.train(makeEnvironment: makeCartPole, steps: 50, log: log)
        #expect(agent.steps >= first + 50)
        #expect(agent.episodes == log.episodes.count && agent.updates % 2 == 0 && agent.updates >= agent.steps / 5)
        #expect(log.episodes.map(\.step) == log.episodes.map(\.step).sorted())
        #expect(agent.learningRate(atStep: 0) == 2e-3 && agent.learningRate(atStep: 500) == 1e-3 && agent.learningRate(atStep: 2_000) == 0)
        let lastRecorded = try #require(log.metrics.last?.values)
        #expect(["policy_loss", "value_loss", "entropy", "gradient_norm", "learning_rate"].allSatisfy { lastRecorded[$0]?.isFinite == true })
    }

    /// A checkpoint restores into a fresh agent, network and shared RMSProp statistics alike;
    /// one from another network is refused and nothing changes.
    @Test func checkpointRoundTripAndMismatchRefusal() throws {
        let trained = try A3CAgent(for: makeCartPole(0), hyperparameters: testA3CHyperparameters(), seed: 2)
        try trained.train(makeEnvironment: makeCartPole, steps: 100, log: TrainingHistory())
        let tensors = trained.checkpointTensors()
        #expect(tensors.keys.contains("trunk.0.weight") && tensors.keys.contains("policy.weight") && tensors.keys.contains("value.bias"))
        #expect(tensors["rmsprop.meanSquare.trunk.0.weight"]!.scalars.contains { $0 != 0 })

        let fresh = try A3CAgent(for: makeCartPole(0), hyperparameters: testA3CHyperparameters(), seed: 77)
        try fresh.restore(tensors: tensors, counters: trained.checkpointCounters)
        #expect(fresh.checkpointCounters == trained.checkpointCounters)
        for (name, tensor) in fresh.checkpointTensors() { #expect(tensor.scalars == tensors[name]!.scalars, "\(name)") }
        let observation: [Float] = [0.01, -0.2, 0.03, 0.3]
        #expect(observation.withUnsafeBufferPointer { fresh.action(for: $0) } == observation.withUnsafeBufferPointer { trained.action(for: $0) })

        let other = try A3CAgent(for: makeCartPole(0), hyperparameters: testA3CHyperparameters(hiddenSizes: [16]), seed: 3)
        let before = other.checkpointTensors()
        #expect(throws: AgentCheckpointMismatch.self) { try other.restore(tensors: tensors, counters: trained.checkpointCounters) }
        for (name, tensor) in other.checkpointTensors() { #expect(tensor.scalars == before[name]!.scalars, "\(name)") }
        #expect(other.steps == 0)

        var missingStatistics = tensors
        missingStatistics["rmsprop.meanSquare.value.weight"] = nil
        let untouched = try A3CAgent(for: makeCartPole(0), hyperparameters: testA3CHyperparameters(), seed: 4)
        let untouchedBefore = untouched.checkpointTensors()
        #expect(throws: AgentCheckpointMismatch.self) { try untouched.restore(tensors: missingStatistics, counters: trained.checkpointCounters) }
        #expect(throws: AgentCheckpointMismatch.self) { try untouched.restore(tensors: tensors, counters: ["steps": 3, "episodes": 1]) }
        for (name, tensor) in untouched.checkpointTensors() { #expect(tensor.scalars == untouchedBefore[name]!.scalars, "\(name)") }
    }

    /// Frames [4, 84, 84] get the Nature CNN trunk shared by both heads; vectors get the MLP.
    @Test func trunkFollowsTheObservations() throws {
        let pixels = try A3CAgent(observationShape: [4, 84, 84], actionCount: 6, hyperparameters: testA3CHyperparameters(), seed: 0)
        let shapes = Dictionary(uniqueKeysWithValues: pixels.network.namedParameters.map { ($0.name, $0.parameter.shape) })
        #expect(shapes["trunk.0.weight"] == [32, 4, 8, 8] && shapes["trunk.7.weight"] == [512, 3136])
        #expect(shapes["policy.weight"] == [6, 512] && shapes["value.weight"] == [1, 512])
        let vector = try A3CAgent(observationShape: [4], actionCount: 2, hyperparameters: testA3CHyperparameters(hiddenSizes: [8, 8]), seed: 0)
        #expect(vector.network.namedParameters.map(\.name) == ["trunk.0.weight", "trunk.0.bias", "trunk.2.weight", "trunk.2.bias",
                                                               "policy.weight", "policy.bias", "value.weight", "value.bias"])
    }

    /// A3C's learners run their products on one engine thread each, and the engine gets its
    /// thread count back after training. In a process of its own: the count is the whole
    /// process's, and the other tests run beside this one.
    @Test func engineThreadsAreRestored() async {
        await #expect(processExitsWith: .success) {
            engineThreadCount = 2
            let agent = try! A3CAgent(for: makeCartPole(0), hyperparameters: testA3CHyperparameters(learners: 1), seed: 5)
            try! agent.train(makeEnvironment: makeCartPole, steps: 30, log: TrainingHistory())
            precondition(engineThreadCount == 2, "A3C left the engine with \(engineThreadCount) threads, not 2")
        }
    }
}
