import Randomness

/// Sequences drawn from a replay memory of single observations (a `FrameReplayBuffer` whose
/// stack is one observation): DRQN's "bootstrapped random updates" (Hausknecht & Stone 2015,
/// §4), which start at a random step of a random episode, with R2D2's burn-in in front
/// (Kapturowski et al. 2019).
///
/// The memory's entries are already in the order they were played, each flagged as an
/// episode's start, as holding a transition, as terminal; an episode's last observation is an
/// entry with no transition. A sequence is read straight from them.
extension FrameReplayBuffer {
    /// Fills `batch` with sequences whose first trained transition is drawn uniformly from the
    /// stored entries that have one (as DQN draws its transitions).
    func sampleSequences(into batch: inout SequenceBatch, using generator: inout SeededGenerator) {
        precondition(!isEmpty, "cannot sample from an empty replay memory")
        let stored = storedCount, oldest = written - stored
        for row in 0..<batch.size {
            var start: Int
            repeat { start = oldest + generator.nextInt(below: stored) } while flags[start % ringSize] & Self.hasTransition == 0
            writeSequence(startingAt: start, into: &batch, row: row)
        }
    }

    /// Row `row` of `batch`: the sequence whose first trained transition is entry `start`.
    func writeSequence(startingAt start: Int, into batch: inout SequenceBatch, row: Int) {
        precondition(stackSize == 1, "sequences are read from a memory of single observations, this one stacks \(stackSize)")
        precondition(batch.observationSize == frameSize, "the batch holds observations of \(batch.observationSize) elements, the memory \(frameSize)")
        let oldest = written - storedCount
        precondition(start >= oldest && start < written && flags[start % ringSize] & Self.hasTransition != 0,
                     "entry \(start) is not a stored transition")
        let (burnIn, length, steps, size) = (batch.burnIn, batch.length, batch.steps, frameSize)
        // The row's first real position: back from `start` to its episode's first entry, the
        // oldest entry kept, or the row's beginning, whichever comes first.
        var first = burnIn
        while first > 0 {
            let entry = start - burnIn + first
            if entry == oldest || flags[entry % ringSize] & Self.episodeStart != 0 { break }
            first -= 1
        }
        // Trained transitions: on from `start` while entries have one; an episode's last
        // observation has none, and neither has the newest entry.
        var valid = 0
        while valid < length && start + valid < written - 1 && flags[(start + valid) % ringSize] & Self.hasTransition != 0 { valid += 1 }
        let last = burnIn + valid   // the position of the last transition's s′
        batch.withUnsafeMutablePointers { observations, resets, actions, rewards, terminated, mask in
            let rowObservations = observations + row * steps * size
            for position in 0..<steps {
                let target = rowObservations + position * size
                resets[row * steps + position] = position == first ? 1 : 0
                if position < first || position > last {
                    target.update(repeating: 0, count: size)
                } else {
                    let slot = (start - burnIn + position) % ringSize
                    Scalar.encode(UnsafeBufferPointer(start: frames + slot * size, count: size), into: target)
                }
            }
            for k in 0..<length {
                let i = row * length + k, slot = (start + k) % ringSize
                let real = k < valid
                actions[i] = real ? Int(self.actions[slot]) : 0
                rewards[i] = real ? self.rewards[slot] : 0
                terminated[i] = real && flags[slot] & Self.terminal != 0 ? 1 : 0
                mask[i] = real ? 1 : 0
            }
        }
    }
}
