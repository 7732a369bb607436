import Foundation
import Testing
@testable import Agents
import Gym
import Randomness
import Tensors

/// A walk along a corridor of 7 cells, from cell 2: right ends the episode at the far end
/// (reward 1), left at the near end (reward −1); 12 steps truncate it. Fully deterministic,
/// and every reset starts in the same state, seeded or not: a run stopped at an episode's end
/// and resumed meets exactly the states an unstopped run meets.
final class Corridor: Environment {
    typealias Scalar = Float
    let id = "Corridor"
    let observationSpace = Box<Float>(low: 0, high: 1, shape: [2])
    let actionSpace = Discrete(2)
    let actionMeanings = ["LEFT", "RIGHT"]
    let renderMode = RenderMode.none
    let framesPerSecond = 60
    private var cell = 2, steps = 0
    private var observation: [Float] = [0, 0]

    func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        (cell, steps) = (2, 0)
        observation = [Float(cell) / 6, 0]
        return StepInfo()
    }

    func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        cell += action == 1 ? 1 : -1
        steps += 1
        observation = [Float(cell) / 6, Float(steps) / 12]
        let terminated = cell == 0 || cell == 6
        return StepOutcome(reward: cell == 6 ? 1 : cell == 0 ? -1 : 0, terminated: terminated, truncated: !terminated && steps == 12)
    }

    func withObservation<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows -> Result {
        try observation.withUnsafeBufferPointer(body)
    }

    func render() -> RGBFrame? { nil }
    func close() {}
}

/// Asks the agent to stop once an episode has ended past `step`: the agent checks at its next
/// step, so it stops at an episode's end.
private final class StopAfterEpisode: TrainingLog {
    let step: Int
    private(set) var shouldStop = false
    init(after step: Int) { self.step = step }
    func episodeEnded(_ episode: EpisodeStatistics, atStep step: Int) { if step >= self.step { shouldStop = true } }
    func record(_ metrics: [String: Double], atStep step: Int) {}
}

@Suite struct ReplayMemoryFileTests {
    private func corridorHyperparameters() -> DQNHyperparameters {
        var h = smallDQNHyperparameters(seed: 7)
        (h.replayCapacity, h.learningStarts, h.trainFrequency, h.targetUpdateInterval, h.hiddenSizes) = (300, 60, 2, 40, [16])
        (h.epsilonEnd, h.explorationFraction, h.totalSteps) = (0.1, 0.4, 500)
        return h
    }

