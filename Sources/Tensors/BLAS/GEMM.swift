import COpenBLAS

/// C = α·op(A)·op(B) + β·C on row-major matrices, through OpenBLAS's cblas_sgemm.
/// op(A) is M×K, op(B) is K×N, C is M×N; `lda`, `ldb`, `ldc` are the row strides of A, B, C as
/// stored (so A stored K×M when transposed).
@inline(__always)
func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
           alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
           b: UnsafePointer<Float>, ldb: Int,
           beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
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
