import Dispatch
import Distributed
import NN
import Randomness

/// `mpirun -np K rlrun bench --only allreduce`: the time one allreduce (the mean over all ranks)
/// of the Nature CNN's gradient takes, the collective every data-parallel update waits for.
/// Every rank runs the same fixed number of rounds (a collective needs them all); rank 0's
/// median is reported, and only rank 0 prints.
enum AllreduceBenchmark {
    static let rounds = 40

    /// The results, and whether this process is the rank that prints them.
    static func run() throws -> (results: [BenchmarkResult], printing: Bool) {
        let world = try Communicator()
        defer { world.finalize() }
        var generator = SeededGenerator(seed: 1)
        let count = natureCNN(outputs: 6, generator: &generator).parameters.reduce(0) { $0 + $1.count }
        var gradient = [Float](repeating: Float(world.rank), count: count)
        for _ in 0..<3 { try world.average(&gradient) }
        var samples: [Double] = []
        for _ in 0..<rounds {
            try world.barrier()
            let start = DispatchTime.now().uptimeNanoseconds
            try world.average(&gradient)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let median = samples.sorted()[samples.count / 2]
        let bytes = Double(count * 4)
        return ([
            BenchmarkResult(name: "allreduce_nature_cnn_\(world.size)_ranks", value: median * 1e3, unit: "ms",
                            reference: "mean of \(count) floats (\(String(format: "%.1f", bytes / 1e6)) MB) over \(world.size) ranks, median of \(rounds)"),
            BenchmarkResult(name: "allreduce_nature_cnn_\(world.size)_ranks_rate", value: bytes / median / 1e9, unit: "GB/s",
                            reference: "gradient bytes a second"),
        ], world.rank == 0)
    }
}
