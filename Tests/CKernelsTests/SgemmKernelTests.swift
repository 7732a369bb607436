import CKernels
import Randomness
import Testing

/// Every GEMM variant this CPU can run, against the naive reference: edge sizes around the
/// register tiles and the cache blocks, both transpositions, alpha and beta, and the fused
/// bias and ReLU.
@Suite struct SgemmKernelTests {
    /// The instruction sets whose variants run here (the portable one always does).
    static let runnable: [ck_isa] = [CK_ISA_PORTABLE, CK_ISA_AVX2, CK_ISA_AVX512].filter {
        $0.rawValue <= ck_isa_detected().rawValue
    }

    @Test(arguments: runnable)
    func oddShapesMatchTheReference(isa: ck_isa) {
        let sizes = [1, 3, 7, 33, 65, 129]
        var generator = SeededGenerator(seed: 15)
        for m in sizes { for n in sizes { for k in [1, 7, 129] {
            for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
                let problem = SgemmProblem(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                                           alpha: 1, beta: 0, generator: &generator)
                problem.expectMatch(isa: isa)
            }
        } } }
    }

    @Test(arguments: runnable)
    func alphaBetaBiasAndReLU(isa: ck_isa) {
        var generator = SeededGenerator(seed: 16)
        for (alpha, beta) in [(Float(1), Float(1)), (0.5, 0), (-2, 0.25), (1, -1)] {
            for bias in [SgemmProblem.Bias.none, .perRow, .perColumn] { for relu in [false, true] {
                let problem = SgemmProblem(m: 37, n: 53, k: 300, transposeA: false, transposeB: true,
                                           alpha: alpha, beta: beta, bias: bias, relu: relu, generator: &generator)
                problem.expectMatch(isa: isa)
            } }
        }
    }

    /// Depths past a cache block (kc = 256) and widths past the packed-B block (nc = 3072),
    /// with row strides wider than the matrices.
    @Test(arguments: runnable)
    func blockEdgesAndStrides(isa: ck_isa) {
        var generator = SeededGenerator(seed: 17)
        for (m, n, k) in [(9, 3100, 5), (130, 49, 513), (17, 97, 256), (16, 48, 257)] {
            let problem = SgemmProblem(m: m, n: n, k: k, transposeA: false, transposeB: false,
                                       alpha: 1, beta: 1, padding: 3, generator: &generator)
            problem.expectMatch(isa: isa)
        }
    }

    /// Random shapes, transpositions and epilogues, from a fixed seed.
    @Test(arguments: runnable)
    func randomSweep(isa: ck_isa) {
        var generator = SeededGenerator(seed: 18)
        for _ in 0..<60 {
            let m = 1 + generator.nextInt(below: 150), n = 1 + generator.nextInt(below: 200)
            let k = 1 + generator.nextInt(below: 400)
            let bias = [SgemmProblem.Bias.none, .perRow, .perColumn][generator.nextInt(below: 3)]
            let problem = SgemmProblem(m: m, n: n, k: k, transposeA: generator.nextInt(below: 2) == 1,
                                       transposeB: generator.nextInt(below: 2) == 1, alpha: 1,
                                       beta: Float(generator.nextInt(below: 2)), bias: bias,
                                       relu: generator.nextInt(below: 2) == 1,
                                       padding: generator.nextInt(below: 3), generator: &generator)
            problem.expectMatch(isa: isa)
        }
    }

    /// A product split into bands of whole tiles, as the engine splits it over its threads,
    /// gives the same bits as one call.
    @Test(arguments: runnable)
    func bandsGiveTheSameBits(isa: ck_isa) {
        var generator = SeededGenerator(seed: 19)
        var mr = 0, nr = 0
        ck_sgemm_tile(isa, &mr, &nr)
        let problem = SgemmProblem(m: 3 * mr + 1, n: 5 * nr + 3, k: 700, transposeA: true, transposeB: false,
                                   alpha: 1, beta: 0, bias: .perRow, relu: true, generator: &generator)
        let whole = problem.run(isa: isa)
        var banded = problem.c
        let split = 2 * nr
        problem.a.withUnsafeBufferPointer { a in problem.b.withUnsafeBufferPointer { b in
            problem.biasValues.withUnsafeBufferPointer { bias in banded.withUnsafeMutableBufferPointer { c in
                for (start, end) in [(0, split), (split, problem.n)] {
                    ck_sgemm(isa, 1, 0, problem.m, end - start, problem.k, 1, a.baseAddress!, problem.lda,
                             b.baseAddress! + start, problem.ldb, 0, c.baseAddress! + start, problem.ldc,
                             bias.baseAddress!, 1, 1)
                }
            } }
        } }
        let same = banded == whole
        #expect(same)
    }

    /// Bands of rows or columns on the dot-product path (few rows against a transposed B) give
    /// the bits of one call on that path.
    @Test(arguments: runnable)
    func dotProductBandsGiveTheSameBits(isa: ck_isa) {
        var generator = SeededGenerator(seed: 21)
        let problem = SgemmProblem(m: 23, n: 37, k: 300, transposeA: false, transposeB: true,
                                   alpha: 1, beta: 1, bias: .perColumn, relu: false, generator: &generator)
        #expect(ck_sgemm_plan(isa, 0, 1, problem.m, problem.n, problem.k) == CK_SGEMM_DOT)
        let whole = problem.run(isa: isa)
        var banded = problem.c
        problem.a.withUnsafeBufferPointer { a in problem.b.withUnsafeBufferPointer { b in
            problem.biasValues.withUnsafeBufferPointer { bias in banded.withUnsafeMutableBufferPointer { c in
                for (start, end) in [(0, 10), (10, problem.m)] {
                    ck_sgemm_run(isa, CK_SGEMM_DOT, 0, 1, end - start, problem.n, problem.k, 1,
                                 a.baseAddress! + start * problem.lda, problem.lda, b.baseAddress!, problem.ldb, 1,
                                 c.baseAddress! + start * problem.ldc, problem.ldc, bias.baseAddress!, 0, 0)
                }
            } }
        } }
        let same = banded == whole
        #expect(same)
    }

    /// B packed beforehand over its whole depth (as convolutions write it) gives the same bits
    /// as B packed block by block, and as B read in place; a band of columns starting at a
    /// panel boundary reads its panels from the documented offset.
    @Test(arguments: runnable)
    func prepackedBGivesTheSameBits(isa: ck_isa) {
        var generator = SeededGenerator(seed: 20)
        var mr = 0, nr = 0
        ck_sgemm_tile(isa, &mr, &nr)
        for (m, transposeB) in [(20, false), (200, false), (20, true)] {
            let problem = SgemmProblem(m: m, n: 3 * nr + 5, k: 600, transposeA: false, transposeB: transposeB,
                                       alpha: 0.5, beta: 1, bias: .perColumn, relu: true, generator: &generator)
            let expected = problem.run(isa: isa, path: CK_SGEMM_PACKED)
            var packed = [Float](repeating: .nan, count: ck_sgemm_packed_b_size(isa, problem.k, problem.n))
            var result = problem.c
            problem.a.withUnsafeBufferPointer { a in problem.b.withUnsafeBufferPointer { b in
                problem.biasValues.withUnsafeBufferPointer { bias in packed.withUnsafeMutableBufferPointer { packed in
                    result.withUnsafeMutableBufferPointer { c in
                        ck_sgemm_pack_b(isa, transposeB ? 1 : 0, problem.k, problem.n, b.baseAddress!, problem.ldb,
                                        packed.baseAddress!)
                        for (start, end) in [(0, nr), (nr, problem.n)] {
                            ck_sgemm_packed_b(isa, 0, problem.m, end - start, problem.k, 0.5, a.baseAddress!, problem.lda,
                                              packed.baseAddress! + start / nr * problem.k * nr, 1,
                                              c.baseAddress! + start, problem.ldc, bias.baseAddress! + start, 0, 1)
                        }
                    }
                } }
            } }
            let same = result == expected
            #expect(same, "m \(m), B transposed \(transposeB)")
        }
    }

    @Test func theDetectedSetIsActiveAndNamed() {
        #expect(ck_isa_active() == ck_isa_detected())
        #expect(["portable", "avx2", "avx512"].contains(String(cString: ck_isa_name(ck_isa_detected()))))
        #expect(ck_set_isa(ck_isa(rawValue: ck_isa_detected().rawValue + 1)) == 0)
    }
}

