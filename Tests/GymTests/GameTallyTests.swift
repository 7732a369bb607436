import Gym
import Testing

@Suite struct GameTallyTests {
    private func step(_ reward: Double, terminated: Bool = false, truncated: Bool = false, lives: Int? = nil,
                      episode: EpisodeStatistics? = nil) -> StepOutcome {
        StepOutcome(reward: reward, terminated: terminated, truncated: truncated, info: StepInfo(lives: lives, episode: episode))
    }

    /// A lost life ends the agent's episode but not the game: the tally runs on to the last life.
    @Test func livesAddUpToOneGame() {
        var tally = GameTally()
        #expect(tally.add(step(1, lives: 3)) == nil)
        #expect(tally.add(step(0, terminated: true, lives: 2)) == nil)
        #expect(tally.add(step(4, lives: 2)) == nil)
        #expect(tally.add(step(0, terminated: true, lives: 1)) == nil)
        #expect(tally.add(step(2, terminated: true, lives: 0)) == EpisodeStatistics(episodeReturn: 7, length: 5))
        #expect(tally.add(step(3, terminated: true)) == EpisodeStatistics(episodeReturn: 3, length: 1), "the next game starts from nothing")
    }

    /// The recorded statistics (real score, whole game) win over the agent's own clipped counts.
    @Test func recordedStatisticsAreTheGame() {
        var tally = GameTally()
        #expect(tally.add(step(1, lives: 5)) == nil)
        let game = EpisodeStatistics(episodeReturn: 31, length: 240)
        #expect(tally.add(step(1, terminated: true, lives: 0, episode: game)) == game)
        #expect(tally.add(step(1, truncated: true)) == EpisodeStatistics(episodeReturn: 1, length: 1))
    }

    /// A time limit with lives left ends the game: it is reported.
    @Test func truncationWithLivesLeftEndsTheGame() {
        var tally = GameTally()
        #expect(tally.add(step(2, lives: 4)) == nil)
        #expect(tally.add(step(1, terminated: true, truncated: true, lives: 4)) == EpisodeStatistics(episodeReturn: 3, length: 2))
        #expect(tally.add(step(5, truncated: true, lives: 4)) == EpisodeStatistics(episodeReturn: 5, length: 1))
    }
}
