import ArgumentParser
import Tensors

/// `rlrun bench`: the engine's benchmarks as a table, or as JSON keyed by name.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the engine: sgemm, the Nature DQN training step, acting latency.")

    @Flag(help: "Print one JSON object keyed by benchmark name instead of a table.")
    var json = false

    @Option(help: "OpenBLAS threads (default: one per core).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        if let threads { OpenBLAS.threadCount = threads }
        let results = GEMMBenchmark.run() + DQNBenchmark.run()
        if json {
            print(BenchmarkReport.json(results))
        } else {
            print("OpenBLAS kernels: \(OpenBLAS.coreName), threads: \(OpenBLAS.threadCount)")
            print(BenchmarkReport.table(results))
        }
    }
}
