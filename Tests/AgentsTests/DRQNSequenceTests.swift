import Testing
@testable import Agents
import Randomness
import Tensors

/// DRQN's sequences against a reference built from a plain log of the episodes played.
@Suite struct DRQNSequenceTests {
    /// One observation as the log keeps it: which episode, which step of it, and what was done there.
    struct Entry {
        var episode: Int, value: Float
        var action = 0, reward: Float = 0, terminated = false, hasTransition = false
    }

    /// Plays `lengths` episodes into a memory of `capacity` (one-number observations that
    /// name their entry), the ones at odd indices terminated, the others truncated; returns
    /// the memory and the log of every entry written.
    func filled(capacity: Int, lengths: [Int]) -> (FrameReplayBuffer<Float>, [Entry]) {
        let memory = FrameReplayBuffer<Float>(capacity: capacity, observationShape: [1, 1])
        var log: [Entry] = []
        for (episode, length) in lengths.enumerated() {
            log.append(Entry(episode: episode, value: Float(log.count)))
            for step in 0..<length {
                let s = log.count - 1
                let last = step == length - 1, terminated = last && episode % 2 == 1
                log[s].action = (s * 7) % 3
                log[s].reward = Float(s % 5) - 2
                log[s].terminated = terminated
                log[s].hasTransition = true
                log.append(Entry(episode: episode, value: Float(log.count)))
                [log[s].value].withUnsafeBufferPointer { observation in
                    [log[s + 1].value].withUnsafeBufferPointer { next in
                        memory.add(observation: observation, action: log[s].action, reward: log[s].reward,
                                   nextObservation: next, terminated: terminated, truncated: last && !terminated)
                    }
                }
            }
        }
        return (memory, log)
    }

    /// The definition, from the log: the row holds the start's episode from its first kept
    /// observation (at most `burnIn` before the start) to the s′ of its last transition (at most
    /// `length` after), zeros elsewhere; the first real observation resets the LSTM.
    func reference(_ log: [Entry], oldest: Int, start: Int, burnIn: Int, length: Int)
        -> (observations: [Float], resets: [Float], actions: [Int], rewards: [Float], terminated: [Float], mask: [Float]) {
        let episode = log[start].episode, steps = burnIn + length + 1
        var observations = [Float](repeating: 0, count: steps), resets = observations
        var actions = [Int](repeating: 0, count: length), rewards = [Float](repeating: 0, count: length)
        var terminated = rewards, mask = rewards
        var transitions = 0
        while transitions < length && log[start + transitions].hasTransition { transitions += 1 }
        var first: Int?
        for position in 0..<steps {
            let entry = start - burnIn + position
            guard entry >= oldest, entry < log.count, log[entry].episode == episode, position <= burnIn + transitions else { continue }
            if first == nil { first = position }
            observations[position] = log[entry].value
        }
        resets[first!] = 1
        for k in 0..<transitions {
            let entry = log[start + k]
            (actions[k], rewards[k], terminated[k], mask[k]) = (entry.action, entry.reward, entry.terminated ? 1 : 0, 1)
        }
        return (observations, resets, actions, rewards, terminated, mask)
    }

    /// Every stored transition as a sequence start, in a memory that has wrapped around
    /// (so the oldest entries begin mid-episode), with episodes shorter and longer than a row,
    /// terminated and truncated, and the newest episode still being played.
    @Test(arguments: [(0, 3), (3, 4), (6, 2)])
    func everyStartMatchesTheReference(burnIn: Int, length: Int) {
        let (memory, log) = filled(capacity: 40, lengths: [5, 1, 9, 3, 12, 2, 7, 4, 6])
        let oldest = memory.written - memory.storedCount
        #expect(oldest > 0, "the memory should have wrapped")
        var batch = SequenceBatch(size: 1, burnIn: burnIn, length: length, observationShape: [1])
        var checked = 0
        for start in oldest..<memory.written where log[start].hasTransition {
            memory.writeSequence(startingAt: start, into: &batch, row: 0)
            let expected = reference(log, oldest: oldest, start: start, burnIn: burnIn, length: length)
            #expect(batch.observations.scalars == expected.observations, "start \(start): observations")
            #expect(batch.resets.scalars == expected.resets, "start \(start): resets")
            #expect(batch.actions == expected.actions, "start \(start): actions")
            #expect(batch.rewards.scalars == expected.rewards, "start \(start): rewards")
            #expect(batch.terminated.scalars == expected.terminated, "start \(start): terminated")
            #expect(batch.mask.scalars == expected.mask, "start \(start): mask")
            checked += 1
        }
        #expect(checked == (oldest..<memory.written).filter { log[$0].hasTransition }.count && checked > 20)
    }

    /// Sampling draws only stored transitions, uniformly: every one is drawn, and the rows of
    /// a batch are the sequences of their starts.
    @Test func samplingDrawsEveryStoredTransition() {
        let (memory, log) = filled(capacity: 30, lengths: [6, 8, 5, 9, 4])
        let oldest = memory.written - memory.storedCount
        var batch = SequenceBatch(size: 8, burnIn: 2, length: 3, observationShape: [1])
        var generator = SeededGenerator(seed: 4)
        var starts = Set<Int>()
        for _ in 0..<100 {
            memory.sampleSequences(into: &batch, using: &generator)
            let rows = batch.observations.scalars
            for row in 0..<batch.size {
                let start = Int(rows[row * batch.steps + batch.burnIn])   // observations name their entry
                #expect(log[start].hasTransition && start >= oldest)
                let expected = reference(log, oldest: oldest, start: start, burnIn: 2, length: 3)
                #expect(Array(rows[row * batch.steps..<(row + 1) * batch.steps]) == expected.observations)
                #expect(Array(batch.mask.scalars[row * 3..<(row + 1) * 3]) == expected.mask)
                starts.insert(start)
            }
        }
        #expect(starts == Set((oldest..<memory.written).filter { log[$0].hasTransition }))
    }
}
