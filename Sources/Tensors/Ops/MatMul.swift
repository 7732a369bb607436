// Matrix products on the engine's GEMM (BLAS/GEMM.swift).

extension Tensor {
    /// op(a)·op(b) over the last two axes, where op transposes when asked.
    ///
    /// a is [..., M, K] (or [..., K, M] with transposeA), b is [..., K, N] (or [..., N, K]).
    /// Leading (batch) axes must match, or one operand may be a plain matrix shared by every
    /// batch element. The result is [..., M, N].
    public static func matmul(_ a: Tensor, _ b: Tensor,
                              transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.rank >= 2 && b.rank >= 2, "matmul needs matrices, got shapes \(a.shape) and \(b.shape)")
        let m = transposeA ? a.shape[a.rank - 1] : a.shape[a.rank - 2]
        let k = transposeA ? a.shape[a.rank - 2] : a.shape[a.rank - 1]
        let kb = transposeB ? b.shape[b.rank - 1] : b.shape[b.rank - 2]
        let n = transposeB ? b.shape[b.rank - 2] : b.shape[b.rank - 1]
        precondition(k == kb, "matmul inner sizes differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        precondition(batchA == batchB || batchA.isEmpty || batchB.isEmpty,
                     "matmul batch axes differ: \(a.shape) and \(b.shape)")
        let batchShape = batchA.isEmpty ? batchB : batchA
        let batch = Tensor.elementCount(batchShape)
        // An empty inner axis makes a sum of nothing: zeros.
        var result = k == 0 ? Tensor(zeros: batchShape + [m, n]) : Tensor(uninitializedShape: batchShape + [m, n])
        if result.count > 0 && k > 0 { a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                result.withUnsafeMutableBufferPointer { cp in
                    let lda = transposeA ? m : k, ldb = transposeB ? k : n
                    if batchB.isEmpty && !transposeA {
                        // Every batch element times one matrix: a single [batch·M, K] product.
                        sgemm(transposeA: false, transposeB: transposeB, m: batch * m, n: n, k: k,
                              a: ap.baseAddress!, lda: lda, b: bp.baseAddress!, ldb: ldb,
                              c: cp.baseAddress!, ldc: n)
                        return
                    }
                    let strideA = batchA.isEmpty ? 0 : m * k, strideB = batchB.isEmpty ? 0 : k * n
                    for i in 0..<batch {
                        sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                              a: ap.baseAddress! + i * strideA, lda: lda,
                              b: bp.baseAddress! + i * strideB, ldb: ldb,
                              c: cp.baseAddress! + i * m * n, ldc: n)
                    }
                }
            }
        } }
        // With C = op(A)·op(B) and upstream G:  d op(A) = G·op(B)ᵀ,  d op(B) = op(A)ᵀ·G.
        return recording(result, [
            (a, { g in
                let grad = transposeA
                    ? matmul(b.detached(), g, transposeA: transposeB, transposeB: true)
                    : matmul(g, b.detached(), transposeB: !transposeB)
                return grad.sum(toShape: a.shape)
            }),
            (b, { g in
                if batchB.isEmpty && !batchA.isEmpty && !transposeA && !transposeB {
                    // Sum over the batch inside one product: [batch·M, K]ᵀ · [batch·M, N].
                    let a2 = a.detached().reshaped([batch * m, k]), g2 = g.reshaped([batch * m, n])
                    return matmul(a2, g2, transposeA: true)
                }
                let grad = transposeB
                    ? matmul(g, a.detached(), transposeA: true, transposeB: transposeA)
                    : matmul(a.detached(), g, transposeA: !transposeA)
                return grad.sum(toShape: b.shape)
            }),
        ])
    }

    /// self·other: `Tensor.matmul(self, other)`.
    public func matmul(_ other: Tensor) -> Tensor { Tensor.matmul(self, other) }
}
