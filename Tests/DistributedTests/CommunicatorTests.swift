import TestSupport
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
        #expect(rankReports(result.output).keys.sorted() == Array(0..<ranks), "\(result.output)")
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

/// The check program's report lines "rank r of n: ok in net:[inode]": each rank that passed,
/// with the network namespace it ran in.
func rankReports(_ output: String) -> [Int: String] {
    var reports: [Int: String] = [:]
    for line in output.split(separator: "\n") where line.hasPrefix("rank ") && line.contains(": ok in ") {
        guard let rank = Int(line.dropFirst("rank ".count).prefix { $0 != " " }),
              let namespace = line.components(separatedBy: ": ok in ").last else { continue }
        reports[rank] = namespace
    }
    return reports
}