    private func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "rlrun-replay-\(UUID().uuidString)-\(name)"
    }

    /// SB3's save_replay_buffer case: a run stopped, saved with its replay memory, restored
    /// into a new agent and trained on ends with the very parameters and counters of a run
    /// never stopped. Without the memory, the resumed run would start it empty and wait
    /// `learning_starts` again: the parameters then differ, which the last check shows.
    @Test func aRunResumedWithItsReplayMemoryEndsAsIfNeverStopped() throws {
        let h = corridorHyperparameters(), total = 500
        let unstopped = try DQNAgent(for: Corridor(), hyperparameters: h)
        try unstopped.train(in: Corridor(), steps: total, log: TrainingHistory())

        let first = try DQNAgent(for: Corridor(), hyperparameters: h)
        try first.train(in: Corridor(), steps: total, log: StopAfterEpisode(after: 230))
        #expect(first.steps > 230 && first.steps < total)
        let path = temporaryPath("latest.replay")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try first.saveReplayMemory(to: path)
        let (tensors, counters) = (first.checkpointTensors(), first.checkpointCounters)

        let resumed = try DQNAgent(for: Corridor(), hyperparameters: h)
        try resumed.restore(tensors: tensors, counters: counters)
        try resumed.restoreReplayMemory(from: path, of: Float.self)
        try resumed.train(in: Corridor(), steps: total - resumed.steps, log: TrainingHistory())
        #expect(resumed.checkpointCounters == unstopped.checkpointCounters)
        #expect(resumed.checkpointScalars == unstopped.checkpointScalars)

        let forgetful = try DQNAgent(for: Corridor(), hyperparameters: h)
        try forgetful.restore(tensors: tensors, counters: counters)
        try forgetful.train(in: Corridor(), steps: total - forgetful.steps, log: TrainingHistory())
        #expect(forgetful.updates < unstopped.updates)
        #expect(forgetful.checkpointScalars != unstopped.checkpointScalars)
    }

    /// A frame memory (84×84 stacks) read back samples exactly the minibatches the saved one
    /// does, with the restored sampling stream.
    @Test func aFrameMemoryReadBackSamplesAsTheSavedOne() throws {
        var h = smallDQNHyperparameters(seed: 3)
        h.replayCapacity = 40
        let shape = [4, 84, 84]
        let agent = try DQNAgent(observationShape: shape, actionCount: 3, hyperparameters: h)
        let memory = filledFrameMemory(capacity: 40, shape: shape, transitions: 57, actions: 3)
        agent.replay = memory
        (agent.steps, agent.collected) = (57, 57)
        let path = temporaryPath("frames.replay")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try agent.saveReplayMemory(to: path)

        let restored = try DQNAgent(observationShape: shape, actionCount: 3, hyperparameters: h)
        restored.steps = 57   // as its checkpoint would have restored it
        try restored.restoreReplayMemory(from: path, of: UInt8.self)
        let copy = try #require(restored.replay as? FrameReplayBuffer<UInt8>)
        #expect(copy.written == memory.written && restored.collected == 57)
        #expect(restored.sampling.stateWords == agent.sampling.stateWords)
        var (a, b) = (ReplayBatch(size: 16, observationShape: shape), ReplayBatch(size: 16, observationShape: shape))
        var (g1, g2) = (SeededGenerator(seed: 5), SeededGenerator(seed: 5))
        memory.sample(into: &a, using: &g1)
        copy.sample(into: &b, using: &g2)
        #expect(a.observations.scalars == b.observations.scalars && a.nextObservations.scalars == b.nextObservations.scalars)
        #expect(a.actions == b.actions && a.rewards.scalars == b.rewards.scalars && a.terminated.scalars == b.terminated.scalars)
    }

    /// Damaged, cut or foreign files are refused in one line naming the file, and the agent
    /// keeps what it had.
    @Test func damagedOrForeignMemoriesAreRefused() throws {
        var h = smallDQNHyperparameters(seed: 3)
        h.replayCapacity = 40
        let shape = [4, 84, 84]
        let agent = try DQNAgent(observationShape: shape, actionCount: 3, hyperparameters: h)
        let memory = filledFrameMemory(capacity: 40, shape: shape, transitions: 25, actions: 3)
        agent.replay = memory
        let path = temporaryPath("damaged.replay")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try agent.saveReplayMemory(to: path)
        let saved = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let headerBytes = ReplayMemoryFile.magic.count + 8 * ReplayMemoryFile.headerWords
        let ringSize = 40 + 3, frames = ringSize * 84 * 84, newest = memory.written - 1
        try #require(memory.written <= ringSize, "the ring has not wrapped, so entry t is in slot t")

        func expectRefused(_ bytes: [UInt8], saying reason: String, hyperparameters: DQNHyperparameters? = nil) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let fresh = try DQNAgent(observationShape: shape, actionCount: 3, hyperparameters: hyperparameters ?? h)
            #expect { try fresh.restoreReplayMemory(from: path, of: UInt8.self) } throws: { error in
                let text = "\(error)"
                return text.contains(path) && text.contains(reason) && !text.contains("\n")
            }
            #expect(fresh.replay == nil && fresh.collected == 0)
        }
        try expectRefused(Array(saved.dropLast(100)), saying: "cut short")
        try expectRefused(Array(saved.prefix(10)), saying: "not an rlrun replay memory")
        try expectRefused(Array(repeating: 0, count: saved.count), saying: "not an rlrun replay memory")
        var other = h
        other.replayCapacity = 41
        try expectRefused(saved, saying: "replay_capacity is 40, this run's is 41", hyperparameters: other)
        var steps = saved
        steps[ReplayMemoryFile.magic.count + 8 * 7] = 9   // header word 7: the agent's steps
        try expectRefused(steps, saying: "step (the checkpoint's) is 9")
        var action = saved
        action[headerBytes + frames + 4 * (newest - 1)] = 200   // the last transition's action, out of range
        try expectRefused(action, saying: "holds action")
        var flags = saved
        flags[headerBytes + frames + 8 * ringSize + newest] = 2   // the newest entry claims a transition
        try expectRefused(flags, saying: "newest entry claims a transition")
        var start = saved
        start[headerBytes + frames + 8 * ringSize] = 0   // entry 0 no longer starts an episode
        try expectRefused(start, saying: "first entry does not start an episode")
        var generators = saved
        for i in 0..<32 { generators[ReplayMemoryFile.magic.count + 8 * 10 + i] = 0 }
        try expectRefused(generators, saying: "generators' states are zero")
    }

    /// A frame memory with `transitions` transitions of random frames in episodes of 1–7
    /// steps, added as a training loop adds them (s is the previous s′, stacks as FrameStack
    /// makes them).
    private func filledFrameMemory(capacity: Int, shape: [Int], transitions: Int, actions: Int) -> FrameReplayBuffer<UInt8> {
        let memory = FrameReplayBuffer<UInt8>(capacity: capacity, observationShape: shape)
        let (k, frameSize) = (shape[0], shape[1] * shape[2])
        var generator = SeededGenerator(seed: 11)
        func frame() -> [UInt8] { (0..<frameSize).map { _ in UInt8(generator.nextInt(below: 256)) } }
        var stack: [UInt8] = [], left = 0
        for _ in 0..<transitions {
            if left == 0 {
                let first = frame()
                stack = Array((0..<k).map { _ in first }.joined())
                left = 1 + generator.nextInt(below: 7)
            }
            let next = Array(stack.dropFirst(frameSize)) + frame()
            left -= 1
            let over = left == 0, terminated = over && generator.nextInt(below: 2) == 0
            stack.withUnsafeBufferPointer { s in
                next.withUnsafeBufferPointer { n in
                    memory.add(observation: s, action: generator.nextInt(below: actions), reward: Float(generator.nextInt(below: 3)) - 1,
                               nextObservation: n, terminated: terminated, truncated: over && !terminated)
                }
            }
            stack = next
        }
        return memory
    }
}
