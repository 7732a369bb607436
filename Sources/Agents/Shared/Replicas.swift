import NN
import Tensors

/// An agent's place in a data-parallel job (OpenAI Baselines' MPI training; DD-PPO, Wijmans et
/// al. 2020): every rank is a replica of the agent, with its own environment copies, that
/// starts from rank 0's parameters and applies the mean of all ranks' gradients, so that the
/// replicas stay identical. Without a group the agent trains alone, as it always has.
///
/// The agents' step and game counters count every rank's, so that schedules, budgets and
/// checkpoints mean the same whatever the number of ranks; a resumed run may use another.
struct Replicas {
    let group: (any ProcessGroup)?

    /// The parameters are checked for identical bits on every rank this often (in updates).
    static let agreementInterval = 50

    var rank: Int { group?.rank ?? 0 }
    var count: Int { group?.size ?? 1 }

    /// A stream's seed on this rank: rank 0 keeps the single-process seed, so that a one-rank
    /// job is the same run as a plain one; the other ranks' streams are derived from it.
    func seed(_ seed: UInt64) -> UInt64 {
        rank == 0 ? seed : derivedSeed(seed, 0x7261_6E6B, UInt64(rank))
    }

    /// Every rank takes rank 0's parameters (and so the run's starting point or checkpoint).
    func start(_ parameters: [Parameter]) throws {
        try group?.broadcast(parameters, from: 0)
    }

    /// The gradient every rank applies: this rank's own alone, or the mean over the ranks.
    func gradients(_ gradients: [Tensor?], of parameters: [Parameter]) throws -> [Tensor?] {
        guard let group else { return gradients }
        return try group.averaged(gradients, of: parameters)
    }

    /// Several gradients of the same parameters (A3C's learners'), each averaged over the
    /// ranks, in one allreduce.
    func gradients(_ sets: [[Tensor?]], of parameters: [Parameter]) throws -> [[Tensor?]] {
        guard let group else { return sets }
        let all = try group.averaged(sets.flatMap { $0 }, of: Array(repeating: parameters, count: sets.count).flatMap { $0 })
        return sets.indices.map { i in all[(i * parameters.count)..<((i + 1) * parameters.count)].map { $0 } }
    }

    /// Whether to stop, decided by all ranks together (any rank asks: a signal, rank 0's
    /// evaluation reaching its target), or one would wait for the others forever.
    func anyStops(_ stop: Bool) throws -> Bool {
        try agree(stop: stop, counts: []).stop
    }

    /// The total of every rank's `count` (games finished).
    func total(_ count: Int) throws -> Int {
        try agree(stop: false, counts: [count]).counts[0]
    }

    /// What the ranks decide together: whether to stop, and the totals of their counts, in one
    /// small allreduce. Alone, the values themselves.
    func agree(stop: Bool, counts: [Int]) throws -> (stop: Bool, counts: [Int]) {
        guard let group, group.size > 1 else { return (stop, counts) }
        // Floats hold integers exactly up to 2^24: far above one iteration's games.
        var values = [stop ? 1 : 0] + counts.map(Float.init)
        try group.sum(&values)
        return (values[0] > 0, values.dropFirst().map { Int($0) })
    }

    /// The mean of `value` over the ranks: for a decision every rank must take alike.
    func mean(_ value: Double) throws -> Double {
        guard let group, group.size > 1 else { return value }
        var values = [Float(value)]
        try group.average(&values)
        return Double(values[0])
    }

    /// Throws when the ranks' parameters are not bit-identical, checked every
    /// `agreementInterval` updates: a rank that diverged would train a different network.
    func checkAgreement(_ parameters: [Parameter], update: Int) throws {
        guard update % Self.agreementInterval == 0 else { return }
        try verifyAgreement(parameters, update: update)
    }

    /// Throws unless every rank holds the same bits in `parameters` now: at the end of
    /// training, and every `agreementInterval` updates.
    func verifyAgreement(_ parameters: [Parameter], update: Int) throws {
        guard let group else { return }
        guard try group.parametersAgree(parameters) else { throw ReplicasDiverged(update: update) }
    }
}

/// The ranks' parameters differed: a bug or a broken node, never a matter of tuning.
public struct ReplicasDiverged: Error, CustomStringConvertible {
    public let update: Int
    public var description: String {
        "the ranks' parameters differ after update \(update): every rank should apply the same averaged gradient; check that all ranks run the same rlrun build"
    }
}
