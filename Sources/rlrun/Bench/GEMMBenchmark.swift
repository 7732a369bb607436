import COpenBLAS
import Foundation
import Tensors

/// sgemm through the engine (`Tensor.matmul`, which allocates its result, on CKernels' packed
/// GEMM) next to the same product made straight to OpenBLAS, the peer, into a preallocated
/// buffer. The two alternate in blocks with a pause between them, not call by call: after each
/// call OpenBLAS's idle threads spin for a while (sched_yield), and took a core from the
/// engine's next call when the calls alternated.
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
            var engine: [Double] = [], direct: [Double] = []
            for _ in 0..<3 {
                engine.append(Stopwatch.medianSeconds(minimumSeconds: 0.5) {
                    let product = Tensor.matmul(a, b)
                    sink += product.withUnsafeBufferPointer { $0[0] }
                })
                Thread.sleep(forTimeInterval: 0.3)
                direct.append(Stopwatch.medianSeconds(minimumSeconds: 0.5) {
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n),
                                1, directA, Int32(n), directB, Int32(n), 0, directC, Int32(n))
                })
                Thread.sleep(forTimeInterval: 0.3)  // OpenBLAS's threads stop spinning
            }
            let engineRate = flops / engine.sorted()[1] / 1e9, directRate = flops / direct.sorted()[1] / 1e9
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
