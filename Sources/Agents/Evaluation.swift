import Gym

/// The figures `rlrun eval` prints: return mean ± standard deviation, min and max, mean length.
public struct EvaluationResult: Equatable, Sendable {
    public var episodes: Int
    public var returnMean: Double
    public var returnStandardDeviation: Double
    public var returnMin: Double
    public var returnMax: Double
    public var lengthMean: Double

    public init(_ statistics: [EpisodeStatistics]) {
        precondition(!statistics.isEmpty, "an evaluation needs at least one episode")
        let returns = statistics.map(\.episodeReturn)
        let n = Double(returns.count)
        episodes = returns.count
        returnMean = returns.reduce(0, +) / n
        let mean = returnMean
        returnStandardDeviation = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n).squareRoot()
        returnMin = returns.min()!
        returnMax = returns.max()!
        lengthMean = Double(statistics.map(\.length).reduce(0, +)) / n
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
    var results: [EpisodeStatistics] = []
    for i in 0..<episodes {
        try env.reset(seed: seed &+ UInt64(i))
        onStep(env)
        var counted = EpisodeStatistics(episodeReturn: 0, length: 0)
        while true {
            let action = input.withUnsafeMutableBufferPointer { input in
                env.withObservation { E.Scalar.encode($0, into: input.baseAddress!) }
                return policy.action(for: UnsafeBufferPointer(input))
            }
            let outcome = try env.step(action)
            onStep(env)
            counted.episodeReturn += outcome.reward
            counted.length += 1
            guard outcome.isEpisodeOver else { continue }
            if livesEndEpisodes && outcome.info.episode == nil {
                try env.reset(seed: nil)  // a lost life: the same game goes on
                onStep(env)
                continue
            }
            results.append(outcome.info.episode ?? counted)
            break
        }
    }
    return EvaluationResult(results)
}