/// One product's operands, stored with optional extra columns (`padding`) in each row.
struct SgemmProblem {
    enum Bias { case none, perRow, perColumn }

    let m, n, k: Int
    let transposeA, transposeB: Bool
    let alpha, beta: Float
    let bias: Bias
    let relu: Bool
    let lda, ldb, ldc: Int
    let a, b, c, biasValues: [Float]

    init(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, alpha: Float, beta: Float,
         bias: Bias = .none, relu: Bool = false, padding: Int = 0, generator: inout SeededGenerator) {
        (self.m, self.n, self.k, self.transposeA, self.transposeB) = (m, n, k, transposeA, transposeB)
        (self.alpha, self.beta, self.bias, self.relu) = (alpha, beta, bias, relu)
        lda = (transposeA ? m : k) + padding
        ldb = (transposeB ? k : n) + padding
        ldc = n + padding
        func values(_ count: Int) -> [Float] { (0..<count).map { _ in generator.nextUniform() * 2 - 1 } }
        a = values((transposeA ? k : m) * lda)
        b = values((transposeB ? n : k) * ldb)
        c = values(m * ldc)
        biasValues = values(Swift.max(m, n))
    }

    /// C after the product with `isa`'s kernel (on the path given, or the one it plans), or
    /// with the reference when isa is nil.
    func run(isa: ck_isa?, path: ck_sgemm_path? = nil) -> [Float] {
        var result = c
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
            biasValues.withUnsafeBufferPointer { biasValues in result.withUnsafeMutableBufferPointer { c in
                let biasPointer = bias == .none ? nil : biasValues.baseAddress
                let perRow: Int32 = bias == .perRow ? 1 : 0
                let (ta, tb, r): (Int32, Int32, Int32) = (transposeA ? 1 : 0, transposeB ? 1 : 0, relu ? 1 : 0)
                if let isa {
                    ck_sgemm_run(isa, path ?? ck_sgemm_plan(isa, ta, tb, m, n, k), ta, tb, m, n, k, alpha,
                                 a.baseAddress!, lda, b.baseAddress!, ldb, beta, c.baseAddress!, ldc, biasPointer, perRow, r)
                } else {
                    ck_sgemm_reference(ta, tb, m, n, k, alpha, a.baseAddress!, lda, b.baseAddress!, ldb, beta,
                                       c.baseAddress!, ldc, biasPointer, perRow, r)
                }
            } }
        } }
        return result
    }

    /// The kernel's C equals the reference's within float rounding of a k-term sum (the kernels
    /// fuse multiply-adds and block the sum), and C's padding columns are untouched.
    func expectMatch(isa: ck_isa, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = run(isa: isa), reference = run(isa: nil)
        let tolerance = Float(k + 2) * 4e-7 * 4  // |a|, |b| ≤ 1, so a sum's error grows with k
        var worst: Float = 0
        for i in 0..<m {
            for j in 0..<ldc {
                let index = i * ldc + j
                if j >= n {
                    #expect(fast[index] == c[index], "padding column \(j) written", sourceLocation: sourceLocation)
                    continue
                }
                worst = Swift.max(worst, abs(fast[index] - reference[index]))
            }
        }
        #expect(worst <= tolerance,
                "\(String(cString: ck_isa_name(isa))) \(m)×\(n)×\(k) tA \(transposeA) tB \(transposeB) α \(alpha) β \(beta) \(bias) relu \(relu): off by \(worst)",
                sourceLocation: sourceLocation)
    }
}
