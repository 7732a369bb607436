import Agents
import Games
import Gym
import Testing

@Suite struct PQNAgentTests {
    private func cartPole() -> TimeLimit<CartPole> { TimeLimit(CartPole(), maxEpisodeSteps: 500) }

    @Test func badHyperparametersNameTheirKey() {
        func field(_ change: (inout PQNHyperparameters) -> Void) -> String? {
            var h = smallPQNHyperparameters()
            change(&h)
            do { try h.validate() } catch { return error.field }
            return nil
        }
        #expect(field { $0.minibatches = 5 } == "minibatches")
        #expect(field { $0.qLambda = 1.01 } == "q_lambda")
        #expect(field { $0.environments = 0 } == "envs")
        #expect(field { $0.epsilonEnd = 2 } == "epsilon_end")
        #expect(field { _ in } == nil)
    }

    /// The same seed gives the same run whether the copies step on one thread or two.
    @Test func environmentThreadsDoNotChangeTheRun() throws {
        var runs: [([String: [Float]], [EpisodeStatistics])] = []
        for threads in [1, 2] {
            let agent = try PQNAgent(for: cartPole(), hyperparameters: smallPQNHyperparameters(environmentThreads: threads))
            let log = TrainingHistory()
            try agent.train(makeEnvironment: { _ in self.cartPole() }, steps: 8 * 128, log: log)
            runs.append((agent.checkpointTensors().mapValues(\.scalars), log.episodes.map(\.episode)))
        }
        #expect(runs[0].0 == runs[1].0)
        #expect(runs[0].1 == runs[1].1 && !runs[0].1.isEmpty)
    }

    /// A resumed agent continues as the uninterrupted one: counters, ε and the annealed step
    /// and the optimizer's moments come back.
    @Test func checkpointRestoresTrainingState() throws {
        let h = smallPQNHyperparameters(totalSteps: 4096)
        let trained = try PQNAgent(for: cartPole(), hyperparameters: h)
        try trained.train(makeEnvironment: { _ in self.cartPole() }, steps: 1024, log: TrainingHistory())
        let restored = try PQNAgent(for: cartPole(), hyperparameters: h)
        try restored.restore(tensors: trained.checkpointTensors(), counters: trained.checkpointCounters)
        #expect(restored.checkpointCounters == ["steps": 1024, "episodes": trained.episodes, "updates": 8])
        let logs = [TrainingHistory(), TrainingHistory()]
        for (agent, log) in zip([trained, restored], logs) {
            try agent.train(makeEnvironment: { _ in self.cartPole() }, steps: 256, log: log)
        }
        #expect(trained.checkpointTensors().mapValues(\.scalars) == restored.checkpointTensors().mapValues(\.scalars))
        let last = logs.map { $0.metrics.last!.values }
        #expect(last[0]["epsilon"]! < 1)
        for name in ["td_loss", "q_mean", "epsilon", "learning_rate"] { #expect(last[0][name] == last[1][name], "\(name)") }
    }
}

/// It learns: PQN on 4 copies of CartPole-v1 lasts far longer than the random agent's ~22
/// steps within a bounded number of steps, with a fixed seed.
@Suite struct PQNLearningTests {
    @Test func cartPoleImprovesWellBeyondRandom() throws {
        let agent = try PQNAgent(for: TimeLimit(CartPole(), maxEpisodeSteps: 500), hyperparameters: smallPQNHyperparameters(totalSteps: 30_000))
        let log = TrainingHistory()
        try agent.train(makeEnvironment: { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }, steps: 20_000, log: log)
        let greedy = try evaluate(agent, in: TimeLimit(CartPole(), maxEpisodeSteps: 500), episodes: 10, seed: 99)
        #expect(greedy.returnMean >= 200, "greedy play lasted \(greedy.returnMean) steps after \(log.episodes.count) games; random play lasts about 22")
    }
}
