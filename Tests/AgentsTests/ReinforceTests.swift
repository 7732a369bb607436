import Foundation
import Testing
@testable import Agents
import Games
import Gym
import NN
import Tensors

/// Hyperparameters for the tests: small networks, so that a debug build stays fast.
func testReinforceHyperparameters(baseline: Bool = true, optimizer: PolicyGradientOptimizer = .adam,
                                  episodesPerUpdate: Int = 2, hiddenSizes: [Int] = [32]) -> ReinforceHyperparameters {
    ReinforceHyperparameters(learningRate: 0.01, optimizer: optimizer, discount: 0.99, episodesPerUpdate: episodesPerUpdate,
                             hiddenSizes: hiddenSizes, activation: .tanh, learnedBaseline: baseline, valueLossCoefficient: 0.5,
                             entropyCoefficient: 0, returnsEndAtReward: false, normalizeReturns: true, maxGradientNorm: 1)
}

@Suite struct ReinforceTests {
    /// With a positive advantage, descending the loss raises the log-probability of the action
    /// taken (its logit's gradient is negative, the other's positive); with a negative
    /// advantage, it lowers it. Williams' estimator by hand: ∂/∂zₐ of −A·log softmax(z)ₐ is
    /// −A·(1 − πₐ), and of another logit zᵦ it is A·πᵦ.
    @Test func lossGradientFavoursActionsWithPositiveAdvantage() {
        let logits = Tensor(shape: [2, 2], scalars: [0, 0, 1, -1]).requiringGradient()
        let loss = PolicyGradient.loss(logits: logits, actions: [0, 1], advantages: [2, -1])
        let gradient = loss.gradients()[logits]!
        // Step 0: π = (½, ½), A = 2, action 0: ∂/∂z₀ = −2·½/2 (mean over 2 steps), ∂/∂z₁ = 2·½/2.
        #expect(abs(gradient[0, 0] - -0.5) < 1e-6 && abs(gradient[0, 1] - 0.5) < 1e-6)
        // Step 1: A = −1, action 1: its logit is pushed down (positive gradient).
        let π1 = Float(1 / (1 + exp(-2.0)))   // π of action 0 in softmax(1, −1)
        #expect(abs(gradient[1, 1] - (1 - (1 - π1)) * 0.5) < 1e-6)
        #expect(gradient[1, 1] > 0 && gradient[1, 0] < 0)
    }

    /// The entropy of a uniform policy over n actions is ln n, and its gradient is zero there.
    @Test func entropyOfUniformPolicyIsLogN() {
        let logits = Tensor(shape: [1, 4], scalars: [0.3, 0.3, 0.3, 0.3]).requiringGradient()
        let entropy = PolicyGradient.entropy(logits: logits)
        #expect(abs(entropy.scalar - Float(log(4.0))) < 1e-6)
        #expect(entropy.gradients()[logits]!.scalars.allSatisfy { abs($0) < 1e-6 })
    }

