/// Counts an agent's steps into the games a user scores. An agent's episode and the game can
/// differ: under `EpisodicLife` a lost ball ends the agent's episode while Breakout goes on,
/// and under `ClipReward` the agent sees ±1 where the game scores 7 for a brick. A user
/// compares the printed return with the literature's game scores (CleanRL logs
/// `info["episode"]`, Stable-Baselines3's `Monitor` likewise), so that is what gets reported:
///
/// - `info.episode` where a `RecordEpisodeStatistics` inside the life and clipping wrappers
///   set it (`atariPreprocessing` puts one there): the whole game, in real score;
/// - nothing at an episode end that is only a lost life (terminated with lives left): the
///   game goes on, and so does the tally;
/// - otherwise the tally of the steps it saw since the last game ended.
public struct GameTally: Sendable {
    private var counted = EpisodeStatistics(episodeReturn: 0, length: 0)

    public init() {}

    /// Counts one step; returns the game that ended on it, if one did.
    public mutating func add(_ outcome: StepOutcome) -> EpisodeStatistics? {
        counted.episodeReturn += outcome.reward
        counted.length += 1
        guard outcome.isEpisodeOver else { return nil }
        if let game = outcome.info.episode {
            counted = EpisodeStatistics(episodeReturn: 0, length: 0)
            return game
        }
        if outcome.terminated && !outcome.truncated, let lives = outcome.info.lives, lives > 0 { return nil }
        defer { counted = EpisodeStatistics(episodeReturn: 0, length: 0) }
        return counted
    }

    /// Forgets the steps counted so far (the environment was reset from outside).
    public mutating func restart() { counted = EpisodeStatistics(episodeReturn: 0, length: 0) }
}
