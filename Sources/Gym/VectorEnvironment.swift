import Dispatch

/// `count` copies of an environment stepped as one batch, writing into buffers allocated once:
/// observations [count, observation size], rewards, terminated and truncated flags. An agent
/// reads them in place. Copies run on `threads` threads (1: serially on the caller's); each
/// copy has its own generator, so the results do not depend on the thread count.
///
/// An episode that ends is reset in the same step, as Stable-Baselines3's vector
/// environments do: `observations` then holds the next episode's first observation, the last
/// one is kept in `finalObservations`. Where a step ended a whole game (`GameTally`: not a life
/// the agent's episode ends at), `finishedGames` holds its score and length.
public final class VectorEnvironment<E: Environment> {
    public let environments: [E]
    public let threads: Int
    /// Elements in one copy's observation.
    public let observationCount: Int

    public let observations: UnsafeMutableBufferPointer<E.Scalar>
    public let finalObservations: UnsafeMutableBufferPointer<E.Scalar>
    public let rewards: UnsafeMutableBufferPointer<Float>
    public let terminated: UnsafeMutableBufferPointer<Bool>
    public let truncated: UnsafeMutableBufferPointer<Bool>
    /// For each copy, the game that ended in the last step (nil where none did): the real
    /// score where the environment records it, else the rewards and steps it passed on.
    public let finishedGames: UnsafeMutableBufferPointer<EpisodeStatistics?>
    /// For each copy, the info of its last step: when the episode ended, the final step's
    /// (so `infos[i].episode` carries what a `RecordEpisodeStatistics` inside reported: the
    /// whole game in real score, where the agent sees clipped rewards and single lives).
    public let infos: UnsafeMutableBufferPointer<StepInfo>

    // Per-copy running totals. Buffers rather than arrays: threads write different elements
    // at once, which a Swift array held by a class would not allow.
    private let tallies: UnsafeMutableBufferPointer<GameTally>
    /// Where each copy's step reports an error, if it throws; kept so a step allocates nothing.
    private let failures: UnsafeMutableBufferPointer<EnvironmentError?>
    private var isReset = false

    public var count: Int { environments.count }
    public var actionSpace: Discrete { environments[0].actionSpace }
    public var observationSpace: Box<E.Scalar> { environments[0].observationSpace }

    /// `count` copies made by `make`, stepped on `threads` threads.
    public convenience init(count: Int, threads: Int = 1, make: () throws(EnvironmentError) -> E) throws(EnvironmentError) {
        precondition(count >= 1, "a vector environment needs at least one copy, got \(count)")
        var environments: [E] = []
        for _ in 0..<count { environments.append(try make()) }
        self.init(environments, threads: threads)
    }

    /// The given copies (alike in spaces), stepped on `threads` threads.
    public init(_ environments: [E], threads: Int = 1) {
        precondition(!environments.isEmpty, "a vector environment needs at least one copy")
        precondition(threads >= 1, "a vector environment needs at least one thread, got \(threads)")
        precondition(environments.allSatisfy { $0.observationSpace.shape == environments[0].observationSpace.shape && $0.actionSpace == environments[0].actionSpace },
                     "a vector environment's copies must share their spaces")
        let count = environments.count
        self.environments = environments
        self.threads = Swift.min(threads, count)
        observationCount = environments[0].observationSpace.count
        observations = .allocate(capacity: count * observationCount)
        finalObservations = .allocate(capacity: count * observationCount)
        rewards = .allocate(capacity: count)
        terminated = .allocate(capacity: count)
        truncated = .allocate(capacity: count)
        finishedGames = .allocate(capacity: count)
        infos = .allocate(capacity: count)
        infos.initialize(repeating: StepInfo())
        tallies = .allocate(capacity: count)
        tallies.initialize(repeating: GameTally())
        failures = .allocate(capacity: count)
        failures.initialize(repeating: nil)
        finishedGames.initialize(repeating: nil)
        rewards.initialize(repeating: 0)
        terminated.initialize(repeating: false)
        truncated.initialize(repeating: false)
    }

    deinit {
        observations.deallocate()
        finalObservations.deallocate()
        rewards.deallocate()
        terminated.deallocate()
        truncated.deallocate()
        finishedGames.deallocate()
        infos.deinitialize()
        infos.deallocate()
        tallies.deinitialize()
        tallies.deallocate()
        failures.deinitialize()
        failures.deallocate()
    }

    /// Resets every copy, copy i with seed `seed + i` (as Gymnasium's vector environments).
    public func reset(seed: UInt64) throws(EnvironmentError) {
        for (i, env) in environments.enumerated() {
            infos[i] = try env.reset(seed: seed &+ UInt64(i))
            copyObservation(of: i, into: observations)
        }
        tallies.update(repeating: GameTally())
        finishedGames.update(repeating: nil)
        isReset = true
    }

    /// Steps copy i with `actions[i]`; ended episodes are reset on the spot.
    public func step(_ actions: [Int]) throws(EnvironmentError) {
        precondition(actions.count == count, "a vector environment of \(count) copies needs \(count) actions, got \(actions.count)")
        guard isReset else { throw .stepBeforeReset(environment: environments[0].id) }
        // Checked before any copy moves, so that a bad action leaves the whole batch as it was.
        if let bad = actions.first(where: { !actionSpace.contains($0) }) {
            throw .actionOutsideSpace(environment: environments[0].id, action: bad, space: actionSpace)
        }
        // Each copy writes only its own slots, so the parts can run on any threads.
        failures.update(repeating: nil)
        let work = UncheckedBox((self, failures))
        let parts = threads
        let run: @Sendable (Int) -> Void = { part in
            let (vector, failures) = work.value
            for i in (vector.count * part / parts)..<(vector.count * (part + 1) / parts) {
                do throws(EnvironmentError) {
                    try vector.stepCopy(i, action: actions[i])
                } catch {
                    failures[i] = error
                }
            }
        }
        if parts == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: run) }
        for failure in failures { if let failure { throw failure } }
    }

    private func stepCopy(_ i: Int, action: Int) throws(EnvironmentError) {
        let env = environments[i]
        let outcome = try env.step(action)
        rewards[i] = Float(outcome.reward)
        terminated[i] = outcome.terminated
        truncated[i] = outcome.truncated
        infos[i] = outcome.info
        finishedGames[i] = tallies[i].add(outcome)
        if outcome.isEpisodeOver {
            copyObservation(of: i, into: finalObservations)
            try env.reset(seed: nil, options: [:])
        }
        copyObservation(of: i, into: observations)
    }

    private func copyObservation(of i: Int, into buffer: UnsafeMutableBufferPointer<E.Scalar>) {
        let size = observationCount
        environments[i].withObservation { source in
            (buffer.baseAddress! + i * size).update(from: source.baseAddress!, count: size)
        }
    }

    /// A copy of copy i's observation.
    public func observation(_ i: Int) -> [E.Scalar] {
        Array(UnsafeBufferPointer(rebasing: observations[(i * observationCount)..<((i + 1) * observationCount)]))
    }

    /// A copy of copy i's final observation, meaningful where its episode just ended.
    public func finalObservation(_ i: Int) -> [E.Scalar] {
        Array(UnsafeBufferPointer(rebasing: finalObservations[(i * observationCount)..<((i + 1) * observationCount)]))
    }
}

/// A value handed to worker threads whose safety the caller argues: each copy's slots are
/// written by one thread only.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
