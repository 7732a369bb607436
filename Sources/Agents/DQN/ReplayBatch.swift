import Tensors

/// A minibatch of transitions (s, a, r, s′, terminated) as network inputs, allocated once and
/// refilled in place by each `sample(into:using:)`.
///
/// `terminated` is 1 only where the task ended (the pole fell): there the TD target is r
/// alone. A time limit's truncation is stored as 0, so the target bootstraps through it
/// (Pardo et al. 2018, "Time Limits in Reinforcement Learning").
public struct ReplayBatch {
    /// s: [batch] + observation shape, encoded (`AgentObservation.encode`).
    public var observations: Tensor
    /// a, one per transition.
    public var actions: [Int]
    /// r: [batch, 1].
    public var rewards: Tensor
    /// s′: [batch] + observation shape.
    public var nextObservations: Tensor
    /// 1 where s′ is terminal, else 0: [batch, 1].
    public var terminated: Tensor

    public init(size: Int, observationShape: [Int]) {
        precondition(size >= 1, "a replay batch needs at least one transition, got \(size)")
        observations = Tensor(zeros: [size] + observationShape)
        nextObservations = Tensor(zeros: [size] + observationShape)
        actions = Array(repeating: 0, count: size)
        rewards = Tensor(zeros: [size, 1])
        terminated = Tensor(zeros: [size, 1])
    }

    /// Transitions in the batch.
    public var size: Int { actions.count }

    /// Elements of one observation.
    public var observationSize: Int { observations.count / size }

    /// Raw pointers to every part, for a replay buffer to write (copy-on-write happens first,
    /// should anything still share a tensor's storage).
    mutating func withUnsafeMutablePointers<R>(
        _ body: (_ observations: UnsafeMutablePointer<Float>, _ actions: UnsafeMutablePointer<Int>,
                 _ rewards: UnsafeMutablePointer<Float>, _ nextObservations: UnsafeMutablePointer<Float>,
                 _ terminated: UnsafeMutablePointer<Float>) -> R
    ) -> R {
        observations.withUnsafeMutableBufferPointer { s in
            actions.withUnsafeMutableBufferPointer { a in
                rewards.withUnsafeMutableBufferPointer { r in
                    nextObservations.withUnsafeMutableBufferPointer { next in
                        terminated.withUnsafeMutableBufferPointer { done in
                            body(s.baseAddress!, a.baseAddress!, r.baseAddress!, next.baseAddress!, done.baseAddress!)
                        }
                    }
                }
            }
        }
    }
}
