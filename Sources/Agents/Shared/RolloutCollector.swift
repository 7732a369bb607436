import Gym
import Tensors

/// Collects on-policy rollouts from N environment copies (PPO, PQN): each step, the N
/// observations go into one [N, …] input in place, the agent picks all N actions from one
/// forward pass over it, and the vector environment steps them together. Each whole game that
/// ends is reported (`GameTally`: the real score, not a life), at the step it ended on.
final class RolloutCollector<E: Environment> where E.Scalar: AgentObservation {
    let vector: VectorEnvironment<E>
    let rollout: Rollout<E.Scalar>
    let observationShape: [Int]
    /// The batch the agent acts on, [N] + observation shape, rewritten every step.
    private var input: Tensor
    private var actions: [Int]
    /// Seconds spent stepping the environments and acting, over every rollout.
    var times = PhaseTimes()

    init(environments: [E], threads: Int, rolloutSteps: Int, observationShape: [Int]) {
        vector = VectorEnvironment(environments, threads: threads)
        rollout = Rollout(steps: rolloutSteps, copies: environments.count, observationSize: vector.observationCount)
        self.observationShape = observationShape
        input = Tensor(zeros: [environments.count] + observationShape)
        actions = [Int](repeating: 0, count: environments.count)
    }

    /// `copies` environments from `makeEnvironment`, checked against the agent's observation
    /// shape and action count, and reset, copy i with `seed` + i.
    convenience init(copies: Int, makeEnvironment: (Int) throws -> E, threads: Int, rolloutSteps: Int,
                     observationShape: [Int], actionCount: Int, seed: UInt64) throws {
        self.init(environments: try (0..<copies).map(makeEnvironment), threads: threads, rolloutSteps: rolloutSteps,
                  observationShape: observationShape)
        guard vector.observationSpace.shape == observationShape, vector.actionSpace.n == actionCount else {
            throw AgentCheckpointMismatch("\(vector.environments[0].id) observes \(vector.observationSpace.shape) with \(vector.actionSpace.n) actions, "
                                          + "but this agent was built for \(observationShape) with \(actionCount)")
        }
        try vector.reset(seed: seed)
    }

    var copies: Int { vector.count }

    /// Fills the rollout with T steps of every copy.
    /// - `act(input, t, &actions)` writes the N actions for the batch `input` and records what
    ///   it keeps per step (log-probabilities, values) in `rollout` at step t.
    /// - `value(batch)` gives the values to bootstrap from (V(s) or max Q(s, ·)) for a batch of
    ///   observations: the final observations a time limit cut off, and the ones the rollout
    ///   stops in, which it returns.
    /// `log` hears of every game that ended, at its step counted from `firstStep` (the steps
    /// taken before the rollout). Returns the bootstrap values and the number of games that
    /// ended; the rollout took `rollout.count` steps.
    func collect(act: (Tensor, Int, inout [Int]) -> Void, value: (Tensor) -> [Float],
                 firstStep: Int, log: some TrainingLog) throws -> (lastValues: [Float], games: Int) {
        let n = copies
        var steps = firstStep, games = 0
        for t in 0..<rollout.steps {
            let observations = UnsafeBufferPointer(vector.observations)
            rollout.storeObservations(at: t, from: observations)
            input.withUnsafeMutableBufferPointer { E.Scalar.encode(observations, into: $0.baseAddress!) }
            PhaseTimes.timing(&times.acting) { act(input, t, &actions) }
            for i in 0..<n { rollout.actions[t * n + i] = actions[i] }

            try PhaseTimes.timing(&times.environment) { try vector.step(actions) }
            steps += n
            for i in 0..<n {
                let k = t * n + i
                rollout.rewards[k] = vector.rewards[i]
                rollout.terminated[k] = vector.terminated[i]
                rollout.truncated[k] = vector.truncated[i] && !vector.terminated[i]
                rollout.truncationValues[k] = 0
                if let game = vector.finishedGames[i] {
                    games += 1
                    log.episodeEnded(game, atStep: steps - n + i + 1)
                }
            }
            bootstrapTruncations(at: t, value: value)
        }
        input.withUnsafeMutableBufferPointer { E.Scalar.encode(UnsafeBufferPointer(vector.observations), into: $0.baseAddress!) }
        return (PhaseTimes.timing(&times.acting) { value(input) }, games)
    }

    /// The values of the final observations of the copies a time limit cut off at step t.
    private func bootstrapTruncations(at t: Int, value: (Tensor) -> [Float]) {
        let n = copies, size = vector.observationCount
        let cut = (0..<n).filter { rollout.truncated[t * n + $0] }
        guard !cut.isEmpty else { return }
        var finals = Tensor(zeros: [cut.count] + observationShape)
        finals.withUnsafeMutableBufferPointer { target in
            for (row, i) in cut.enumerated() {
                E.Scalar.encode(UnsafeBufferPointer(rebasing: vector.finalObservations[(i * size)..<((i + 1) * size)]),
                                into: target.baseAddress! + row * size)
            }
        }
        let values = PhaseTimes.timing(&times.acting) { value(finals) }
        for (row, i) in cut.enumerated() { rollout.truncationValues[t * n + i] = values[row] }
    }
}
