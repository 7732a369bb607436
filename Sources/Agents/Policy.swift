import Gym
import Randomness

/// Something that picks actions from observations: a trained agent acting greedily, or the
/// random agent. Evaluation, `rlrun eval` and `rlrun watch` run any policy.
public protocol Policy: AnyObject {
    /// The action for one observation, given as network inputs (`AgentObservation.encode`).
    func action(for observation: UnsafeBufferPointer<Float>) -> Int
    /// A new episode begins with the next observation: a policy with a memory of the episode
    /// (DRQN's LSTM) forgets it. Evaluation calls it at every reset.
    func episodeStarted()
}

extension Policy {
    /// A policy that reads only the observation in front of it has nothing to forget.
    public func episodeStarted() {}
}

/// A uniformly random policy: the baseline row of every results table.
public final class RandomPolicy: Policy {
    public let actionSpace: Discrete
    private var generator: SeededGenerator

    public init(actionSpace: Discrete, seed: UInt64) {
        self.actionSpace = actionSpace
        generator = SeededGenerator(seed: seed)
    }

    public func action(for observation: UnsafeBufferPointer<Float>) -> Int {
        actionSpace.sample(using: &generator)
    }
}

/// A policy that looks elsewhere than at the observation: a scripted player reading the
/// screen (`BallFollower`), whose `decide` closure holds the environment it plays.
public final class ScreenPolicy: Policy {
    private let decide: () -> Int

    public init(_ decide: @escaping () -> Int) { self.decide = decide }

    public func action(for observation: UnsafeBufferPointer<Float>) -> Int { decide() }
}
