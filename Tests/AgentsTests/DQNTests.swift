import Testing
@testable import Agents
import Games
import Gym
import NN
import Randomness
import Tensors

@Suite struct DQNTests {
    // MARK: Hyperparameters and schedule

    @Test func validationNamesTheFieldAndTheFix() {
        #expect(throws: Never.self) { try smallDQNHyperparameters().validate() }
        var h = smallDQNHyperparameters()
        h.tau = 0
        #expect(throws: DQNHyperparameterError(field: "tau", problem: "is 0.0; use a value in (0, 1], 1 for a hard copy")) { try h.validate() }
        h = smallDQNHyperparameters()
        h.batchSize = 0
        #expect(throws: DQNHyperparameterError.self) { try h.validate() }
        #expect((try? DQNAgent(observationShape: [4], actionCount: 2, hyperparameters: h)) == nil)
        h = smallDQNHyperparameters()
        h.optimizer = .centeredRMSProp(decay: 1, epsilon: 0.01)
        do { try h.validate() } catch { #expect(error.description == "dqn.rmsprop_decay is 1.0; use a value in [0, 1) (Nature: 0.95)") }
    }

    /// Linear from start to end over fraction × total steps, then held (CleanRL's linear_schedule).
    @Test func epsilonAnnealsLinearlyThenHolds() {
        var h = smallDQNHyperparameters()
        (h.epsilonStart, h.epsilonEnd, h.explorationFraction, h.totalSteps) = (1, 0.1, 0.5, 200)
        let schedule = h.epsilonSchedule
        #expect(schedule.steps == 100)
        #expect(schedule.epsilon(at: 0) == 1)
        #expect(abs(schedule.epsilon(at: 50) - 0.55) < 1e-6)
        #expect(abs(schedule.epsilon(at: 99) - 0.109) < 1e-6)
        #expect(schedule.epsilon(at: 100) == 0.1 && schedule.epsilon(at: 10_000) == 0.1)
        #expect(LinearEpsilonSchedule(start: 1, end: 0.05, steps: 0).epsilon(at: 0) == 0.05)
    }

    // MARK: The TD target

    /// By hand, γ = 0.5: y = r + γ(1 − terminated)·max Q⁻(s′) for DQN, Q⁻(s′, argmax Q(s′)) for
    /// double DQN; a terminal transition's target is its reward alone.
    @Test func temporalDifferenceTargetsByHand() {
        let nextTarget = Tensor(shape: [3, 2], scalars: [1, 3, 2, 0, 5, 4])
        let nextOnline = Tensor(shape: [3, 2], scalars: [4, 1, 0, 1, 1, 2])
        let rewards = Tensor(shape: [3, 1], scalars: [1, 0, -1])
        let terminated = Tensor(shape: [3, 1], scalars: [0, 0, 1])
        let dqn = temporalDifferenceTargets(rewards: rewards, terminated: terminated, nextTargetQ: nextTarget,
                                            nextOnlineQ: nil, discount: 0.5)
        #expect(dqn.shape == [3, 1] && dqn.scalars == [2.5, 1, -1])
        let double = temporalDifferenceTargets(rewards: rewards, terminated: terminated, nextTargetQ: nextTarget,
                                               nextOnlineQ: nextOnline, discount: 0.5)
        #expect(double.scalars == [1.5, 0, -1])
    }

    /// Through the agent's own pieces on a linear Q-network with weights set by hand: one
    /// terminated and one truncated transition from the replay buffer; the truncated one
    /// bootstraps, the terminated one does not.
    @Test func truncationBootstrapsAndTerminationDoesNot() throws {
        var h = smallDQNHyperparameters()
        (h.hiddenSizes, h.discount, h.batchSize, h.doubleDQN) = ([], 0.5, 4, false)
        let agent = try DQNAgent(observationShape: [2], actionCount: 2, hyperparameters: h)
        // Q(s) = W·s: online W = [[1, 0], [0, 1]], target W⁻ = [[2, 0], [0, 3]], biases 0.
        let online = agent.onlineNetwork.namedParameters, target = agent.targetNetwork.namedParameters
        online[0].parameter.assign(Tensor(shape: [2, 2], scalars: [1, 0, 0, 1]))
        target[0].parameter.assign(Tensor(shape: [2, 2], scalars: [2, 0, 0, 3]))
        for p in [online[1].parameter, target[1].parameter] { p.assign(Tensor(zeros: [2])) }

        let replay = ReplayBuffer<Float>(capacity: 2, observationSize: 2)
        let s: [Float] = [0, 0], next: [Float] = [1, 1]
        s.withUnsafeBufferPointer { s in
            next.withUnsafeBufferPointer { n in
                replay.add(observation: s, action: 0, reward: 1, nextObservation: n, terminated: true, truncated: false)
                replay.add(observation: s, action: 1, reward: 2, nextObservation: n, terminated: false, truncated: true)
            }
        }
        var batch = ReplayBatch(size: 4, observationShape: [2])
        var generator = SeededGenerator(seed: 5)
        replay.sample(into: &batch, using: &generator)
        let y = withoutGradients {
            temporalDifferenceTargets(rewards: batch.rewards, terminated: batch.terminated,
                                      nextTargetQ: agent.targetNetwork(batch.nextObservations), nextOnlineQ: nil, discount: 0.5)
        }
        // Q⁻(s′) = [2, 3]: terminated gives 1; truncated 2 + 0.5·3 = 3.5. Double DQN would pick
        // argmax Q(s′) = [1, 1] → action 0 (first maximum), worth 2: 2 + 0.5·2 = 3.
        let yDouble = withoutGradients {
            temporalDifferenceTargets(rewards: batch.rewards, terminated: batch.terminated,
                                      nextTargetQ: agent.targetNetwork(batch.nextObservations),
                                      nextOnlineQ: agent.onlineNetwork(batch.nextObservations), discount: 0.5)
        }
        for b in 0..<4 {
            let wasTerminated = batch.actions[b] == 0
            #expect(batch.terminated[b, 0] == (wasTerminated ? 1 : 0))
            #expect(y[b, 0] == (wasTerminated ? 1 : 3.5))
            #expect(yDouble[b, 0] == (wasTerminated ? 1 : 3))
        }
        #expect(Set(batch.actions) == [0, 1])
    }

    // MARK: Target network

    private func networksEqual(_ a: Sequential, _ b: Sequential) -> Bool {
        zip(a.namedParameters, b.namedParameters).allSatisfy { $0.parameter.value.scalars == $1.parameter.value.scalars }
    }

    /// Learning starts once 5 transitions are in; then an update every step and a hard copy
    /// every 4 steps: the target equals the online network right after steps 8 and 12 only.
    @Test func hardTargetCopyEveryIntervalSteps() throws {
        var h = smallDQNHyperparameters()
        (h.learningStarts, h.trainFrequency, h.targetUpdateInterval, h.batchSize, h.hiddenSizes) = (5, 1, 4, 4, [8])
        let agent = try DQNAgent(for: cartPoleV1(), hyperparameters: h)
        let env = cartPoleV1(), log = TrainingHistory()
        for step in 1...12 {
            try agent.train(in: env, steps: 1, log: log)
            #expect(agent.steps == step && agent.updates == max(0, step - 4))
            #expect(networksEqual(agent.onlineNetwork, agent.targetNetwork) == (step < 5 || step % 4 == 0), "step \(step)")
        }
    }

    /// τ < 1: after each step's update, θ⁻ ← τθ + (1 − τ)θ⁻.
    @Test func polyakAveragingBlendsEveryInterval() throws {
        var h = smallDQNHyperparameters()
        (h.learningStarts, h.trainFrequency, h.targetUpdateInterval, h.tau, h.batchSize, h.hiddenSizes) = (3, 1, 1, 0.25, 4, [8])
        let agent = try DQNAgent(for: cartPoleV1(), hyperparameters: h)
        let env = cartPoleV1(), log = TrainingHistory()
        try agent.train(in: env, steps: 4, log: log)
        let before = agent.targetNetwork.parameters.map(\.value)
        try agent.train(in: env, steps: 1, log: log)
        for (old, (target, online)) in zip(before, zip(agent.targetNetwork.parameters, agent.onlineNetwork.parameters)) {
            let expected = 0.25 * online.value.detached() + 0.75 * old.detached()
            #expect(target.value.isApproximatelyEqual(to: expected, absoluteTolerance: 1e-6))
            #expect(!target.value.isApproximatelyEqual(to: online.value, absoluteTolerance: 1e-6))
        }
    }

    // MARK: Checkpoints and determinism

    /// Save after some training, restore into a fresh agent: the same tensors and counters,
    /// the same actions; and the restored agent goes on exactly as the original does when it
    /// resumes from the same checkpoint (so networks, optimizer state and counters all came back).
    @Test func checkpointRoundTripContinuesIdentically() throws {
        let h = smallDQNHyperparameters()
        let original = try DQNAgent(for: cartPoleV1(), hyperparameters: h)
        try original.train(in: cartPoleV1(), steps: 300, log: TrainingHistory())
        let (tensors, counters) = (original.checkpointTensors(), original.checkpointCounters)
        #expect(counters["steps"] == 300 && counters["updates"]! > 50 && counters["episodes"]! > 3)
        #expect(tensors.keys.contains("online.0.weight") && tensors.keys.contains("target.4.bias")
                && tensors.keys.contains("adam.m.online.2.weight") && tensors.keys.contains("adam.step.online.0.bias"))

        let restored = try DQNAgent(for: cartPoleV1(), hyperparameters: h)
        try restored.restore(tensors: tensors, counters: counters)
        #expect(restored.checkpointScalars == original.checkpointScalars)
        #expect(restored.checkpointCounters == counters)
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<50 {
            let observation = (0..<4).map { _ in Float(generator.nextNormal()) }
            #expect(observation.withUnsafeBufferPointer { original.action(for: $0) }
                    == observation.withUnsafeBufferPointer { restored.action(for: $0) })
        }

