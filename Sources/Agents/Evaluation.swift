import Gym

/// The figures `rlrun eval` prints: return mean ± standard deviation, min and max, length mean
/// ± standard deviation, and what the games cost: lives (Breakout) or points (Pong) lost.
public struct EvaluationResult: Equatable, Sendable {
    public var episodes: Int
    public var returnMean: Double
    public var returnStandardDeviation: Double
    public var returnMin: Double
    public var returnMax: Double
    public var lengthMean: Double
    public var lengthStandardDeviation: Double
    /// Lives lost and points conceded (negative rewards), over all episodes.
    public var setbacks: Int
    /// Steps over all episodes.
    public var totalLength: Int

    /// `setbacks[i]` is what episode i lost (none given: nothing).
    public init(_ statistics: [EpisodeStatistics], setbacks: [Int] = []) {
        precondition(!statistics.isEmpty, "an evaluation needs at least one episode")
        var tally = EvaluationTally()
        for (i, episode) in statistics.enumerated() { tally.add(episode, setbacks: i < setbacks.count ? setbacks[i] : 0) }
        self.init(tally)
    }

    /// The figures of the episodes `tally` counted (at least one).
    public init(_ tally: EvaluationTally) {
        precondition(tally.returns.count > 0, "an evaluation needs at least one episode")
        episodes = tally.returns.count
        (returnMean, returnStandardDeviation) = (tally.returns.mean, tally.returns.standardDeviation)
        (returnMin, returnMax) = (tally.returns.min, tally.returns.max)
        (lengthMean, lengthStandardDeviation) = (tally.lengths.mean, tally.lengths.standardDeviation)
        (setbacks, totalLength) = (tally.setbacks, tally.totalLength)
    }

    /// The standard error of the mean return (the population deviation over √(n − 1)).
    public var returnStandardError: Double {
        episodes > 1 ? returnStandardDeviation / Double(episodes - 1).squareRoot() : .nan
    }

    /// Lives or points lost per minute of play, for steps of `framesPerStep` frames at
    /// `framesPerSecond`.
    public func setbacksPerMinute(framesPerStep: Int, framesPerSecond: Int) -> Double {
        let minutes = Double(totalLength * framesPerStep) / Double(framesPerSecond * 60)
        return minutes > 0 ? Double(setbacks) / minutes : .nan
    }

}

/// An evaluation's figures gathered one episode at a time, in constant memory however many
/// episodes are played.
public struct EvaluationTally: Sendable {
    /// Count, mean, spread, min and max of a stream of numbers (Welford 1962: the running mean
    /// and sum of squared deviations, which lose no precision to cancellation).
    public struct RunningStatistics: Sendable {
        public private(set) var count = 0
        public private(set) var mean = 0.0
        private var squaredDeviations = 0.0
        public private(set) var min = Double.infinity
        public private(set) var max = -Double.infinity

        public mutating func add(_ value: Double) {
            count += 1
            let delta = value - mean
            mean += delta / Double(count)
            squaredDeviations += delta * (value - mean)
            (min, max) = (Swift.min(min, value), Swift.max(max, value))
        }

        /// The population standard deviation.
        public var standardDeviation: Double { count > 0 ? (squaredDeviations / Double(count)).squareRoot() : .nan }
    }

    public private(set) var returns = RunningStatistics()
    public private(set) var lengths = RunningStatistics()
    public private(set) var setbacks = 0
    public private(set) var totalLength = 0

    public init() {}

    public mutating func add(_ episode: EpisodeStatistics, setbacks lost: Int) {
        returns.add(episode.episodeReturn)
        lengths.add(Double(episode.length))
        setbacks += lost
        totalLength += episode.length
    }
}

/// Plays `episodes` episodes of `env` with `policy`, episode i reset with seed `seed + i`,
/// and returns their statistics. `onStep` sees the environment after every step (a window
/// shows it). An episode's figures are the wrapper's `info.episode` where the environment
/// records statistics (real scores of whole games), else the rewards it returned.
///
/// With `livesEndEpisodes` (the environment ends its episode at each lost life: `EpisodicLife`)
/// an episode is a whole game: after a lost life the environment is reset without a seed,
/// which goes on with the same game, until its statistics (`info.episode`) mark the game's
/// end. CleanRL and Stable-Baselines3 evaluate Atari agents so, and the reset presses FIRE
/// (`FireReset`) to serve again: a greedy policy that never chooses FIRE would otherwise
/// stand before an unserved ball until the time limit.
public func evaluate<E: Environment>(_ policy: some Policy, in env: E, episodes: Int, seed: UInt64, livesEndEpisodes: Bool = false,
                                     onStep: (E) -> Void = { _ in }) throws(EnvironmentError) -> EvaluationResult
    where E.Scalar: AgentObservation {
    precondition(episodes > 0, "evaluate needs at least one episode, got \(episodes)")
    var input = [Float](repeating: 0, count: env.observationSpace.count)
    var tally = EvaluationTally()
    for i in 0..<episodes {
        var lives = try env.reset(seed: seed &+ UInt64(i)).lives
        policy.episodeStarted()
        onStep(env)
        var counted = EpisodeStatistics(episodeReturn: 0, length: 0)
        var lost = 0
        while true {
            let action = input.withUnsafeMutableBufferPointer { input in
                env.withObservation { E.Scalar.encode($0, into: input.baseAddress!) }
                return policy.action(for: UnsafeBufferPointer(input))
            }
            let outcome = try env.step(action)
            onStep(env)
            counted.episodeReturn += outcome.reward
            counted.length += 1
            if outcome.reward < 0 { lost += 1 }
            if let before = lives, let after = outcome.info.lives, after < before { lost += before - after }
            lives = outcome.info.lives
            guard outcome.isEpisodeOver else { continue }
            if livesEndEpisodes && outcome.info.episode == nil {
                lives = try env.reset(seed: nil).lives  // a lost life: the same game goes on
                policy.episodeStarted()  // as the agent's training episodes started at each life
                onStep(env)
                continue
            }
            tally.add(outcome.info.episode ?? counted, setbacks: lost)
            break
        }
    }
    return EvaluationResult(tally)
}
