@testable import Agents
import Foundation
import Games
import Gym
import Randomness
import Tensors
import Testing

@Suite struct PPOLossTests {
    /// A batch of 4 with 3 actions, far from the clip's and the max's kinks: ratios 1.02, 0.9,
    /// 1.3 and 0.7 against ε = 0.2 (the last two clipped where their advantage says so).
    private func batch() -> (logits: [Float], values: [Float], actions: [Int], old: [Float], oldValues: [Float],
                             advantages: [Float], returns: [Float]) {
        let logits: [Float] = [0.2, -0.1, 0.4, 1.0, 0.3, -0.5, -0.2, 0.1, 0.6, 0.0, 0.7, -0.3]
        let actions = [2, 0, 1, 1]
        let current = (0..<4).map { row -> Float in
            let l = logits[(row * 3)..<(row * 3 + 3)].map(Double.init)
            let m = l.max()!
            return Float(l[actions[row]] - m - Foundation.log(l.reduce(0) { $0 + Foundation.exp($1 - m) }))
        }
        let ratios: [Float] = [1.02, 0.9, 1.3, 0.7]
        let old = zip(current, ratios).map { $0 - Float(Foundation.log(Double($1))) }
        return (logits, [0.5, -0.2, 1.5, 0.05], actions, old, [0.45, 0.0, 1.0, 0.3], [0.8, -1.2, 1.0, -0.6], [1.0, 0.3, 1.0, -0.4])
    }

    private func hyperparameters(normalize: Bool = false, clipValue: Bool = true, entropy: Float = 0.01) -> PPOHyperparameters {
        var h = smallPPOHyperparameters()
        (h.normalizeAdvantages, h.clipValueLoss, h.entropyCoefficient, h.clipCoefficient) = (normalize, clipValue, entropy, 0.2)
        return h
    }

    private func loss(_ logits: [Float], _ values: [Float], _ h: PPOHyperparameters) -> PPOLoss {
        let b = batch()
        return PPOLoss(logits: Tensor(shape: [4, 3], scalars: logits), values: Tensor(values), actions: b.actions,
                       oldLogProbabilities: b.old, oldValues: b.oldValues, advantages: b.advantages, returns: b.returns,
                       hyperparameters: h)
    }

    /// The gradient with respect to the logits and the values against central differences.
    @Test(arguments: [false, true]) func gradientMatchesFiniteDifferences(normalize: Bool) {
        let b = batch(), h = hyperparameters(normalize: normalize)
        let logits = Tensor(shape: [4, 3], scalars: b.logits).requiringGradient()
        let values = Tensor(b.values).requiringGradient()
        let analytic = PPOLoss(logits: logits, values: values, actions: b.actions, oldLogProbabilities: b.old,
                               oldValues: b.oldValues, advantages: b.advantages, returns: b.returns, hyperparameters: h).loss.gradients()
        let dLogits = analytic[logits]!.scalars, dValues = analytic[values]!.scalars
        let step: Float = 1e-3
        for k in 0..<12 {
            var up = b.logits, down = b.logits
            up[k] += step
            down[k] -= step
            let numeric = (loss(up, b.values, h).loss.scalar - loss(down, b.values, h).loss.scalar) / (2 * step)
            #expect(abs(numeric - dLogits[k]) < 2e-3, "d loss / d logit \(k): \(dLogits[k]) analytic, \(numeric) numeric")
        }
        for k in 0..<4 {
            var up = b.values, down = b.values
            up[k] += step
            down[k] -= step
            let numeric = (loss(b.logits, up, h).loss.scalar - loss(b.logits, down, h).loss.scalar) / (2 * step)
            #expect(abs(numeric - dValues[k]) < 2e-3, "d loss / d value \(k): \(dValues[k]) analytic, \(numeric) numeric")
        }
    }

    /// With only the surrogate: rows whose ratio moved past 1 ± ε the way their advantage
    /// rewards (row 2: r = 1.3, Â > 0; row 3: r = 0.7, Â < 0) get no gradient; the others do.
    /// Row 1 (r = 0.9, Â < 0) is inside the clip, so it counts as well.
    @Test func clippedRowsGetNoPolicyGradient() {
        let b = batch()
        var h = hyperparameters(entropy: 0)
        h.valueLossCoefficient = 0
        let logits = Tensor(shape: [4, 3], scalars: b.logits).requiringGradient()
        let result = PPOLoss(logits: logits, values: Tensor(b.values), actions: b.actions, oldLogProbabilities: b.old,
                             oldValues: b.oldValues, advantages: b.advantages, returns: b.returns, hyperparameters: h)
        let gradient = result.loss.gradients()[logits]!.scalars
        func rowNorm(_ row: Int) -> Float { gradient[(row * 3)..<(row * 3 + 3)].reduce(0) { $0 + $1 * $1 } }
        #expect(rowNorm(0) > 1e-4 && rowNorm(1) > 1e-4)
        #expect(rowNorm(2) == 0 && rowNorm(3) == 0)
        #expect(abs(result.clipFraction - 0.5) < 1e-6)
        // The same rows with a wider clip all count.
        h.clipCoefficient = 0.5
        let wide = PPOLoss(logits: logits, values: Tensor(b.values), actions: b.actions, oldLogProbabilities: b.old,
                           oldValues: b.oldValues, advantages: b.advantages, returns: b.returns, hyperparameters: h)
        let all = wide.loss.gradients()[logits]!.scalars
        #expect(all[6..<12].contains { $0 != 0 })
        #expect(wide.clipFraction == 0)
    }

