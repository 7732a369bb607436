import Testing
import Agents
import Games
import Gym

@Suite struct DQNLearningTests {
    /// DQN on CartPole-v1 learns within 8,000 steps (2,000 updates, about a second in a release
    /// build): the last 10 training episodes and a greedy evaluation both average at least 3× the
    /// random agent's ~22 steps. RL Zoo's schedule (bursts of updates every 128 steps, target
    /// every 10 steps, lr 2.3e-3) scaled down; seeds 1–3 all pass (1 is tested).
    @Test func learnsCartPoleWithinEightThousandSteps() throws {
        let h = DQNHyperparameters(
            learningRate: 2.3e-3, optimizer: .adam(epsilon: 1e-8), discount: 0.99, batchSize: 64, replayCapacity: 10_000,
            learningStarts: 500, trainFrequency: 128, gradientSteps: 32, targetUpdateInterval: 10, tau: 1,
            epsilonStart: 1, epsilonEnd: 0.05, explorationFraction: 0.3, totalSteps: 8000, evaluationEpsilon: 0,
            huberDelta: 1, maxGradientNorm: 10, doubleDQN: false, hiddenSizes: [64, 64], metricsInterval: 1000, seed: 1)
        let agent = try DQNAgent(for: cartPoleV1(), hyperparameters: h)
        let log = TrainingHistory()
        try agent.train(in: cartPoleV1(), steps: h.totalSteps, log: log)
        let recent = try #require(log.meanReturn(ofLast: 10))
        let evaluation = try evaluate(agent, in: cartPoleV1(), episodes: 10, seed: 1000)
        #expect(recent >= 66, "mean of the last 10 training episodes: \(recent)")
        #expect(evaluation.returnMean >= 66, "greedy evaluation: \(evaluation.returnMean)")
    }
}
