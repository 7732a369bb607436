import Testing
import Agents
import Games
import Gym

@Suite struct EvaluationTests {
    @Test func statisticsAreMeanStandardDeviationMinMax() {
        let result = EvaluationResult([EpisodeStatistics(episodeReturn: 1, length: 10), EpisodeStatistics(episodeReturn: 3, length: 20)])
        #expect(result.episodes == 2 && result.returnMean == 2 && result.returnStandardDeviation == 1)
        #expect(result.returnMin == 1 && result.returnMax == 3 && result.lengthMean == 15)
    }

    /// The random policy on CartPole-v1 lasts about 22 steps (Gymnasium's figure), and the same
    /// seeds give the same evaluation.
    @Test func randomCartPoleLastsAboutTwentyTwoSteps() throws {
        let env = TimeLimit(CartPole(), maxEpisodeSteps: 500)
        let first = try evaluate(RandomPolicy(actionSpace: env.actionSpace, seed: 1), in: env, episodes: 200, seed: 7)
        #expect(first.returnMean > 15 && first.returnMean < 30)
        #expect(first.lengthMean == first.returnMean)
        let again = try evaluate(RandomPolicy(actionSpace: env.actionSpace, seed: 1), in: env, episodes: 200, seed: 7)
        #expect(again == first)
    }
}
