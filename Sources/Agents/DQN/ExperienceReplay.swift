import Randomness

/// Experience replay (Lin 1992; Mnih et al. 2015): a bounded memory of transitions from
/// which minibatches are drawn uniformly, which breaks the correlation of consecutive steps.
///
/// Two stores: `ReplayBuffer` keeps whole observations (state vectors), `FrameReplayBuffer`
/// keeps each frame of a frame-stacked pixel observation once. Both draw the same way: one
/// `nextInt(below: stored)` per transition, counting from the oldest stored.
public protocol ExperienceReplay<Scalar>: AnyObject {
    associatedtype Scalar: AgentObservation

    /// How many transitions (whole-observation buffer) or frames (frame buffer) fit.
    var capacity: Int { get }
    /// Whether there is no transition to sample yet.
    var isEmpty: Bool { get }

    /// Stores the transition (s, a, r, s′). `nextObservation` is s′ as the step returned it,
    /// before any reset: the final observation of an episode. `truncated` alone (a time
    /// limit) keeps s′ non-terminal.
    func add(observation: UnsafeBufferPointer<Scalar>, action: Int, reward: Float,
             nextObservation: UnsafeBufferPointer<Scalar>, terminated: Bool, truncated: Bool)

    /// Fills `batch` with transitions drawn uniformly, with replacement (as CleanRL and
    /// Stable-Baselines3 draw them).
    func sample(into batch: inout ReplayBatch, using generator: inout SeededGenerator)
}
