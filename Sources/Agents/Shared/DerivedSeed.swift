import Randomness

/// A seed for one of an agent's streams (the first reset of a `train` call, learner i's
/// environment and action draws), derived from the agent's seed. Mixing through a generator
/// keeps nearby inputs (learner 0 and learner 1) from giving correlated streams.
func derivedSeed(_ seed: UInt64, _ parts: UInt64...) -> UInt64 {
    var generator = SeededGenerator(seed: seed)
    for part in parts { generator = SeededGenerator(seed: generator.next() ^ part) }
    return generator.next()
}
