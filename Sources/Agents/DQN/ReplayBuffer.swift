import Randomness

/// A ring buffer of whole transitions (s, a, r, s′, terminated) for observations that are
/// small (state vectors): the replay memory of CleanRL's `dqn.py` and Stable-Baselines3's
/// `ReplayBuffer`. Storage is allocated once, `capacity` transitions of raw observations,
/// encoded to network inputs only when sampled.
///
/// s′ is stored beside s rather than found in the next slot, so that a truncated episode's
/// final observation (which no later transition starts from) is kept for the bootstrap.
public final class ReplayBuffer<Scalar: AgentObservation>: ExperienceReplay {
    public let capacity: Int
    /// Elements of one observation.
    public let observationSize: Int
    /// Transitions stored, at most `capacity`.
    public internal(set) var count = 0
    /// Ring slot of the next write: the oldest transition once the buffer is full.
    var nextSlot = 0
    // Read and written whole by ReplayMemoryFile.
    let observations: UnsafeMutablePointer<Scalar>       // [capacity, observationSize]
    let nextObservations: UnsafeMutablePointer<Scalar>   // [capacity, observationSize]
    let actions: UnsafeMutablePointer<Int32>             // [capacity]
    let rewards: UnsafeMutablePointer<Float>             // [capacity]
    let terminated: UnsafeMutablePointer<Bool>           // [capacity]

    public init(capacity: Int, observationSize: Int) {
        precondition(capacity >= 1 && observationSize >= 1,
                     "a replay buffer needs capacity ≥ 1 and observations of ≥ 1 element, got \(capacity) and \(observationSize)")
        // Slots are written before they are read and never deinitialized: plain numbers only.
        precondition(_isPOD(Scalar.self), "replay buffers store plain numbers (Float, UInt8)")
        (self.capacity, self.observationSize) = (capacity, observationSize)
        observations = .allocate(capacity: capacity * observationSize)
        nextObservations = .allocate(capacity: capacity * observationSize)
        actions = .allocate(capacity: capacity)
        rewards = .allocate(capacity: capacity)
        terminated = .allocate(capacity: capacity)
        // Zeros until written, so that a saved memory (ReplayMemoryFile) holds no stray bytes.
        observations.initialize(repeating: .zero, count: capacity * observationSize)
        nextObservations.initialize(repeating: .zero, count: capacity * observationSize)
        actions.initialize(repeating: 0, count: capacity)
        rewards.initialize(repeating: 0, count: capacity)
        terminated.initialize(repeating: false, count: capacity)
    }

    deinit {
        observations.deallocate()
        nextObservations.deallocate()
        actions.deallocate()
        rewards.deallocate()
        terminated.deallocate()
    }

    public var isEmpty: Bool { count == 0 }

    public func add(observation: UnsafeBufferPointer<Scalar>, action: Int, reward: Float,
                    nextObservation: UnsafeBufferPointer<Scalar>, terminated isTerminal: Bool, truncated: Bool) {
        precondition(observation.count == observationSize && nextObservation.count == observationSize,
                     "replay buffer observations have \(observationSize) elements, got \(observation.count) and \(nextObservation.count)")
        let slot = nextSlot
        (observations + slot * observationSize).initialize(from: observation.baseAddress!, count: observationSize)
        (nextObservations + slot * observationSize).initialize(from: nextObservation.baseAddress!, count: observationSize)
        actions[slot] = Int32(action)
        rewards[slot] = reward
        terminated[slot] = isTerminal
        nextSlot = (slot + 1) % capacity
        count = Swift.min(count + 1, capacity)
    }

    public func sample(into batch: inout ReplayBatch, using generator: inout SeededGenerator) {
        precondition(count > 0, "cannot sample from an empty replay buffer")
        precondition(batch.observationSize == observationSize,
                     "the batch holds observations of \(batch.observationSize) elements, the buffer \(observationSize)")
        let (n, size, count, capacity) = (batch.size, observationSize, self.count, self.capacity)
        // The oldest transition sits at `nextSlot` once the buffer is full, at 0 before.
        let oldest = count == capacity ? nextSlot : 0
        batch.withUnsafeMutablePointers { s, a, r, next, done in
            for b in 0..<n {
                let slot = (oldest + generator.nextInt(below: count)) % capacity
                Scalar.encode(UnsafeBufferPointer(start: observations + slot * size, count: size), into: s + b * size)
                Scalar.encode(UnsafeBufferPointer(start: nextObservations + slot * size, count: size), into: next + b * size)
                a[b] = Int(actions[slot])
                r[b] = rewards[slot]
                done[b] = terminated[slot] ? 1 : 0
            }
        }
    }
}
