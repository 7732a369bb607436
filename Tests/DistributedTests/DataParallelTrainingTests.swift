import TestSupport
import Foundation
import Testing

/// `mpirun -np K rlrun <agent> …` on this machine: data-parallel training reaches what one
/// process reaches, only rank 0 writes the run folder, a run resumes on another number of
/// ranks, and a rank that hangs or dies ends the job with a line naming it, leaving a
/// checkpoint the run resumes from. Every job is bounded by timeout(1).
@Suite(.serialized) struct DataParallelTrainingTests {
    /// PPO on CartPole: alone, and over 2 and 4 ranks with the same total steps, each reaches
    /// a greedy evaluation of 475 (of 500) within the budget. (A single process gets there in
    /// 20,000–31,000 steps; the ranks' bigger batches need about as many.)
    @Test(arguments: [1, 2, 4])
    func ppoOnCartPoleReachesTheScoreOfOneProcess(ranks: Int) throws {
        let folder = temporaryRunDirectory("ppo-\(ranks)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let job = try MPIJob(ranks: ranks == 1 ? nil : ranks, program: "rlrun",
                             arguments: ["ppo", "cartpole", "--steps", "150000", "--eval-every", "10240", "--stop-at", "475",
                                         "--run-dir", folder], timeoutSeconds: 240)
        let (status, output) = try job.wait()
        #expect(status == 0, "\(output)")
        #expect(output.contains("reached --stop-at"), "\(output)")
        if ranks > 1 { #expect(output.contains("on \(ranks) ranks"), "\(output)") }
        // One progress.csv, written by rank 0 alone: one header, steps rising.
        let rows = try String(contentsOfFile: folder + "/progress.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.filter { $0.hasPrefix("step,") }.count == 1)
        let steps = rows.dropFirst().compactMap { Int($0.prefix { $0 != "," }) }
        #expect(steps == steps.sorted() && !steps.isEmpty)
        // The step counter counts every rank's steps: each iteration is N·T on every rank.
        let configuration = try String(contentsOfFile: folder + "/config.toml", encoding: .utf8)
        let iteration = ranks * setting("envs", in: configuration) * setting("rollout_steps", in: configuration)
        let updates = metricRowSteps(rows)
        #expect(updates.count >= 2 && zip(updates, updates.dropFirst()).allSatisfy { $1 - $0 == iteration },
                "metric rows at \(updates), iterations of \(iteration) steps")
    }

    /// Rank 0 evaluating for longer than --rank-timeout while the others wait for it is slow,
    /// not lost: it answers their roll calls between evaluation steps, and the job goes on.
    @Test func aLongEvaluationIsNotTakenForAHungRank() throws {
        let folder = temporaryRunDirectory("ppo-slow")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let job = try MPIJob(ranks: 2, program: "rlrun",
                             arguments: ["ppo", "cartpole", "--steps", "30720", "--eval-every", "10240", "--eval-episodes", "500",
                                         "--rank-timeout", "2", "--run-dir", folder], timeoutSeconds: 240)
        let (status, output) = try job.wait()
        #expect(status == 0, "\(output)")
        #expect(output.contains("done after"), "\(output)")
    }

    /// A3C's rounds, DQN's lockstep turns and PQN's iterations over 2 ranks: each run ends with
    /// every rank holding the same parameters (the agents check it as they finish and fail
    /// otherwise), and the checkpoint counts both ranks' steps.
    @Test(arguments: ["a3c", "dqn", "pqn"])
    func agentsTrainOverTwoRanks(agent: String) throws {
        let folder = temporaryRunDirectory("\(agent)-2")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let settings = agent == "dqn" ? ["--set", "learning_starts=500"] : []
        let job = try MPIJob(ranks: 2, program: "rlrun",
                             arguments: [agent, "cartpole", "--steps", "4000", "--eval-every", "0", "--run-dir", folder] + settings,
                             timeoutSeconds: 240)
        let (status, output) = try job.wait()
        #expect(status == 0, "\(output)")
        #expect(output.contains("done after"), "\(output)")
        let rows = try String(contentsOfFile: folder + "/progress.csv", encoding: .utf8).split(separator: "\n")
        let last = rows.last.flatMap { Int($0.prefix { $0 != "," }) } ?? 0
        #expect(last >= 4000, "the last row is at step \(last)")
    }

    /// A run made on 2 ranks continues on 4 from its checkpoint, and on 1.
    @Test func aRunResumesOnAnotherNumberOfRanks() throws {
        let folder = temporaryRunDirectory("ppo-resume")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try MPIJob(ranks: 2, program: "rlrun", arguments: ["ppo", "cartpole", "--steps", "8192", "--run-dir", folder],
                               timeoutSeconds: 120).wait()
        #expect(first.status == 0, "\(first.output)")
        let second = try MPIJob(ranks: 4, program: "rlrun", arguments: ["ppo", "--resume", folder, "--steps", "16384"],
                                timeoutSeconds: 120).wait()
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("on 4 ranks") && second.output.contains("done after"), "\(second.output)")
        let third = try MPIJob(ranks: nil, program: "rlrun", arguments: ["ppo", "--resume", folder, "--steps", "20480"],
                               timeoutSeconds: 120).wait()
        #expect(third.status == 0, "\(third.output)")
        let rows = try String(contentsOfFile: folder + "/progress.csv", encoding: .utf8).split(separator: "\n")
        let steps = rows.dropFirst().compactMap { Int($0.prefix { $0 != "," }) }
        #expect(steps == steps.sorted(), "progress.csv's steps go back: \(steps)")
        #expect((steps.last ?? 0) >= 20480)
    }

