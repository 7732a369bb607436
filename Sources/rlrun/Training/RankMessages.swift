import Agents
import Distributed
import Foundation
import Gym
import Runs

/// What rank 0 of a data-parallel training job tells the other ranks before training: the
/// run's resolved configuration (TOML text), then the agent's starting state (a checkpoint's
/// bytes: fresh, cloned with --init or restored with --resume). Only rank 0 reads and writes
/// the run folder, so the other ranks, perhaps on machines without it, get both from it.
/// When rank 0 fails before sending one, it sends a failure instead, having printed the
/// error itself; the other ranks then end quietly.
extension Communicator {
    /// Rank 0: sends `bytes`, or (nil) that it failed.
    func announce(_ bytes: [UInt8]?) throws {
        var message = bytes.map { [1] + $0 } ?? [0]
        try broadcast(bytes: &message, from: 0)
    }

    /// The other ranks: rank 0's bytes; throws `RankZeroFailed` when it failed.
    func receiveAnnouncement() throws -> [UInt8] {
        var message: [UInt8] = []
        try broadcast(bytes: &message, from: 0)
        guard message.first == 1 else { throw RankZeroFailed() }
        return Array(message.dropFirst())
    }

    /// Rank 0: runs `body` (the work whose result it then announces); if it throws, tells the
    /// other ranks, which are waiting for the announcement, before rethrowing.
    func announcingFailure<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            try? announce(nil)
            throw error
        }
    }
}

/// Rank 0 failed before training and printed why; this rank ends with it, quietly.
struct RankZeroFailed: Error {}

/// The training log of ranks other than 0: they report nothing (rank 0 writes the run folder
/// and the progress line) and stop when signalled, which the ranks then agree on.
final class ReplicaLog: TrainingLog, @unchecked Sendable {
    func episodeEnded(_ episode: EpisodeStatistics, atStep step: Int) {}
    func record(_ metrics: [String: Double], atStep step: Int) {}
    var shouldStop: Bool { RunLog.interrupted }
}
