import Gym

/// Where an agent reports while it trains: each finished episode, and its training metrics
/// (loss, ε, …) now and then. The command line writes them to progress.csv and the progress
/// display; tests keep them in memory (`TrainingHistory`).
public protocol TrainingLog: AnyObject {
    /// An episode ended after `step` environment steps in all (its real score: statistics
    /// from inside the reward clipping and life-loss wrappers where the env has them).
    func episodeEnded(_ episode: EpisodeStatistics, atStep step: Int)
    /// Training metrics after `step` environment steps, by name.
    func record(_ metrics: [String: Double], atStep step: Int)
    /// Asked between updates: true stops training early (a signal, a time budget).
    var shouldStop: Bool { get }
}

/// A training log that keeps everything in memory.
public final class TrainingHistory: TrainingLog {
    public private(set) var episodes: [(step: Int, episode: EpisodeStatistics)] = []
    public private(set) var metrics: [(step: Int, values: [String: Double])] = []
    public var shouldStop = false

    public init() {}

    public func episodeEnded(_ episode: EpisodeStatistics, atStep step: Int) { episodes.append((step, episode)) }
    public func record(_ metrics: [String: Double], atStep step: Int) { self.metrics.append((step, metrics)) }

    /// The mean return of the last `count` episodes (nil before any ended).
    public func meanReturn(ofLast count: Int) -> Double? {
        let recent = episodes.suffix(count)
        guard !recent.isEmpty else { return nil }
        return recent.map(\.episode.episodeReturn).reduce(0, +) / Double(recent.count)
    }
}
