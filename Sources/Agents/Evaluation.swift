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
        let returns = statistics.map(\.episodeReturn), lengths = statistics.map { Double($0.length) }
        episodes = returns.count
        (returnMean, returnStandardDeviation) = Self.meanAndDeviation(returns)
        returnMin = returns.min()!
        returnMax = returns.max()!
        (lengthMean, lengthStandardDeviation) = Self.meanAndDeviation(lengths)
        self.setbacks = setbacks.reduce(0, +)
        totalLength = statistics.map(\.length).reduce(0, +)
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

    /// The mean and the population standard deviation of `values`.
    private static func meanAndDeviation(_ values: [Double]) -> (Double, Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        return (mean, (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n).squareRoot())
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
    var results: [EpisodeStatistics] = [], setbacks: [Int] = []
    for i in 0..<episodes {
        var lives = try env.reset(seed: seed &+ UInt64(i)).lives
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
                onStep(env)
                continue
            }
            results.append(outcome.info.episode ?? counted)
            setbacks.append(lost)
            break
        }
    }
    return EvaluationResult(results, setbacks: setbacks)
}
