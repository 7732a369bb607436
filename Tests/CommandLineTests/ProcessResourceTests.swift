import Foundation
import Testing
import TestSupport

/// Resources of the rlrun process over time, read from /proc while it runs: descriptors and
/// memory stay bounded over many episodes, and the agents that train on several threads (A3C's
/// learners, the vector environments' copies) stop with the run when Ctrl-C asks.
@Suite(.serialized) struct ProcessResourceTests {
    /// (resident KB, open descriptors) of `pid`; nil once it has ended.
    private func resources(of pid: Int32) -> (residentKB: Int, descriptors: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]),
              let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return nil }
        return (kb, descriptors.count)
    }

    /// Whether this process runs under AddressSanitizer (`make sanitize-address`), as rlrun
    /// beside it then does: freed memory waits in its quarantine, so resident memory grows
    /// without a leak, and every step is several times slower.
    private var underAddressSanitizer: Bool { dlsym(nil, "__asan_init") != nil }

    /// 10,000 greedy evaluation episodes of a DQN policy in one process: the descriptors open
    /// in the last third are no more than in the first third, and resident memory grows by less than
    /// 2 MB from the first third's peak to the last's (a leak of 200 bytes an episode would
    /// not pass). Under AddressSanitizer, 1,000 episodes and the descriptors only: LeakSanitizer
    /// checks rlrun's memory at its exit instead.
    @Test func tenThousandEvaluationEpisodesLeakNoDescriptorsAndNoMemory() throws {
        let run = temporaryRunDirectory("eval-leak")
        defer { try? FileManager.default.removeItem(atPath: run) }
        let (made, output) = try MPIJob(ranks: nil, program: "rlrun", arguments: ["dqn", "cartpole", "--steps", "300", "--run-dir", run,
                                                                                  "--eval-every", "0"], timeoutSeconds: 120).wait()
        try #require(made == 0, "\(output)")
        let episodes = underAddressSanitizer ? 1_000 : 10_000
        let job = try MPIJob(ranks: nil, program: "rlrun", arguments: ["eval", run, "--episodes", "\(episodes)"], timeoutSeconds: 600)
        var samples: [(residentKB: Int, descriptors: Int)] = []
        var pid: Int32?
        while job.process.isRunning {
            pid = pid ?? MPIJob.pids(ofRank: nil, marker: run).first
            if let pid, let sample = resources(of: pid) { samples.append(sample) }
            usleep(50_000)
        }
        let (status, report) = try job.wait()
        #expect(status == 0 && report.contains("over \(episodes) episodes"), "\(report)")
        try #require(samples.count >= 30, "too few samples (\(samples.count)) to see a trend: \(report)")
        let third = samples.count / 3
        let (early, late) = (samples[third..<(2 * third)], samples[(2 * third)...])
        // A leak grows the count episode after episode: the last third would never come back
        // down to the first third's. (One descriptor may open for a moment, at exit for one.)
        #expect(late.map(\.descriptors).min()! <= early.map(\.descriptors).max()!, "descriptors \(samples.map(\.descriptors))")
        guard !underAddressSanitizer else { return }
        let growth = late.map(\.residentKB).max()! - early.map(\.residentKB).max()!
        #expect(growth < 2048, "resident memory grew by \(growth) KB: \(samples.map(\.residentKB))")
    }

    /// Ctrl-C during A3C (learner threads) and PPO and PQN (vector environments over
    /// threads) on CartPole: the run stops at its next check, saves, says so and ends with
    /// status 0, well within the time bound, its checkpoint loading.
    @Test(arguments: ["a3c", "ppo", "pqn"])
    func ctrlCEndsTheThreadsOfTheRunAndSaves(agent: String) throws {
        let run = temporaryRunDirectory("ctrl-c-\(agent)")
        defer { try? FileManager.default.removeItem(atPath: run) }
        let job = try MPIJob(ranks: nil, program: "rlrun", arguments: [agent, "cartpole", "--steps", "10000000", "--run-dir", run,
                                                                       "--eval-every", "0"], timeoutSeconds: 120)
        // Training has begun once progress.csv has rows.
        let training = waitFor(seconds: 60) {
            ((try? String(contentsOfFile: run + "/progress.csv", encoding: .utf8))?.split(separator: "\n").count ?? 0) >= 3
        }
        try #require(training, "\(job.output)")
        let pid = try #require(MPIJob.pids(ofRank: nil, marker: run).first)
        kill(pid, SIGINT)
        let signalled = Date()
        let (status, output) = try job.wait()
        #expect(Date().timeIntervalSince(signalled) < 30)
        #expect(status == 0 && output.contains("interrupted after"), "\(output)")
        let (checked, report) = try MPIJob(ranks: nil, program: "rlrun", arguments: ["status", run], timeoutSeconds: 120).wait()
        #expect(checked == 0 && report.contains("latest.safetensors: step") && report.contains("stopped"), "\(report)")
    }
}
