import COpenBLAS

/// OpenBLAS, the peer the engine's matrix products are measured against in `rlrun bench`
/// (the engine computes with its own kernels, CKernels): its thread count and the kernels it
/// chose when it was loaded, which a machine's `OPENBLAS_CORETYPE` may have forced.
enum OpenBLAS {
    /// Threads OpenBLAS uses inside one call.
    static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }

    /// The CPU kernels OpenBLAS selected when it was loaded ("Haswell", "SkylakeX", …).
    static var coreName: String { String(cString: openblas_get_corename()) }
}