    /// A rank that stops answering (SIGSTOP) mid-run: the others' roll call names it within
    /// twice --rank-timeout, the job ends non-zero, and the checkpoint it left resumes.
    @Test func aHungRankIsNamedAndTheRunResumes() throws {
        try checkFailure(signal: SIGSTOP, expecting: "Error: rank 1 of 2 has not answered for")
    }

    /// A rank killed mid-run (kill -9): mpirun ends the job at once, with its line naming the
    /// rank, and the checkpoint it left resumes.
    @Test func aKilledRankEndsTheJobAndTheRunResumes() throws {
        try checkFailure(signal: SIGKILL, expecting: "rank 1")
    }

    private func checkFailure(signal: Int32, expecting line: String) throws {
        let folder = temporaryRunDirectory("ppo-failure")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let job = try MPIJob(ranks: 2, program: "rlrun",
                             arguments: ["ppo", "cartpole", "--steps", "100000000", "--eval-every", "0", "--save-every", "1",
                                         "--rank-timeout", "4", "--run-dir", folder], timeoutSeconds: 120)
        let checkpoint = folder + "/latest.safetensors"
        #expect(waitFor(seconds: 60) { FileManager.default.fileExists(atPath: checkpoint) }, "no checkpoint: \(job.output)")
        let victims = MPIJob.pids(ofRank: 1, marker: folder)
        #expect(victims.count == 1, "rank 1's process: \(victims)")
        let stopped = Date()
        for pid in victims { kill(pid, signal) }
        defer { for pid in victims { kill(pid, SIGKILL) } }
        let (status, output) = try job.wait()
        let seconds = Date().timeIntervalSince(stopped)
        #expect(status != 0)
        #expect(output.split(separator: "\n").contains { $0.contains(line) && (signal != SIGKILL || $0.contains("signal 9")) },
                "\(output)")
        #expect(seconds < 30, "the job took \(seconds) s to end")
        // The checkpoint is whole: the run goes on from it.
        let resumed = try MPIJob(ranks: 2, program: "rlrun", arguments: ["ppo", "--resume", folder, "--steps", "1"],
                                 timeoutSeconds: 60).wait()
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("already has its 1 steps"), "\(resumed.output)")
    }

    /// REINFORCE trains in one process: under mpirun it is refused once, by rank 0.
    @Test func reinforceIsRefusedUnderMPIRun() throws {
        let (status, output) = try runUnderMPIRun(ranks: 2, program: "rlrun", arguments: ["reinforce", "cartpole"],
                                                  timeoutSeconds: 60)
        #expect(status != 0)
        #expect(output.components(separatedBy: "reinforce trains in one process").count == 2, "\(output)")
    }
}

/// An integer setting of a config.toml (`key = value`).
func setting(_ key: String, in configuration: String) -> Int {
    for line in configuration.split(separator: "\n") {
        let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2, parts[0] == key, let value = Int(parts[1].replacingOccurrences(of: "_", with: "")) { return value }
    }
    return 0
}

/// The steps of progress.csv's metric rows (those with a policy_loss).
func metricRowSteps(_ rows: [Substring]) -> [Int] {
    guard let header = rows.first?.split(separator: ",", omittingEmptySubsequences: false),
          let column = header.firstIndex(of: "policy_loss") else { return [] }
    return rows.dropFirst().compactMap { row in
        let cells = row.split(separator: ",", omittingEmptySubsequences: false)
        return cells.count > column && !cells[column].isEmpty ? Int(cells[0]) : nil
    }
}