    /// Same seed, same environment: the same episodes and the same weights, bit for bit.
    @Test func sameSeedSameRun() throws {
        func run() throws -> (weights: [String: Tensor], returns: [Double]) {
            let env = TimeLimit(CartPole(), maxEpisodeSteps: 500)
            let agent = try ReinforceAgent(for: env, hyperparameters: testReinforceHyperparameters(), seed: 5)
            let log = TrainingHistory()
            try agent.train(in: env, steps: 400, log: log)
            return (agent.checkpointTensors(), log.episodes.map(\.episode.episodeReturn))
        }
        let (first, second) = (try run(), try run())
        #expect(first.returns == second.returns && !first.returns.isEmpty)
        #expect(first.weights.keys.sorted() == second.weights.keys.sorted())
        for (name, tensor) in first.weights { #expect(tensor.scalars == second.weights[name]!.scalars, "\(name)") }
    }

    /// Training stops at its step budget, counts every step, and continues from its counters.
    @Test func trainingContinuesFromItsCounters() throws {
        let env = TimeLimit(CartPole(), maxEpisodeSteps: 500)
        let agent = try ReinforceAgent(for: env, hyperparameters: testReinforceHyperparameters(), seed: 1)
        let log = TrainingHistory()
        try agent.train(in: env, steps: 150, log: log)
        #expect(agent.steps == 150)
        try agent.train(in: env, steps: 100, log: log)
        #expect(agent.steps == 250 && agent.episodes == log.episodes.count && agent.updates == log.metrics.count)
        #expect(log.episodes.map(\.step) == log.episodes.map(\.step).sorted())
        #expect(log.metrics.allSatisfy { $0.values["policy_loss"]?.isFinite == true })
    }

    /// A checkpoint restores into a fresh agent (same actions, same counters), and one from
    /// another network is refused without changing anything.
    @Test func checkpointRoundTripAndMismatchRefusal() throws {
        let env = TimeLimit(CartPole(), maxEpisodeSteps: 500)
        let trained = try ReinforceAgent(for: env, hyperparameters: testReinforceHyperparameters(), seed: 2)
        try trained.train(in: env, steps: 200, log: TrainingHistory())
        let tensors = trained.checkpointTensors()
        #expect(tensors.keys.contains("policy.0.weight") && tensors.keys.contains("value.0.weight"))
        #expect(tensors.keys.contains("adam.m.policy.0.weight"))

        let fresh = try ReinforceAgent(for: env, hyperparameters: testReinforceHyperparameters(), seed: 99)
        try fresh.restore(tensors: tensors, counters: trained.checkpointCounters)
        #expect(fresh.checkpointCounters == trained.checkpointCounters)
        for (name, tensor) in fresh.checkpointTensors() { #expect(tensor.scalars == tensors[name]!.scalars, "\(name)") }

        // Another width, another optimizer, a missing counter: each refused, nothing changed.
        let other = try ReinforceAgent(for: env, hyperparameters: testReinforceHyperparameters(hiddenSizes: [16]), seed: 3)
        let before = other.checkpointTensors()
        #expect(throws: AgentCheckpointMismatch.self) { try other.restore(tensors: tensors, counters: trained.checkpointCounters) }
        let rmsprop = try ReinforceAgent(for: env, hyperparameters: testReinforceHyperparameters(optimizer: .rmsprop(decay: 0.99, epsilon: 1e-5)), seed: 3)
        #expect(throws: AgentCheckpointMismatch.self) { try rmsprop.restore(tensors: tensors, counters: trained.checkpointCounters) }
        let noBaseline = try ReinforceAgent(for: env, hyperparameters: testReinforceHyperparameters(baseline: false), seed: 3)
        #expect(throws: AgentCheckpointMismatch.self) { try noBaseline.restore(tensors: tensors, counters: trained.checkpointCounters) }
        #expect(throws: AgentCheckpointMismatch.self) { try fresh.restore(tensors: tensors, counters: ["steps": 1]) }
        var wrongShape = tensors
        wrongShape["adam.v.value.0.bias"] = Tensor(zeros: [3])
        let untouched = try ReinforceAgent(for: env, hyperparameters: testReinforceHyperparameters(), seed: 4)
        let untouchedBefore = untouched.checkpointTensors()
        #expect(throws: AgentCheckpointMismatch.self) { try untouched.restore(tensors: wrongShape, counters: trained.checkpointCounters) }
        for (name, tensor) in untouched.checkpointTensors() { #expect(tensor.scalars == untouchedBefore[name]!.scalars, "\(name)") }
        for (name, tensor) in other.checkpointTensors() { #expect(tensor.scalars == before[name]!.scalars, "\(name)") }
        #expect(untouched.steps == 0)
    }

    @Test func invalidHyperparametersAreNamed() {
        var hp = testReinforceHyperparameters()
        hp.discount = 1.5
        #expect(throws: InvalidHyperparameter(field: "discount", rule: "must be in 0...1")) {
            try ReinforceAgent(observationSize: 4, actionCount: 2, hyperparameters: hp, seed: 0)
        }
    }
}
