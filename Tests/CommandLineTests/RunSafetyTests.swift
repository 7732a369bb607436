import Foundation
import Runs
import Testing
import TestSupport

/// What a run does when its disk or folder fails it, and `--save-replay`, through the
/// command as users run it (the debug build of rlrun beside the tests).
@Suite(.serialized) struct RunSafetyTests {
    /// rlrun with `arguments`, waited for: its status and its output (stdout and stderr).
    private func rlrun(_ arguments: [String], seconds: Double = 300) throws -> (status: Int32, output: String) {
        try MPIJob(ranks: nil, program: "rlrun", arguments: arguments, timeoutSeconds: seconds).wait()
    }

    /// Runs `command`; its status.
    @discardableResult
    private func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " >/dev/null 2>&1"]
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The lines of `output` that say Error or warning.
    private func errorLines(_ output: String) -> [Substring] {
        output.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).filter { $0.hasPrefix("Error") || $0.hasPrefix("warning") }
    }

    /// A disk that fills up: a 200 KB tmpfs, where the first checkpoints fit and a later save
    /// does not. The run stops with one line saying so; the checkpoint left behind loads, no
    /// temporary file remains, and --resume goes on from it once there is room. Mounting
    /// needs root (as CI runs); elsewhere the test says why it did nothing.
    @Test func aFullDiskStopsTheRunInOneLineAndKeepsTheLastCheckpointWhole() throws {
        let directory = temporaryRunDirectory("full-disk")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { shell("umount \(directory)"); try? FileManager.default.removeItem(atPath: directory) }
        guard shell("mount -t tmpfs -o size=200k tmpfs \(directory)") == 0 else {
            print("skipped: cannot mount a small tmpfs here (not root, or no CAP_SYS_ADMIN)")
            return
        }
        let run = directory + "/run"
        let (status, output) = try rlrun(["dqn", "cartpole", "--steps", "200000", "--run-dir", run, "--save-every", "0.2",
                                          "--eval-every", "1000", "--eval-episodes", "2"])
        #expect(status != 0, "\(output)")
        let errors = errorLines(output)
        #expect(errors.count == 1 && errors[0].contains("No space left on device") && errors[0].contains("free some disk space"), "\(output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: run)
        #expect(!names.contains { $0.contains(".tmp-") }, "\(names)")
        #expect(names.contains("latest.safetensors"), "\(names)")
        let (checked, report) = try rlrun(["status", run])
        #expect(checked == 0 && report.contains("latest.safetensors: step") && report.contains("loads"), "\(report)")

        // Room again: the run goes on from its checkpoint.
        #expect(shell("mount -o remount,size=4m \(directory)") == 0)
        let (resumed, more) = try rlrun(["dqn", "--resume", run, "--steps", "3000", "--save-every", "0.2"])
        #expect(resumed == 0, "\(more)")
    }

    /// A run folder that has become read-only (here a read-only bind mount of it, since root
    /// ignores file permissions; a chmod elsewhere) is refused before any training, in one
    /// line, and left as it was.
    @Test func aResumedRunWhoseFolderCannotBeWrittenIsRefusedBeforeTraining() throws {
        let run = temporaryRunDirectory("read-only")
        defer { shell("umount \(run)"); shell("chmod -R u+w \(run)"); try? FileManager.default.removeItem(atPath: run) }
        let (made, output) = try rlrun(["dqn", "cartpole", "--steps", "1500", "--run-dir", run, "--eval-every", "0"])
        try #require(made == 0, "\(output)")
        let progress = try String(contentsOfFile: run + "/progress.csv", encoding: .utf8)
        if getuid() == 0 {
            guard shell("mount --bind \(run) \(run) && mount -o remount,bind,ro \(run)") == 0 else {
                print("skipped: cannot make a read-only bind mount here")
                return
            }
        } else {
            try #require(shell("chmod a-w \(run)") == 0)
        }
        let (status, refused) = try rlrun(["dqn", "--resume", run, "--steps", "3000"])
        #expect(status != 0)
        let errors = errorLines(refused)
        #expect(errors.count == 1 && errors[0].contains("cannot write in the run folder") && errors[0].contains(run), "\(refused)")
        #expect(!refused.contains("step "), "training began: \(refused)")
        #expect(try String(contentsOfFile: run + "/progress.csv", encoding: .utf8) == progress)
    }

    /// --save-replay keeps latest.replay beside latest.safetensors and a resume restores it; a
    /// damaged one is named in a warning and the run goes on with an empty memory; agents
    /// without a replay memory refuse the option.
    @Test func theReplayMemoryIsSavedAndRestoredAndADamagedOneIsSetAside() throws {
        let run = temporaryRunDirectory("save-replay")
        defer { try? FileManager.default.removeItem(atPath: run) }
        let (made, output) = try rlrun(["dqn", "cartpole", "--steps", "1500", "--run-dir", run, "--eval-every", "0", "--save-replay",
                                        "--set", "learning_starts=500"])
        try #require(made == 0, "\(output)")
        let replay = run + "/latest.replay"
        #expect(FileManager.default.fileExists(atPath: replay))

        let (resumed, restoring) = try rlrun(["dqn", "--resume", run, "--steps", "2500", "--eval-every", "0"])
        #expect(resumed == 0 && restoring.contains("restored the replay memory of step 1500 from \(replay)"), "\(restoring)")

        // The memory of step 2500 was saved again (the resumed run keeps saving it); cut it short.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: replay))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: replay))
        let (goesOn, warned) = try rlrun(["dqn", "--resume", run, "--steps", "3000", "--eval-every", "0"])
        #expect(goesOn == 0, "\(warned)")
        let warnings = errorLines(warned)
        #expect(warnings.count == 1 && warnings[0].contains(replay) && warnings[0].contains("cut short")
                && warnings[0].contains("empty replay memory"), "\(warned)")

        let (refused, message) = try rlrun(["ppo", "cartpole", "--save-replay", "--run-dir", run + "-ppo"])
        #expect(refused != 0 && errorLines(message).first?.contains("--save-replay: only dqn keeps a replay memory") == true, "\(message)")
        #expect(!FileManager.default.fileExists(atPath: run + "-ppo"))
    }
}
