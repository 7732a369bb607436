import Testing
import Agents
import Games
import Gym

@Suite struct EvaluationTests {
    @Test func statisticsAreMeanStandardDeviationMinMax() {
        let result = EvaluationResult([EpisodeStatistics(episodeReturn: 1, length: 10), EpisodeStatistics(episodeReturn: 3, length: 20)])
        #expect(result.episodes == 2 && result.returnMean == 2 && result.returnStandardDeviation == 1)
        #expect(result.returnMin == 1 && result.returnMax == 3 && result.lengthMean == 15)
        #expect(result.lengthStandardDeviation == 5 && result.totalLength == 30 && result.setbacks == 0)
        #expect(abs(result.returnStandardError - 1) < 1e-12)
    }

    /// Lives or points lost a minute: 6 lost over 30 steps of 4 frames at 60 a second (2 s).
    @Test func setbacksAreCountedPerMinuteOfPlay() {
        let result = EvaluationResult([EpisodeStatistics(episodeReturn: 1, length: 10), EpisodeStatistics(episodeReturn: 3, length: 20)],
                                      setbacks: [5, 1])
        #expect(result.setbacks == 6)
        #expect(abs(result.setbacksPerMinute(framesPerStep: 4, framesPerSecond: 60) - 180) < 1e-9)
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

    /// Always NOOP, never FIRE: Breakout's ball is served only by the FIRE that `FireReset`
    /// presses on each reset.
    private final class NeverFires: Policy {
        func action(for observation: UnsafeBufferPointer<Float>) -> Int { 0 }
    }

    /// With lives ending the agent's episodes, an evaluation plays whole games through them,
    /// the reset after each lost life serving again: a policy that never fires loses its five
    /// balls in a few hundred steps instead of standing before an unserved ball until the
    /// 30-minute limit, and the figures are the whole game's.
    @Test func livesEndingEpisodesArePlayedThroughToTheGamesEnd() throws {
        let env = try fastAtariPreprocessing(BreakoutGame.self, terminalOnLifeLoss: true)
        let result = try evaluate(NeverFires(), in: env, episodes: 2, seed: 3, livesEndEpisodes: true)
        #expect(result.episodes == 2)
        #expect(result.lengthMean > 5 * 10 && result.lengthMean < 2_000)
        // Every game lost its five balls.
        #expect(result.setbacks == 2 * 5)
        // Without it, each lost ball is an episode of its own.
        let balls = try evaluate(NeverFires(), in: env, episodes: 2, seed: 3)
        #expect(balls.lengthMean * 4 < result.lengthMean)
    }
}