    /// The k3 estimate of KL is 0 for an unmoved policy and the entropy is ln 3 for uniform logits.
    @Test func unmovedPolicyHasNoKL() {
        let h = hyperparameters()
        let logits = Tensor(zeros: [2, 3])
        let old = [Float](repeating: -Float(Foundation.log(3.0) as Double), count: 2)
        let result = PPOLoss(logits: logits, values: Tensor([0, 0]), actions: [0, 2], oldLogProbabilities: old, oldValues: [0, 0],
                             advantages: [1, -1], returns: [0, 0], hyperparameters: h)
        #expect(abs(result.approximateKL) < 1e-6 && result.clipFraction == 0)
        #expect(abs(result.entropy - Float(Foundation.log(3.0) as Double)) < 1e-5)
    }
}

@Suite struct PPOAgentTests {
    private func cartPole() -> TimeLimit<CartPole> { TimeLimit(CartPole(), maxEpisodeSteps: 500) }

    /// Each rule names its preset key.
    @Test func badHyperparametersNameTheirKey() {
        func field(_ change: (inout PPOHyperparameters) -> Void) -> String? {
            var h = smallPPOHyperparameters()
            change(&h)
            do { try h.validate() } catch { return error.field }
            return nil
        }
        #expect(field { $0.minibatches = 3 } == "minibatches")
        #expect(field { $0.gaeLambda = 1.5 } == "gae_lambda")
        #expect(field { $0.gaeLambda = -0.1 } == "gae_lambda")
        #expect(field { $0.environments = 0 } == "envs")
        #expect(field { $0.clipCoefficient = 0 } == "clip_coefficient")
        #expect(field { _ in } == nil)
    }

    /// The same seed gives the same run whether the copies step on one thread or two.
    @Test func environmentThreadsDoNotChangeTheRun() throws {
        var runs: [([String: [Float]], [EpisodeStatistics])] = []
        for threads in [1, 2] {
            let agent = try PPOAgent(for: cartPole(), hyperparameters: smallPPOHyperparameters(environmentThreads: threads))
            let log = TrainingHistory()
            try agent.train(makeEnvironment: { _ in self.cartPole() }, steps: 2 * 512, log: log)
            runs.append((agent.checkpointTensors().mapValues(\.scalars), log.episodes.map(\.episode)))
        }
        #expect(runs[0].0 == runs[1].0)
        #expect(runs[0].1 == runs[1].1 && !runs[0].1.isEmpty)
    }

    /// A run resumed from a checkpoint continues as the uninterrupted run does: the counters,
    /// the annealed step and Adam's moments come back.
    @Test func checkpointRestoresTrainingState() throws {
        let h = smallPPOHyperparameters(totalSteps: 4096)
        let trained = try PPOAgent(for: cartPole(), hyperparameters: h)
        try trained.train(makeEnvironment: { _ in self.cartPole() }, steps: 1024, log: TrainingHistory())
        let restored = try PPOAgent(for: cartPole(), hyperparameters: h)
        try restored.restore(tensors: trained.checkpointTensors(), counters: trained.checkpointCounters)
        #expect(restored.checkpointCounters == ["steps": 1024, "episodes": trained.episodes, "updates": 2])
        for agent in [trained, restored] {
            try agent.train(makeEnvironment: { _ in self.cartPole() }, steps: 512, log: TrainingHistory())
        }
        #expect(trained.checkpointTensors().mapValues(\.scalars) == restored.checkpointTensors().mapValues(\.scalars))
        #expect(trained.learningRate(atStep: trained.steps) < h.learningRate)
    }

    /// A checkpoint of another network is refused and changes nothing.
    @Test func mismatchedCheckpointIsRefused() throws {
        let agent = try PPOAgent(for: cartPole(), hyperparameters: smallPPOHyperparameters())
        var other = smallPPOHyperparameters()
        other.hiddenSizes = [32]
        let stranger = try PPOAgent(for: cartPole(), hyperparameters: other)
        let before = agent.checkpointTensors().mapValues(\.scalars)
        #expect(throws: AgentCheckpointMismatch.self) {
            try agent.restore(tensors: stranger.checkpointTensors(), counters: stranger.checkpointCounters)
        }
        #expect(agent.checkpointTensors().mapValues(\.scalars) == before)
    }
}
