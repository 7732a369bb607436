import Foundation
import Runs
import Testing
import TestSupport

/// Following runs as users do, through the command: the progress line, TensorBoard's event
/// file across an interruption and a resume, `rlrun status` on an interrupted and a finished
/// run, and `rlrun compare` on two runs.
@Suite(.serialized) struct FollowingRunsTests {
    private func rlrun(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try MPIJob(ranks: nil, program: "rlrun", arguments: arguments, timeoutSeconds: 300).wait()
    }

    @Test func anInterruptedRunResumesItsEventFileAndStatusFollowsIt() throws {
        let run = temporaryRunDirectory("follow")
        defer { try? FileManager.default.removeItem(atPath: run) }
        let job = try MPIJob(ranks: nil, program: "rlrun", arguments: ["dqn", "cartpole", "--steps", "10000000", "--run-dir", run,
                                                                       "--eval-every", "1000", "--eval-episodes", "2", "--save-every", "0.2"],
                             timeoutSeconds: 300)
        // Stopped once it has saved and evaluated.
        let evaluated = waitFor(seconds: 120) {
            FileManager.default.fileExists(atPath: run + "/latest.safetensors")
                && ProgressHistory(contentsOf: run + "/progress.csv").evaluations.count >= 2
        }
        try #require(evaluated, "\(job.output)")
        kill(try #require(MPIJob.pids(ofRank: nil, marker: run).first), SIGINT)
        let (status, output) = try job.wait()
        try #require(status == 0 && output.contains("interrupted after"), "\(output)")
        // The last progress line: the game score, the last evaluation and when the next is due, the rate, the time left.
        let last = try #require(output.split(separator: "\n").last { $0.hasPrefix("step ") })
        #expect(last.contains(" steps/s  score ") && last.contains(" games)  eval ") && last.contains(", next in ")
                && last.contains("  left "), "\(last)")

        let (stopped, report) = try rlrun(["status", run])
        #expect(stopped == 0 && report.contains("stopped; rlrun dqn --resume \(run) continues from step"), "\(report)")
        #expect(report.contains("  evaluations: ") && report.contains("  TensorBoard: events.out.tfevents."), "\(report)")
        let eventFiles = EventFile.paths(in: run)
        try #require(eventFiles.count == 1)
        let before = try EventFile.events(at: eventFiles[0])
        let tags = Set(before.flatMap { $0.scalars.map(\.tag) })
        #expect(tags.isSuperset(of: ["charts/episodic_return", "charts/episodic_length", "eval/mean_return", "train/loss", "train/epsilon"]),
                "\(tags)")

        // Resumed to 3,000 steps past its save: the same file goes on, in step order, to the end.
        let saved = try Checkpoint.read(from: run + "/latest.safetensors").counters["steps"]!
        let (resumed, more) = try rlrun(["dqn", "--resume", run, "--steps", String(saved + 3000)])
        try #require(resumed == 0, "\(more)")
        #expect(EventFile.paths(in: run) == eventFiles)
        let after = try EventFile.events(at: eventFiles[0])
        #expect(after.first?.fileVersion == Event.currentFileVersion && after.dropFirst().allSatisfy { $0.fileVersion == nil })
        let steps = after.map(\.step)
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0 <= $1 }, "\(steps)")
        #expect(steps.last! > saved && steps.last! <= saved + 3000, "\(steps)")
        #expect(Array(after.prefix { $0.step <= saved }) == before.filter { $0.step <= saved })

        let (finished, final) = try rlrun(["status", run])
        #expect(finished == 0 && final.contains(": finished") && final.contains("of \(ProgressLine.grouped(saved + 3000)) (100%)"), "\(final)")
    }

    /// `rlrun fit` puts each epoch's figures in its event file, at the epoch as step, under
    /// progress.csv's column names.
    @Test func aFitRunWritesEachEpochToItsEventFile() throws {
        let run = temporaryRunDirectory("fit-events")
        defer { try? FileManager.default.removeItem(atPath: run) }
        let (status, output) = try rlrun(["fit", "mlp", "fashion-mnist", "--epochs", "1", "--run-dir", run])
        try #require(status == 0, "\(output)")
        let files = EventFile.paths(in: run)
        try #require(files.count == 1)
        let events = try EventFile.events(at: files[0])
        #expect(events.count == 2 && events[0].fileVersion == Event.currentFileVersion && events[1].step == 1)
        let scalars = Dictionary(uniqueKeysWithValues: events[1].scalars.map { ($0.tag, $0.value) })
        let rows = try String(contentsOfFile: run + "/progress.csv", encoding: .utf8).split(separator: "\n")
        let columns = rows[0].split(separator: ",").map(String.init), cells = rows[1].split(separator: ",").map(String.init)
        #expect(Set(scalars.keys) == Set(columns.dropFirst(2).map { "fit/" + $0 }), "\(scalars.keys)")
        for (column, cell) in zip(columns, cells).dropFirst(2) {
            let logged = try #require(scalars["fit/" + column]), written = try #require(Float(cell))
            #expect(abs(logged - written) <= 1e-5 * max(1, abs(written)), "\(column): \(logged) in the event file, \(written) in progress.csv")
        }
    }

    @Test func compareDrawsTwoRunsAndTabulatesThem() throws {
        let parent = temporaryRunDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        for seed in ["1", "2"] {
            let (status, output) = try rlrun(["reinforce", "cartpole", "--steps", "3000", "--seed", seed, "--run-dir", parent + "/s" + seed,
                                              "--eval-every", "1500", "--eval-episodes", "2"])
            try #require(status == 0, "\(output)")
        }
        let (status, table) = try rlrun(["compare", parent + "/s1", parent + "/s2", "--csv", "--window", "10"])
        #expect(status == 0, "\(table)")
        let rows = table.split(separator: "\n").filter { $0.hasPrefix("run,") || $0.hasPrefix("s1,") || $0.hasPrefix("s2,") }
        #expect(rows.count == 3 && rows[1].hasPrefix("s1,reinforce,cartpole,1,") && rows[2].hasPrefix("s2,reinforce,cartpole,2,"),
                "\(table)")
        let chart = parent + "/both.svg"
        let (drawn, said) = try rlrun(["compare", parent + "/s1", parent + "/s2", "--group-seeds", "--x", "time", "--output", chart])
        #expect(drawn == 0 && said.contains("reinforce on cartpole, 2 seeds (mean of 2)"), "\(said)")
        let svg = try String(contentsOfFile: chart, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains(">training time</text>") && svg.contains("fill-opacity"))
        let (refused, error) = try rlrun(["compare", parent + "/none"])
        #expect(refused != 0 && error.contains("\(parent)/none: no such run folder"), "\(error)")
    }
}
