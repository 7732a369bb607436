import Gym
import Tensors

/// What T steps of N environment copies produced, for an on-policy update (PPO, PQN): the
/// observations (as the environment gave them: UInt8 frames stay UInt8 until a minibatch is
/// encoded for the network), the actions, the rewards, how each step ended, and what the
/// network said when it acted (log π(a|s) and V(s), or Q(s, a)). Element t·N + i is copy i at
/// step t. Allocated once and refilled every rollout.
final class Rollout<Scalar: AgentObservation> {
    let steps: Int, copies: Int
    /// Elements in one observation.
    let observationSize: Int
    private(set) var observations: [Scalar]
    var actions: [Int]
    var rewards: [Float]
    var terminated: [Bool]
    var truncated: [Bool]
    /// log π(aₜ|sₜ) of the acting policy (PPO); unused by PQN.
    var logProbabilities: [Float]
    /// V(sₜ) (PPO) or max Q(sₜ, ·) (PQN) when the step was taken.
    var values: [Float]
    /// For a truncated step, the value of the final observation the time limit cut off (the
    /// bootstrap of `generalizedAdvantages`); 0 elsewhere.
    var truncationValues: [Float]

    init(steps: Int, copies: Int, observationSize: Int) {
        precondition(steps >= 1 && copies >= 1 && observationSize >= 1,
                     "a rollout needs steps, copies and observations, got \(steps), \(copies), \(observationSize)")
        (self.steps, self.copies, self.observationSize) = (steps, copies, observationSize)
        let count = steps * copies
        observations = [Scalar](repeating: .zero, count: count * observationSize)
        actions = [Int](repeating: 0, count: count)
        rewards = [Float](repeating: 0, count: count)
        terminated = [Bool](repeating: false, count: count)
        truncated = [Bool](repeating: false, count: count)
        logProbabilities = [Float](repeating: 0, count: count)
        values = [Float](repeating: 0, count: count)
        truncationValues = [Float](repeating: 0, count: count)
    }

    var count: Int { steps * copies }

    /// Stores the N observations the copies are in at step `t` (the batch the agent acts on).
    func storeObservations(at t: Int, from batch: UnsafeBufferPointer<Scalar>) {
        precondition(batch.count >= copies * observationSize, "a batch of \(copies) observations of \(observationSize) is needed")
        observations.withUnsafeMutableBufferPointer { stored in
            (stored.baseAddress! + t * copies * observationSize).update(from: batch.baseAddress!, count: copies * observationSize)
        }
    }

    /// Writes the observations of `indices` as network inputs into `input`, a tensor of
    /// [indices.count] + the observation's shape.
    func encodeObservations(_ indices: ArraySlice<Int>, into input: inout Tensor) {
        let size = observationSize
        precondition(input.count == indices.count * size, "input holds \(input.count) values, \(indices.count) observations need \(indices.count * size)")
        observations.withUnsafeBufferPointer { stored in
            input.withUnsafeMutableBufferPointer { target in
                for (row, k) in indices.enumerated() {
                    Scalar.encode(UnsafeBufferPointer(rebasing: stored[(k * size)..<((k + 1) * size)]),
                                  into: target.baseAddress! + row * size)
                }
            }
        }
    }
}