        // The original resumes from its own checkpoint (dropping its replay buffer, as a new
        // process would start without it); both then train on.
        try original.restore(tensors: tensors, counters: counters)
        let (logA, logB) = (TrainingHistory(), TrainingHistory())
        try original.train(in: cartPoleV1(), steps: 200, log: logA)
        try restored.train(in: cartPoleV1(), steps: 200, log: logB)
        #expect(original.updates > counters["updates"]!)
        #expect(original.checkpointScalars == restored.checkpointScalars)
        #expect(original.checkpointCounters == restored.checkpointCounters)
        #expect(logA.episodes.map(\.episode) == logB.episodes.map(\.episode))
    }

    /// A checkpoint of another network, another optimizer or without its counters is refused
    /// with a message naming what differs, and the agent is left as it was.
    @Test func mismatchedCheckpointIsRefusedAndChangesNothing() throws {
        let agent = try DQNAgent(for: cartPoleV1(), hyperparameters: smallDQNHyperparameters())
        try agent.train(in: cartPoleV1(), steps: 150, log: TrainingHistory())
        let before = agent.checkpointScalars, counters = agent.checkpointCounters

        var wider = smallDQNHyperparameters()
        wider.hiddenSizes = [32, 64]
        let other = try DQNAgent(for: cartPoleV1(), hyperparameters: wider)
        #expect { try agent.restore(tensors: other.checkpointTensors(), counters: other.checkpointCounters) } throws: { error in
            "\(error)".contains("online.0.weight") && "\(error)".contains("[32, 4]")
        }
        var rmsprop = smallDQNHyperparameters()
        rmsprop.optimizer = .centeredRMSProp(decay: 0.95, epsilon: 0.01)
        let otherOptimizer = try DQNAgent(for: cartPoleV1(), hyperparameters: rmsprop)
        #expect(throws: (any Error).self) {
            try agent.restore(tensors: otherOptimizer.checkpointTensors(), counters: otherOptimizer.checkpointCounters)
        }
        #expect { try agent.restore(tensors: agent.checkpointTensors(), counters: ["steps": 1, "updates": 1]) } throws: { error in
            "\(error)".contains("episodes")
        }
        #expect(agent.checkpointScalars == before && agent.checkpointCounters == counters)
    }

    /// Same seed, same run: bit-identical weights, optimizer state and episodes.
    @Test func sameSeedGivesTheSameRun() throws {
        func run(seed: UInt64) throws -> (DQNAgent, TrainingHistory) {
            var h = smallDQNHyperparameters(seed: seed)
            h.doubleDQN = true
            let agent = try DQNAgent(for: cartPoleV1(), hyperparameters: h)
            let log = TrainingHistory()
            try agent.train(in: cartPoleV1(), steps: 400, log: log)
            return (agent, log)
        }
        let (a, logA) = try run(seed: 4), (b, logB) = try run(seed: 4), (c, _) = try run(seed: 5)
        #expect(a.checkpointScalars == b.checkpointScalars)
        #expect(logA.episodes.map(\.episode) == logB.episodes.map(\.episode))
        #expect(logA.metrics.map(\.values) == logB.metrics.map(\.values))
        #expect(a.checkpointScalars != c.checkpointScalars)
    }

    /// Episodes come from `info.episode` when the environment records statistics; metrics every
    /// `metricsInterval` steps; `shouldStop` ends training early.
    @Test func reportsEpisodesMetricsAndStops() throws {
        let agent = try DQNAgent(for: cartPoleV1(), hyperparameters: smallDQNHyperparameters())
        let log = TrainingHistory()
        try agent.train(in: RecordEpisodeStatistics(cartPoleV1()), steps: 300, log: log)
        #expect(log.metrics.map(\.step) == [100, 200, 300])
        // Learning starts at step 100 (an update every 2 steps): one update by the first report.
        #expect(log.metrics[0].values["updates"] == 1 && log.metrics[1].values["updates"] == 51)
        #expect(log.metrics[2].values["q_mean"] != nil && log.metrics[2].values["epsilon"] != nil)
        #expect(log.episodes.count == agent.episodes && agent.episodes > 5)
        #expect(log.episodes.allSatisfy { $0.episode.episodeReturn == Double($0.episode.length) })
        log.shouldStop = true
        try agent.train(in: cartPoleV1(), steps: 100, log: log)
        #expect(agent.steps == 300)
    }
}
