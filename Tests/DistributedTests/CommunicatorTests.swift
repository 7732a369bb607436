import Distributed
import Foundation
import Testing

/// The Communicator on real Open MPI jobs of 2 and 4 ranks on this machine (`rlrun-mpi-check`
/// under mpirun, which checks on every rank): sums, means and broadcasts; the averaged gradient
/// of each rank's share of a batch against the whole batch's gradient; bit-identical parameters
/// after updates, and a checksum that notices one changed bit. And MPI starts only under mpirun.
@Suite struct CommunicatorTests {
    @Test func withoutMPIRunMPIIsNotStarted() {
        #expect(!Communicator.launchedByMPI)
        #expect(throws: MPIError.self) { _ = try Communicator() }
    }

    @Test(arguments: [2, 4])
    func collectivesAgreeOnEveryRank(ranks: Int) throws {
        let result = try runUnderMPIRun(ranks: ranks, program: "rlrun-mpi-check", timeoutSeconds: 60)
        #expect(result.status == 0, "mpirun exited \(result.status): \(result.output)")
        let lines = result.output.split(separator: "\n").filter { $0.hasPrefix("rank ") }
        #expect(Set(lines) == Set((0..<ranks).map { "rank \($0) of \(ranks): ok" }), "\(result.output)")
    }

    /// `mpirun -np 2 rlrun bench --only allreduce --json`: one report, from rank 0 alone, with
    /// the allreduce's time.
    @Test func allreduceBenchmarkReportsFromRankZero() throws {
        let result = try runUnderMPIRun(ranks: 2, program: "rlrun", arguments: ["bench", "--only", "allreduce", "--json"],
                                        timeoutSeconds: 120)
        #expect(result.status == 0, "\(result.output)")
        // The report is pretty-printed JSON: each one opens with a line of its own.
        #expect(result.output.split(separator: "\n").filter { $0 == "{" }.count == 1, "\(result.output)")
        guard let open = result.output.firstIndex(of: "{"), let close = result.output.lastIndex(of: "}") else {
            Issue.record("no JSON report in: \(result.output)")
            return
        }
        let report = try JSONSerialization.jsonObject(with: Data(result.output[open...close].utf8)) as? [String: [String: Any]]
        let milliseconds = report?["allreduce_nature_cnn_2_ranks"]?["value"] as? Double
        #expect((milliseconds ?? 0) > 0, "\(result.output)")
    }
}

/// Runs `mpirun -np ranks` of one of this package's executables (built beside the tests), with
/// the settings a test machine needs: more ranks than cores, root allowed (CI runs as root),
/// and a bound on its time. Returns the exit status and everything it printed.
func runUnderMPIRun(ranks: Int, program: String, arguments: [String] = [],
                    timeoutSeconds: Double) throws -> (status: Int32, output: String) {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let executable = directory.appendingPathComponent(program).path
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        throw MPITestError(description: "\(executable) was not built; run the tests with swift test")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    // timeout(1) bounds the job even when a rank hangs inside a collective.
    process.arguments = ["timeout", "-k", "5", "\(Int(timeoutSeconds))",
                         "mpirun", "--oversubscribe", "--bind-to", "none", "-np", "\(ranks)", executable] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
    environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
    // Containers often forbid the cross-process memory reads (CMA) Open MPI's shared-memory
    // transport uses for large messages; plain copies work everywhere.
    environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus == 124 {
        throw MPITestError(description: "mpirun -np \(ranks) \(program) ran past \(Int(timeoutSeconds)) s")
    }
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

struct MPITestError: Error, CustomStringConvertible {
    let description: String
}
