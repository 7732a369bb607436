// Run under mpirun by DistributedTests: each rank checks the collectives and data-parallel
// training against what it can compute alone, prints one line, and exits non-zero on any
// mismatch.
import Distributed
import NN
import Randomness
import Tensors
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

    // Data-parallel training: each rank starts from its own seed, takes rank 0's parameters,
    // and computes the gradient of its share of a batch every rank can draw. The mean of the
    // shares' gradients is the whole batch's gradient (the loss is a mean over the batch and the
    // shares are equal), which each rank also computes alone.
    var generator = SeededGenerator(seed: UInt64(100 + rank))
    let network = Sequential(
        Conv2D(inputChannels: 2, outputChannels: 4, kernelSize: 3, stride: 2, generator: &generator), ReLU(), Flatten(),
        Dense(inputSize: 4 * 4 * 4, outputSize: 3, generator: &generator))
    try world.broadcast(network.parameters)
    if !(try world.parametersAgree(network.parameters)) { failures.append("parameters differ after the broadcast") }

    var data = SeededGenerator(seed: 7)
    let batch = 8, share = batch / size
    let images = Tensor.uniform(shape: [batch, 2, 9, 9], low: -1, high: 1, generator: &data)
    let targets = Tensor.uniform(shape: [batch, 3], low: -1, high: 1, generator: &data)
    func gradients(_ range: Range<Int>) -> Gradients {
        let loss = meanSquaredError(predicted: network(images.slice(axis: 0, range)), target: targets.slice(axis: 0, range))
        return loss.gradients()
    }
    let whole = gradients(0..<batch)
    let averaged = try world.averaged(gradients(rank * share..<(rank + 1) * share), of: network.parameters)
    for (parameter, gradient) in zip(network.parameters, averaged) {
        let expected = whole[parameter]!.scalars
        let largest = zip(gradient.scalars, expected).map { abs($0 - $1) }.max() ?? 0
        let scale = expected.map(abs).max() ?? 0
        if largest > 1e-5 * Swift.max(scale, 1) { failures.append("averaged gradient off by \(largest) (scale \(scale))") }
    }

    // K updates with the averaged gradients leave every rank with the same bits.
    let optimizer = Adam(learningRate: 1e-2)
    for step in 0..<5 {
        let range = (rank * share + step) % batch..<((rank * share + step) % batch) + 1
        optimizer.update(network.parameters, with: try world.averaged(gradients(range), of: network.parameters))
    }
    if !(try world.parametersAgree(network.parameters)) { failures.append("parameters differ after 5 updates") }

    // The check can fail: one rank's parameters changed by one unit in the last place.
    if rank == size - 1 { network.parameters[0].update { $0[0] = $0[0].nextUp } }
    if try world.parametersAgree(network.parameters) { failures.append("a changed parameter went unnoticed") }

    try world.barrier()
    // Where the rank ran: its network namespace (the two-host test runs ranks in two).
    var link = [CChar](repeating: 0, count: 64)
    let length = readlink("/proc/self/ns/net", &link, link.count - 1)
    let namespace = length > 0 ? String(decoding: link.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown"
    print("rank \(rank) of \(size): \(failures.isEmpty ? "ok" : "failed: \(failures.joined(separator: ", "))") in \(namespace)")
    world.finalize()
    exit(failures.isEmpty ? 0 : 1)
} catch {
    print(error)
    exit(2)
}
