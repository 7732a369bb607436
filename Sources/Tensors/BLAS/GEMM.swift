import CKernels

/// What a matrix product does to C once its sums are complete: add a bias per row or per
/// column, then clamp at zero. Fused into the product, it costs no extra pass over C.
struct ProductEpilogue {
    var bias: UnsafePointer<Float>? = nil
    var biasPerRow = false
    var relu = false

    static var none: ProductEpilogue { ProductEpilogue() }
}

/// C = α·op(A)·op(B) + β·C on row-major matrices, then the epilogue, on the engine's own kernels
/// (CKernels' packed GEMM). op(A) is M×K, op(B) is K×N, C is M×N; `lda`, `ldb`, `ldc` are the
/// row strides of A, B, C as stored (so A stored K×M when transposed).
///
/// Large products are split into one band of C per core, bands of whole register tiles, and
/// run on the engine's thread pool: each element is summed in the same order whatever the
/// split, so results do not depend on the thread count.
@inline(__always)
func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
           alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
           b: UnsafePointer<Float>, ldb: Int,
           beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
           epilogue: ProductEpilogue = .none) {
    let isa = ck_isa_active()
    // One plan for the whole product: every band computes its elements the same way.
    let path = ck_sgemm_plan(isa, transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k)
    let parts = m * n * k >= partitionedProductThreshold ? engineThreadCount : 1
    if parts <= 1 {
        engineSgemm(isa, path, transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, epilogue)
        return
    }
    var mr = 0, nr = 0
    ck_sgemm_tile(isa, &mr, &nr)
    // Split the longer side of C, in whole tiles, so that no band repeats a partial tile.
    let splitColumns = (n + nr - 1) / nr >= (m + mr - 1) / mr
    let (size, unit) = splitColumns ? (n, nr) : (m, mr)
    let tiles = (size + unit - 1) / unit
    let bands = Swift.min(parts, tiles)
    ThreadPool.shared.run(parts: bands, threads: parts) { band in
        let start = tiles * band / bands * unit, end = Swift.min(size, tiles * (band + 1) / bands * unit)
        guard end > start else { return }
        var part = epilogue
        if splitColumns {
            let bStart = transposeB ? b + start * ldb : b + start
            if !epilogue.biasPerRow { part.bias = epilogue.bias.map { $0 + start } }
            engineSgemm(isa, path, transposeA, transposeB, m, end - start, k, alpha, a, lda, bStart, ldb,
                        beta, c + start, ldc, part)
        } else {
            let aStart = transposeA ? a + start : a + start * lda
            if epilogue.biasPerRow { part.bias = epilogue.bias.map { $0 + start } }
            engineSgemm(isa, path, transposeA, transposeB, end - start, n, k, alpha, aStart, lda, b, ldb,
                        beta, c + start * ldc, ldc, part)
        }
    }
}

/// C = α·op(A)·B + β·C, then the epilogue, with B (k × n) given as the GEMM's packed panels
/// (`im2colPanels` writes a convolution's that way). Split into bands of whole panels.
func sgemmPackedB(transposeA: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                  a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
                  beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, epilogue: ProductEpilogue = .none) {
    let isa = ck_isa_active()
    var mr = 0, nr = 0
    ck_sgemm_tile(isa, &mr, &nr)
    let panels = (n + nr - 1) / nr
    let bands = Swift.min(m * n * k >= partitionedProductThreshold ? engineThreadCount : 1, panels)
    ThreadPool.shared.run(parts: bands, threads: bands) { band in
        let start = panels * band / bands * nr, end = Swift.min(n, panels * (band + 1) / bands * nr)
        guard end > start else { return }
        let columnBias = epilogue.biasPerRow ? epilogue.bias : epilogue.bias.map { $0 + start }
        ck_sgemm_packed_b(isa, transposeA ? 1 : 0, m, end - start, k, alpha, a, lda,
                          packedB + start / nr * k * nr, beta, c + start, ldc,
                          columnBias, epilogue.biasPerRow ? 1 : 0, epilogue.relu ? 1 : 0)
    }
}

/// Floats of a k × n operand as packed panels for the active kernels.
func packedPanelsSize(k: Int, n: Int) -> Int { ck_sgemm_packed_b_size(ck_isa_active(), k, n) }

/// The width of the active kernels' packed panels (their register tile's columns).
var packedPanelWidth: Int {
    var mr = 0, nr = 0
    ck_sgemm_tile(ck_isa_active(), &mr, &nr)
    return nr
}

/// Below this many multiply-adds a product is not worth splitting across threads.
let partitionedProductThreshold = 1 << 20

@inline(__always)
private func engineSgemm(_ isa: ck_isa, _ path: ck_sgemm_path, _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int,
                         _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                         _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ epilogue: ProductEpilogue) {
    ck_sgemm_run(isa, path, transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
             epilogue.bias, epilogue.biasPerRow ? 1 : 0, epilogue.relu ? 1 : 0)
}
