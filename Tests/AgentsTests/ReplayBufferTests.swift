import Testing
@testable import Agents
import Gym
import Randomness
import Tensors

/// Frames of 2×3 bytes that say which frame they are (a counter over all episodes), in
/// episodes that end after 1–6 steps, terminated or truncated as the script's generator
/// decides: every kind of episode boundary a replay buffer must respect.
final class ScriptedFrames: Environment {
    typealias Scalar = UInt8
    let id = "ScriptedFrames"
    let observationSpace = Box<UInt8>(low: 0, high: 255, shape: [2, 3])
    let actionSpace = Discrete(3)
    let actionMeanings = ["A", "B", "C"]
    let renderMode = RenderMode.none
    let framesPerSecond = 60
    private var frame: [UInt8] = Array(repeating: 0, count: 6)
    private var counter = 0, stepsLeft = 0
    private var script = SeededGenerator(seed: 99)

    private func draw() {
        counter += 1
        frame = (0..<6).map { UInt8(truncatingIfNeeded: counter &* 7 &+ $0 &* (counter >> 8 &+ 1)) }
    }

    func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        stepsLeft = 1 + script.nextInt(below: 6)
        draw()
        return StepInfo()
    }

    func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        stepsLeft -= 1
        draw()
        let over = stepsLeft == 0, truncated = over && script.nextInt(below: 2) == 0
        return StepOutcome(reward: Double(counter % 5) - 2, terminated: over && !truncated, truncated: truncated)
    }

    func withObservation<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try frame.withUnsafeBufferPointer(body)
    }

    func render() -> RGBFrame? { nil }
    func close() {}
}

/// The slow, obvious replay memory: whole observations in an array, the oldest dropped. The
/// frame version keeps one record per observation shown (its whole stack, and the transition
/// taken from it once there is one), so it draws exactly as `FrameReplayBuffer` does.
final class ReferenceReplay {
    struct Transition { var action: Int; var reward: Float; var next: [Float]; var terminated: Bool }
    var records: [(observation: [Float], transition: Transition?)] = []
    let capacity: Int
    /// Whether each observation is stored as its own record (frames) or only with its transition.
    let recordsEveryObservation: Bool
    private var episodeOver = true

    init(capacity: Int, recordsEveryObservation: Bool) {
        (self.capacity, self.recordsEveryObservation) = (capacity, recordsEveryObservation)
    }

    func add<S: AgentObservation>(_ observation: [S], _ action: Int, _ reward: Float, _ next: [S], terminated: Bool, truncated: Bool) {
        let s = encode(observation), n = encode(next)
        let transition = Transition(action: action, reward: reward, next: n, terminated: terminated)
        if recordsEveryObservation {
            if episodeOver { records.append((s, nil)) }
            records[records.count - 1].transition = transition
            records.append((n, nil))
        } else {
            records.append((s, transition))
        }
        while records.count > capacity { records.removeFirst() }
        episodeOver = terminated || truncated
    }

    func sample(_ size: Int, using generator: inout SeededGenerator) -> [(observation: [Float], transition: Transition)] {
        (0..<size).map { _ in
            while true {
                let record = records[generator.nextInt(below: records.count)]
                if let transition = record.transition { return (record.observation, transition) }
            }
        }
    }

    private func encode<S: AgentObservation>(_ values: [S]) -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { v in out.withUnsafeMutableBufferPointer { S.encode(v, into: $0.baseAddress!) } }
        return out
    }
}

func expectBatch(_ batch: ReplayBatch, equals expected: [(observation: [Float], transition: ReferenceReplay.Transition)]) {
    let size = batch.observationSize
    let s = batch.observations.scalars, next = batch.nextObservations.scalars
    for (b, (observation, transition)) in expected.enumerated() {
        #expect(Array(s[(b * size)..<((b + 1) * size)]) == observation)
        #expect(Array(next[(b * size)..<((b + 1) * size)]) == transition.next)
        #expect(batch.actions[b] == transition.action)
        #expect(batch.rewards[b, 0] == transition.reward)
        #expect(batch.terminated[b, 0] == (transition.terminated ? 1 : 0))
    }
}

@Suite struct ReplayBufferTests {
    /// Whole transitions in a ring: the same draws give the same minibatches as the array
    /// reference, before and after the ring wraps, and truncation is not stored as terminal.
    @Test func ringBufferSamplesAsTheReference() {
        let buffer = ReplayBuffer<Float>(capacity: 7, observationSize: 3)
        let reference = ReferenceReplay(capacity: 7, recordsEveryObservation: false)
        var script = SeededGenerator(seed: 3)
        var batch = ReplayBatch(size: 5, observationShape: [3])
        var observation: [Float] = [0, 1, 2]
        for step in 0..<40 {
            let next = (0..<3).map { _ in Float(script.nextInt(below: 1000)) }
            let (action, reward) = (script.nextInt(below: 4), Float(step) * 0.5)
            let terminated = step % 5 == 4, truncated = step % 7 == 6
            observation.withUnsafeBufferPointer { s in
                next.withUnsafeBufferPointer { n in
                    buffer.add(observation: s, action: action, reward: reward, nextObservation: n, terminated: terminated, truncated: truncated)
                }
            }
            reference.add(observation, action, reward, next, terminated: terminated, truncated: truncated)
            observation = next
            var a = SeededGenerator(seed: UInt64(step)), b = a
            buffer.sample(into: &batch, using: &a)
            expectBatch(batch, equals: reference.sample(5, using: &b))
            #expect(buffer.count == min(step + 1, 7))
        }
    }

    /// Frames stored once rebuild the very stacks `FrameStack` showed, across terminated and
    /// truncated episode ends (of one step, too) and many wraps of the ring.
    @Test func frameBufferRebuildsFrameStackStacks() throws {
        for capacity in [2, 5, 16] {
            let env = FrameStack(ScriptedFrames(), count: 4)
            let buffer = FrameReplayBuffer<UInt8>(capacity: capacity, observationShape: [4, 2, 3])
            let reference = ReferenceReplay(capacity: capacity, recordsEveryObservation: true)
            var batch = ReplayBatch(size: 6, observationShape: [4, 2, 3])
            try env.reset(seed: 0)
            var observation = env.observation()
            var episodes = 0
            for step in 0..<150 {
                let action = step % 3
                let outcome = try env.step(action)
                let next = env.observation()
                next.withUnsafeBufferPointer { n in
                    observation.withUnsafeBufferPointer { s in
                        buffer.add(observation: s, action: action, reward: Float(outcome.reward), nextObservation: n,
                                   terminated: outcome.terminated, truncated: outcome.truncated)
                    }
                }
                reference.add(observation, action, Float(outcome.reward), next, terminated: outcome.terminated, truncated: outcome.truncated)
                if outcome.isEpisodeOver {
                    episodes += 1
                    try env.reset()
                    observation = env.observation()
                } else {
                    observation = next
                }
                var a = SeededGenerator(seed: UInt64(step)), b = a
                buffer.sample(into: &batch, using: &a)
                expectBatch(batch, equals: reference.sample(6, using: &b))
                #expect(buffer.storedCount == reference.records.count)
            }
            #expect(episodes > 30)
        }
    }

    /// The Atari sizes: one frame of 84×84 bytes per observation (so a million take 7.06 GB).
    @Test func frameBufferStoresOneFramePerObservation() {
        let buffer = FrameReplayBuffer<UInt8>(capacity: 1000, observationShape: [4, 84, 84])
        #expect(buffer.frameSize == 7056 && buffer.stackSize == 4 && buffer.observationSize == 4 * 7056)
    }
}
