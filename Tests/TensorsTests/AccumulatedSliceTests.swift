import Testing
@testable import Tensors
import TestSupport

/// Slices add their gradient into the sliced tensor's running sum in place (GradNode.Edge's
/// `accumulate`); the sums must be what whole-sized pullbacks would give.
@Suite struct AccumulatedSliceTests {
    @Test func everyTimeStepOfASequenceGetsItsGradient() {
        // An RNN's use: each step's slice of a projected sequence, weighted and summed, with
        // one position read twice and one not at all.
        checkGradients(of: { inputs in
            let x = inputs[0]
            var total = x.slice(axis: 1, 0..<1) * 2 + x.slice(axis: 1, 0..<1)
            for t in 1..<3 { total = total + x.slice(axis: 1, t..<t + 1) * Float(t + 1) }
            return total
        }, at: [randomInput([2, 4, 3], seed: 1)])
    }

    @Test func slicesMixWithWholeGradients() {
        // The sliced tensor also flows whole into another op: the running sum starts from that
        // op's tensor, which must not be changed in place where another node still holds it.
        checkGradients(of: { inputs in
            let x = inputs[0]
            let whole = x * x
            return whole.sum() + x.slice(axis: 0, 1..<2).sum() * 3 + (x.slice(axis: 1, 0..<2) * whole.slice(axis: 1, 1..<3)).sum()
        }, at: [randomInput([3, 3], seed: 2)])
    }

    @Test func accumulatedSumsEqualTheOnesMadeFromZeros() {
        let x = randomInput([2, 5, 4], seed: 3).requiringGradient()
        let pieces = (0..<5).map { x.slice(axis: 1, $0..<$0 + 1) * Float($0 + 1) }
        let gradient = Tensor.concat(pieces, axis: 1).sum().gradients()[x]!
        let expected = Tensor(shape: [2, 5, 4], scalars: (0..<40).map { Float(($0 / 4) % 5 + 1) })
        #expect(gradient.scalars == expected.scalars)
    }
}

@Suite struct TiledMaxPoolTests {
    /// The 2×2 kernel against the general one's rule, on data full of ties and with NaNs:
    /// the same maxima, and the gradient to the same winners.
    @Test(arguments: [[2, 3, 8, 8], [1, 2, 7, 9], [3, 1, 2, 2]])
    func matchesTheGeneralKernel(_ shape: [Int]) {
        var generator = SeededGenerator(seed: 4)
        var values = (0..<shape.reduce(1, *)).map { _ in Float(generator.nextInt(below: 3)) }
        values[1] = .nan
        values[values.count - 1] = .nan
        let x = Tensor(shape: shape, scalars: values).requiringGradient()
        let pooled = x.maxPool2d(kernelSize: 2)
        let weights = Tensor.normal(shape: pooled.shape, generator: &generator)
        let gradient = (pooled * weights).sum().gradients()[x]!
        // The reference: the general kernel's rule written out, winner by winner.
        var expected = [Float](repeating: 0, count: x.count), expectedMaxima: [Float] = []
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        for plane in 0..<planes {
            for oy in 0..<h / 2 {
                for ox in 0..<w / 2 {
                    // First of equal maxima in row-major order; NaN wins.
                    var best = plane * h * w + 2 * oy * w + 2 * ox
                    for (dy, dx) in [(0, 1), (1, 0), (1, 1)] {
                        let candidate = plane * h * w + (2 * oy + dy) * w + 2 * ox + dx
                        let (v, b) = (values[candidate], values[best])
                        if v > b || (v.isNaN && !b.isNaN) { best = candidate }
                    }
                    expected[best] += weights.scalars[(plane * (h / 2) + oy) * (w / 2) + ox]
                    expectedMaxima.append(values[best])
                }
            }
        }
        #expect(pooled.scalars.map(\.bitPattern) == expectedMaxima.map(\.bitPattern))
        #expect(gradient.scalars == expected)
    }
}

/// A product split into bands over the engine's threads (1 to 7, more than this machine has
/// cores) gives the bits of the product on one thread, for row and column bands, with and
/// without transposed operands, on both of the GEMM's paths (few rows against a transposed
/// operand take the dot-product path).
@Suite struct PartitionedProductTests {
    @Test(arguments: [(300, 40, 200, false, false), (300, 40, 200, true, false), (40, 300, 200, true, false),
                      (40, 513, 33, false, true), (70, 513, 33, true, true), (5, 3, 4, false, false),
                      (20, 700, 300, false, true), (1, 900, 3136, false, true)])
    func bandsGiveTheBitsOfOneThread(_ m: Int, _ n: Int, _ k: Int, _ transposeA: Bool, _ transposeB: Bool) {
        let a = randomInput(transposeA ? [k, m] : [m, k], seed: 5), b = randomInput(transposeB ? [n, k] : [k, n], seed: 6)
        func product(threads: Int) -> [Float] {
            let saved = engineThreadCount
            engineThreadCount = threads
            defer { engineThreadCount = saved }
            return Tensor.matmul(a, b, transposeA: transposeA, transposeB: transposeB).scalars
        }
        let one = product(threads: 1)
        for threads in [2, 3, 7] { #expect(product(threads: threads) == one, "\(threads) threads") }
    }
}
