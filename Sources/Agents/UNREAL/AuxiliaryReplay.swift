import Randomness

/// A learner's small replay memory of its most recent steps (Jaderberg et al. 2016, section
/// 3.4: "a small replay buffer", 2,000 steps): observation, action, reward, whether the step
/// ended the episode, and the step's pixel changes.
/// Entry i + 1 holds the observation after entry i's step unless that step ended its episode.
final class AuxiliaryReplay<Scalar: AgentObservation> {
    let capacity: Int, observationSize: Int, pixelCells: Int
    /// Entries written so far; entry i lives in slot i % capacity.
    private(set) var written = 0
    private var observations: [Scalar]
    private(set) var actions: [Int], rewards: [Float], ended: [Bool]
    private var pixelChanges: [Float]

    /// A memory of `capacity` steps of observations of `observationSize` scalars, with
    /// `pixelCells` pixel changes each (0 without pixel control).
    init(capacity: Int, observationSize: Int, pixelCells: Int) {
        precondition(capacity >= 2 && observationSize >= 1 && pixelCells >= 0, "an auxiliary replay needs room for 2 steps")
        (self.capacity, self.observationSize, self.pixelCells) = (capacity, observationSize, pixelCells)
        observations = Array(repeating: .zero, count: capacity * observationSize)
        (actions, rewards) = (Array(repeating: 0, count: capacity), Array(repeating: 0, count: capacity))
        ended = Array(repeating: false, count: capacity)
        pixelChanges = Array(repeating: 0, count: capacity * pixelCells)
    }

    var isFull: Bool { written >= capacity }
    /// The oldest entry still kept.
    var oldest: Int { Swift.max(0, written - capacity) }

    /// Appends one step: the observation it was taken from, what was done and what came of it.
    func add(observation: UnsafeBufferPointer<Scalar>, action: Int, reward: Float, ended stepEnded: Bool,
             pixelChange: UnsafeBufferPointer<Float>?) {
        precondition(observation.count == observationSize && (pixelChange?.count ?? 0) == pixelCells,
                     "an auxiliary replay step has \(observationSize) observation scalars and \(pixelCells) pixel cells")
        let slot = written % capacity
        observations.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: slot * observationSize).update(from: observation.baseAddress!, count: observationSize) }
        if let pixelChange, pixelCells > 0 {
            pixelChanges.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: slot * pixelCells).update(from: pixelChange.baseAddress!, count: pixelCells) }
        }
        (actions[slot], rewards[slot], ended[slot]) = (action, reward, stepEnded)
        written += 1
    }

    /// Entry `i`'s observation as network inputs, written at `target`.
    func encodeObservation(_ i: Int, into target: UnsafeMutablePointer<Float>) {
        observations.withUnsafeBufferPointer {
            Scalar.encode(UnsafeBufferPointer(rebasing: $0[(i % capacity) * observationSize..<(i % capacity + 1) * observationSize]), into: target)
        }
    }

    func action(_ i: Int) -> Int { actions[i % capacity] }
    func reward(_ i: Int) -> Float { rewards[i % capacity] }
    func pixelChange(_ i: Int) -> ArraySlice<Float> { pixelChanges[(i % capacity) * pixelCells..<(i % capacity + 1) * pixelCells] }

    /// A replayed sequence: up to `length` steps from a uniformly drawn start, cut after a step
    /// that ended its episode. `next` is the entry holding the observation after the last
    /// step, nil where the episode ended there: the returns then start from 0, which is right
    /// where the task terminated, and a small bias at a time limit's rare end.
    func sampleSequence(length: Int, using generator: inout SeededGenerator) -> (steps: Range<Int>, next: Int?) {
        // The start leaves room for `length` steps and the observation after them.
        let choices = written - oldest - length
        precondition(choices >= 1, "the replay holds \(written - oldest) steps, a sequence of \(length) needs \(length + 1)")
        let start = oldest + generator.nextInt(below: choices)
        var end = start
        while end < start + length {
            end += 1
            if ended[(end - 1) % capacity] { return (start..<end, nil) }
        }
        return (start..<end, end)
    }

    /// Entries for reward prediction, skewed (section 3.2): each drawn with probability ½ from
    /// the steps whose reward was not zero and ½ from the others (uniform within each), so that
    /// rare rewards make half the samples. With only one kind kept, from that kind.
    func sampleSkewed(count: Int, using generator: inout SeededGenerator) -> [Int] {
        let kept = oldest..<written
        let rewarding = kept.filter { rewards[$0 % capacity] != 0 }, plain = kept.filter { rewards[$0 % capacity] == 0 }
        return (0..<count).map { _ in
            let fromRewarding = plain.isEmpty || (!rewarding.isEmpty && generator.nextUniform() < 0.5)
            let pool = fromRewarding ? rewarding : plain
            return pool[generator.nextInt(below: pool.count)]
        }
    }
}
