import COpenBLAS
import Dispatch

/// C = α·op(A)·op(B) + β·C on row-major matrices, through OpenBLAS's cblas_sgemm.
/// op(A) is M×K, op(B) is K×N, C is M×N; `lda`, `ldb`, `ldc` are the row strides of A, B, C as
/// stored (so A stored K×M when transposed).
@inline(__always)
func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
           alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
           b: UnsafePointer<Float>, ldb: Int,
           beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    // Only with OpenBLAS on one thread: two pools of threads on the same cores is what
    // partitioning is there to avoid.
    if OpenBLAS.enginePartitionsProducts && m * n * k >= partitionedProductThreshold && parallelCoreCount > 1
        && OpenBLAS.threadCount == 1 {
        partitionedSgemm(parts: parallelCoreCount, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                         a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        return
    }
    blasSgemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

/// `sgemm` as `parts` products on the engine's worker threads, each for a band of C's rows
/// (or columns, when C is wide): the matching rows of op(A) (columns of op(B)) and the whole
/// of the other operand, so every element is the same sum over K as in one call.
func partitionedSgemm(parts: Int, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                      a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                      beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    let splitRows = m >= n
    let size = splitRows ? m : n
    let (pa, pb, pc) = (UncheckedSendable(a), UncheckedSendable(b), UncheckedSendable(c))
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        let start = size * part / parts, end = size * (part + 1) / parts
        guard end > start else { return }
        if splitRows {
            let aStart = transposeA ? pa.value + start : pa.value + start * lda
            blasSgemm(transposeA, transposeB, end - start, n, k, alpha, aStart, lda, pb.value, ldb, beta, pc.value + start * ldc, ldc)
        } else {
            let bStart = transposeB ? pb.value + start * ldb : pb.value + start
            blasSgemm(transposeA, transposeB, m, end - start, k, alpha, pa.value, lda, bStart, ldb, beta, pc.value + start, ldc)
        }
    }
}

/// Below this many multiply-adds a product is not worth splitting across threads.
let partitionedProductThreshold = 1 << 20

@inline(__always)
private func blasSgemm(_ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                       _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
                       _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    cblas_sgemm(CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// y = α·op(A)·x + β·y through cblas_sgemv, A row-major M×N stored with row stride `lda`:
/// a matrix product with a single row or column, where sgemm's packing would cost more than
/// the arithmetic (acting on one observation).
@inline(__always)
func sgemv(transposeA: Bool, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
           x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>) {
    cblas_sgemv(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, Int32(m), Int32(n),
                alpha, a, Int32(lda), x, 1, beta, y, 1)
}
