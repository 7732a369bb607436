import Randomness

/// Replay memory for frame-stacked observations ([k, 84, 84] UInt8, as `FrameStack` gives
/// them) that stores each frame once, as the DQN papers' replay memory does: consecutive
/// stacks share k − 1 frames, so storing whole stacks would take k times the memory, and s′
/// twice that. A million frames of 84×84 take 7.06 GB (1M × 7056 bytes) instead of 56 GB.
///
/// One entry per observation the environment showed, in order: the newest frame of the
/// observation, and — once the next step is added — the transition taken from it (action,
/// reward, terminated). s′ of an entry's transition is the next entry; an episode's last
/// observation is an entry with no transition of its own, kept so that a truncated episode
/// can still bootstrap from it. So the buffer holds `capacity` observations and
/// `capacity` − (episodes that end inside it) transitions: within 0.1% of capacity for Atari
/// episodes of thousands of steps.
///
/// Stacks are rebuilt when sampled exactly as `FrameStack` builds them: the k newest frames
/// of the episode, oldest first, the episode's first frame filling the slots before it.
/// k − 1 frames older than the oldest entry are kept too, so the oldest entry's stack is whole.
public final class FrameReplayBuffer<Scalar: AgentObservation>: ExperienceReplay {
    /// Observations (entries) kept for sampling.
    public let capacity: Int
    /// k, the frames in one observation.
    public let stackSize: Int
    /// Elements of one frame (84 × 84).
    public let frameSize: Int
    /// Entries written so far; entry t lives in ring slot t % ringSize.
    public internal(set) var written = 0
    /// capacity + k − 1 slots: the extra k − 1 hold the older frames of the oldest entries' stacks.
    let ringSize: Int
    // Read and written whole by ReplayMemoryFile.
    let frames: UnsafeMutablePointer<Scalar>   // [ringSize, frameSize]
    let actions: UnsafeMutablePointer<Int32>   // [ringSize]
    let rewards: UnsafeMutablePointer<Float>   // [ringSize]
    let flags: UnsafeMutablePointer<UInt8>     // [ringSize], the bits below
    static var episodeStart: UInt8 { 1 }
    static var hasTransition: UInt8 { 2 }
    static var terminal: UInt8 { 4 }
    /// The last transition added ended its episode: the next one starts a new entry.
    var episodeOver = true

    /// A buffer for observations of shape [stackSize] + frame shape.
    public init(capacity: Int, observationShape: [Int]) {
        precondition(capacity >= 2, "a frame replay buffer needs capacity ≥ 2 (an observation and the next), got \(capacity)")
        precondition(observationShape.count >= 2 && observationShape.allSatisfy { $0 >= 1 },
                     "a frame replay buffer needs observations [frames, …frame shape], got \(observationShape)")
        // Slots are written before they are read and never deinitialized: plain numbers only.
        precondition(_isPOD(Scalar.self), "replay buffers store plain numbers (Float, UInt8)")
        self.capacity = capacity
        stackSize = observationShape[0]
        frameSize = observationShape.dropFirst().reduce(1, *)
        ringSize = capacity + stackSize - 1
        frames = .allocate(capacity: ringSize * frameSize)
        actions = .allocate(capacity: ringSize)
        rewards = .allocate(capacity: ringSize)
        flags = .allocate(capacity: ringSize)
        // Zeros until written, so that a saved memory (ReplayMemoryFile) holds no stray bytes.
        frames.initialize(repeating: .zero, count: ringSize * frameSize)
        actions.initialize(repeating: 0, count: ringSize)
        rewards.initialize(repeating: 0, count: ringSize)
        flags.initialize(repeating: 0, count: ringSize)
    }

    deinit {
        frames.deallocate()
        actions.deallocate()
        rewards.deallocate()
        flags.deallocate()
    }

    /// Elements of one observation (the whole stack).
    public var observationSize: Int { stackSize * frameSize }

