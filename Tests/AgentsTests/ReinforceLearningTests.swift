import Testing
import Agents
import Games
import Gym

/// It learns: REINFORCE on CartPole-v1 lasts far longer than the random agent's ~22 steps
/// within a bounded number of steps, with a fixed seed.
@Suite struct ReinforceLearningTests {
    @Test func cartPoleImprovesWellBeyondRandom() throws {
        let env = TimeLimit(CartPole(), maxEpisodeSteps: 500)
        let hp = ReinforceHyperparameters(learningRate: 0.01, optimizer: .adam, discount: 0.99, episodesPerUpdate: 2,
                                          hiddenSizes: [32], activation: .tanh, learnedBaseline: true,
                                          valueLossCoefficient: 0.5, entropyCoefficient: 0, returnsEndAtReward: false, normalizeReturns: true,
                                          maxGradientNorm: 1)
        let agent = try ReinforceAgent(for: env, hyperparameters: hp, seed: 1)
        let log = TrainingHistory()
        try agent.train(in: env, steps: 10_000, log: log)
        let recent = try #require(log.meanReturn(ofLast: 20))
        #expect(recent >= 66, "mean return of the last 20 episodes was \(recent); random play lasts about 22 steps")
    }
}
