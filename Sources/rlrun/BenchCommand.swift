import ArgumentParser
import Tensors

/// `rlrun bench`: the engine's benchmarks as a table, or as JSON keyed by name.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the engine (sgemm, the Nature DQN training step and acting latency, each layer alone), the environments and whole agents learning Pong.")

    /// Benchmark groups in the order they run.
    static let groups: [(name: String, run: @Sendable () -> [BenchmarkResult])] = [
        ("sgemm", { GEMMBenchmark.run() }),
        ("dqn", { DQNBenchmark.run() }),
        ("layers", { LayerBenchmark.run() }),
        ("fashion", { FashionCNNBenchmark.run() }),
        ("envs", { EnvironmentBenchmark.run() }),
        ("atari", { AtariBenchmark.run() }),
        ("agents", { AgentBenchmark.run() }),
    ]

    @Flag(help: "Print one JSON object keyed by benchmark name instead of a table.")
    var json = false

    @Option(help: "OpenBLAS threads (default: one per core). The engine's own kernels use every core.")
    var threads: Int?

    @Option(name: .customLong("only"), help: "Run only these groups: sgemm, dqn, layers, fashion, envs, atari, agents (repeatable).")
    var onlyGroups: [String] = []

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        let known = Self.groups.map(\.name)
        if let unknown = onlyGroups.first(where: { !known.contains($0) }) {
            throw ValidationError("--only \(unknown): no such benchmark group; known groups: \(known.joined(separator: ", "))")
        }
    }

    func run() throws {
        if let threads { OpenBLAS.threadCount = threads }
        let selected = Self.groups.filter { onlyGroups.isEmpty || onlyGroups.contains($0.name) }
        let results = selected.flatMap { $0.run() }
        if json {
            print(BenchmarkReport.json(results))
        } else {
            print("OpenBLAS kernels: \(OpenBLAS.coreName), threads: \(OpenBLAS.threadCount)")
            print(BenchmarkReport.table(results))
        }
    }
}
