// Run under mpirun by DistributedTests: each rank checks the collectives against values it can
// compute alone, prints one line, and exits non-zero on any mismatch.
import Distributed
#if canImport(Glibc)
import Glibc
#endif

do {
    let world = try Communicator()
    let (rank, size) = (world.rank, world.size)
    var failures: [String] = []

    // Sum: rank r contributes r + 1 + i at index i; small integers, so the sums are exact.
    var values = (0..<1000).map { Float(rank + 1 + $0) }
    try world.sum(&values)
    let total = size * (size + 1) / 2
    if values != (0..<1000).map({ Float(total + size * $0) }) { failures.append("sum") }

    // Average of r: (size − 1) / 2.
    var mean = [Float(rank), Float(2 * rank)]
    try world.average(&mean)
    if mean != [Float(size - 1) / 2, Float(size - 1)] { failures.append("average \(mean)") }

    // Broadcast from the last rank.
    var broadcast = rank == size - 1 ? [1.5, -2, 3] : [Float](repeating: 0, count: 3)
    try world.broadcast(&broadcast, from: size - 1)
    if broadcast != [1.5, -2, 3] { failures.append("broadcast \(broadcast)") }

    try world.barrier()
    print("rank \(rank) of \(size): \(failures.isEmpty ? "ok" : "failed: \(failures.joined(separator: ", "))")")
    world.finalize()
    exit(failures.isEmpty ? 0 : 1)
} catch {
    print(error)
    exit(2)
}
