import Agents
import Games
import Gym
import Testing

/// It learns: PPO on 4 copies of CartPole-v1 lasts far longer than the random agent's ~22
/// steps within a bounded number of steps, with a fixed seed.
@Suite struct PPOLearningTests {
    @Test func cartPoleImprovesWellBeyondRandom() throws {
        let hp = smallPPOHyperparameters(totalSteps: 30_000)
        let agent = try PPOAgent(for: TimeLimit(CartPole(), maxEpisodeSteps: 500), hyperparameters: hp)
        let log = TrainingHistory()
        try agent.train(makeEnvironment: { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }, steps: 30_000, log: log)
        let recent = try #require(log.meanReturn(ofLast: 20))
        #expect(recent >= 200, "mean return of the last 20 games was \(recent) after \(log.episodes.count) games; random play lasts about 22 steps")
        let greedy = try evaluate(agent, in: TimeLimit(CartPole(), maxEpisodeSteps: 500), episodes: 10, seed: 99)
        #expect(greedy.returnMean >= 200, "greedy play lasted \(greedy.returnMean) steps")
    }
}
