import Testing
import Agents
import Games
import Gym

/// It learns: A3C with two learners on CartPole-v1 lasts far longer than the random agent's
/// ~22 steps within a bounded number of steps, with a fixed seed.
@Suite struct A3CLearningTests {
    @Test func cartPoleImprovesWellBeyondRandom() throws {
        let hp = A3CHyperparameters(learners: 2, tMax: 5, discount: 0.99, learningRate: 7e-3, learningRateDecaySteps: nil,
                                    rmspropDecay: 0.99, rmspropEpsilon: 1e-5, entropyCoefficient: 0.01,
                                    valueLossCoefficient: 0.5, maxGradientNorm: 0.5, hiddenSizes: [32], activation: .tanh)
        let agent = try A3CAgent(for: TimeLimit(CartPole(), maxEpisodeSteps: 500), hyperparameters: hp, seed: 1)
        let log = TrainingHistory()
        try agent.train(makeEnvironment: { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }, steps: 12_000, log: log)
        let recent = try #require(log.meanReturn(ofLast: 20))
        #expect(recent >= 66, "mean return of the last 20 episodes was \(recent) after \(log.episodes.count) episodes; random play lasts about 22 steps")
    }
}