    /// Entries that may be sampled: the newest `capacity`.
    public var storedCount: Int { Swift.min(written, capacity) }

    public var isEmpty: Bool { written < 2 }

    public func add(observation: UnsafeBufferPointer<Scalar>, action: Int, reward: Float,
                    nextObservation: UnsafeBufferPointer<Scalar>, terminated: Bool, truncated: Bool) {
        precondition(observation.count == observationSize && nextObservation.count == observationSize,
                     "frame replay observations have \(observationSize) elements, got \(observation.count) and \(nextObservation.count)")
        if episodeOver { write(newestFrameOf: observation, flags: Self.episodeStart) }
        // s must be the s′ stored last (or a new episode's first stack): what a training loop
        // adds, and what lets one frame stand for a whole stack.
        assert(stack(of: written - 1, equals: observation),
               "FrameReplayBuffer: the observation is not the previous next observation, or not a FrameStack stack")
        let slot = (written - 1) % ringSize
        actions[slot] = Int32(action)
        rewards[slot] = reward
        flags[slot] |= Self.hasTransition | (terminated ? Self.terminal : 0)
        write(newestFrameOf: nextObservation, flags: 0)
        episodeOver = terminated || truncated
    }

    public func sample(into batch: inout ReplayBatch, using generator: inout SeededGenerator) {
        precondition(!isEmpty, "cannot sample from an empty replay buffer")
        precondition(batch.observationSize == observationSize,
                     "the batch holds observations of \(batch.observationSize) elements, the buffer \(observationSize)")
        let stored = storedCount, oldest = written - stored, size = observationSize, n = batch.size
        batch.withUnsafeMutablePointers { s, a, r, next, done in
            for b in 0..<n {
                // Uniform over the stored entries that have a transition (an episode's last
                // observation has none): draw again on the few that do not.
                var t: Int
                repeat { t = oldest + generator.nextInt(below: stored) } while flags[t % ringSize] & Self.hasTransition == 0
                let slot = t % ringSize
                writeStack(of: t, into: s + b * size)
                writeStack(of: t + 1, into: next + b * size)
                a[b] = Int(actions[slot])
                r[b] = rewards[slot]
                done[b] = flags[slot] & Self.terminal != 0 ? 1 : 0
            }
        }
    }

    /// Appends an entry holding the last frame of `observation`.
    private func write(newestFrameOf observation: UnsafeBufferPointer<Scalar>, flags entryFlags: UInt8) {
        let slot = written % ringSize
        (frames + slot * frameSize).initialize(from: observation.baseAddress! + (stackSize - 1) * frameSize, count: frameSize)
        flags[slot] = entryFlags
        written += 1
    }

    /// Entry `t`'s frames, oldest first: walking back from `t`, never past its episode's start.
    private func forEachFrame(of t: Int, _ body: (_ position: Int, _ frame: UnsafePointer<Scalar>) -> Void) {
        var j = t
        for position in stride(from: stackSize - 1, through: 0, by: -1) {
            body(position, frames + (j % ringSize) * frameSize)
            if flags[j % ringSize] & Self.episodeStart == 0 { j -= 1 }
        }
    }

    /// Entry `t`'s stack as network inputs.
    private func writeStack(of t: Int, into target: UnsafeMutablePointer<Float>) {
        let frameSize = self.frameSize
        forEachFrame(of: t) { position, frame in
            Scalar.encode(UnsafeBufferPointer(start: frame, count: frameSize), into: target + position * frameSize)
        }
    }

    /// Whether entry `t` rebuilds to exactly `observation` (checked in debug builds).
    private func stack(of t: Int, equals observation: UnsafeBufferPointer<Scalar>) -> Bool {
        var same = true
        let frameSize = self.frameSize
        forEachFrame(of: t) { position, frame in
            let given = observation.baseAddress! + position * frameSize
            for i in 0..<frameSize where frame[i] != given[i] { same = false; break }
        }
        return same
    }
}
