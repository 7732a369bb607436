import ArgumentParser
import CKernels
import Distributed
import Tensors

/// `rlrun bench`: the engine's benchmarks as a table, or as JSON keyed by name.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the engine (sgemm, the Nature DQN training step and acting latency, each layer alone), the environments and whole agents learning Pong; under mpirun, the allreduce of a gradient.")

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

    static let instructionSets: [String: ck_isa] = ["avx512": CK_ISA_AVX512, "avx2": CK_ISA_AVX2, "portable": CK_ISA_PORTABLE]

    @Flag(help: "Print one JSON object keyed by benchmark name instead of a table.")
    var json = false

    @Option(help: "Threads the engine's kernels split their work over (default: one per core). OpenBLAS, the peer, gets as many.")
    var threads: Int?

    @Option(help: "Instruction set of the engine's kernels: avx512, avx2 or portable (default: the best this CPU has), to measure a slower machine's path.")
    var isa: String?

    @Option(name: .customLong("only"), help: "Run only these groups: sgemm, dqn, layers, fashion, envs, atari, agents (repeatable); allreduce, alone and under mpirun (mpirun -np 2 rlrun bench --only allreduce).")
    var onlyGroups: [String] = []

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if let isa {
            guard let chosen = Self.instructionSets[isa] else {
                throw ValidationError("--isa \(isa): no such instruction set; choose avx512, avx2 or portable")
            }
            guard chosen.rawValue <= ck_isa_detected().rawValue else {
                throw ValidationError("--isa \(isa): this CPU does not have it; it has \(String(cString: ck_isa_name(ck_isa_detected())))")
            }
        }
        let known = Self.groups.map(\.name) + ["allreduce"]
        if let unknown = onlyGroups.first(where: { !known.contains($0) }) {
            throw ValidationError("--only \(unknown): no such benchmark group; known groups: \(known.joined(separator: ", "))")
        }
        if Communicator.launchedByMPI && onlyGroups != ["allreduce"] {
            throw ValidationError("under mpirun, rlrun bench measures the allreduce alone: mpirun -np K rlrun bench --only allreduce")
        }
        if !Communicator.launchedByMPI && onlyGroups.contains("allreduce") {
            throw ValidationError("--only allreduce measures MPI: run it as mpirun -np 2 rlrun bench --only allreduce, alone")
        }
    }

    func run() throws {
        if Communicator.launchedByMPI {
            let (results, printing) = try AllreduceBenchmark.run()
            if printing { print(json ? BenchmarkReport.json(results) : BenchmarkReport.table(results)) }
            return
        }
        if let threads { (engineThreadCount, OpenBLAS.threadCount) = (threads, threads) }
        if let isa, let chosen = Self.instructionSets[isa] { _ = ck_set_isa(chosen) }
        let peak = BenchmarkResult(
            name: "peak_\(engineThreadCount)_threads", value: MachinePeak.measured, unit: "GFLOP/s",
            reference: "GEMM microkernel loop in L1 on every thread; one thread: \(String(format: "%.0f", MachinePeak.gigaflops(cores: 1)))")
        let selected = Self.groups.filter { onlyGroups.isEmpty || onlyGroups.contains($0.name) }
        let results = [peak] + selected.flatMap { $0.run() }
        if json {
            print(BenchmarkReport.json(results))
        } else {
            print("CPU: \(MachinePeak.cpuModel), \(parallelCoreCount) cores")
            print("Engine kernels: \(MachinePeak.kernelDescription), \(engineThreadCount) threads")
            print("OpenBLAS (the peer in sgemm_*_openblas): \(OpenBLAS.coreName) kernels, \(OpenBLAS.threadCount) threads")
            print(String(format: "Peak: %.0f GFLOP/s", peak.value))
            print(BenchmarkReport.table(results))
        }
    }
}
