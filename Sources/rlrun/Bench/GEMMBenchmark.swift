import COpenBLAS
import Tensors

/// sgemm through the engine (`Tensor.matmul`, which allocates its result, on CKernels' packed
/// GEMM) next to the same product made straight to OpenBLAS, the peer, into a preallocated
/// buffer, in alternation.
enum GEMMBenchmark {
    static func run(sizes: [Int] = [256, 512, 1024]) -> [BenchmarkResult] {
        var generator = SeededGenerator(seed: 1)
        var results: [BenchmarkResult] = []
        for n in sizes {
            let a = Tensor.uniform(shape: [n, n], low: -1, high: 1, generator: &generator)
            let b = Tensor.uniform(shape: [n, n], low: -1, high: 1, generator: &generator)
            let flops = 2 * Double(n * n * n)
            var sink: Float = 0
            // The direct call's operands in buffers of its own, the result preallocated.
            let (directA, directB) = (UnsafeMutablePointer<Float>.allocate(capacity: n * n), UnsafeMutablePointer<Float>.allocate(capacity: n * n))
            let directC = UnsafeMutablePointer<Float>.allocate(capacity: n * n)
            defer { directA.deallocate(); directB.deallocate(); directC.deallocate() }
            directA.initialize(from: a.scalars, count: n * n)
            directB.initialize(from: b.scalars, count: n * n)
            let times = Stopwatch.medianSeconds([{
                let product = Tensor.matmul(a, b)
                sink += product.withUnsafeBufferPointer { $0[0] }
            }, {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n),
                            1, directA, Int32(n), directB, Int32(n), 0, directC, Int32(n))
            }])
            let (engine, direct) = (times[0], times[1])
            let engineRate = flops / engine / 1e9, directRate = flops / direct / 1e9
            results.append(BenchmarkResult(
                name: "sgemm_\(n)_engine", value: engineRate, unit: "GFLOP/s",
                reference: String(format: "%.0f%% of OpenBLAS's", 100 * engineRate / directRate)))
            results.append(BenchmarkResult(
                name: "sgemm_\(n)_openblas", value: directRate, unit: "GFLOP/s", reference: "cblas_sgemm, preallocated C"))
            if sink.isNaN { print("") }  // keeps the products from being optimized away
        }
        return results
    }
}
