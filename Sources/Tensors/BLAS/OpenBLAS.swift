import COpenBLAS

/// The OpenBLAS library under the engine: its thread count and the kernels it chose.
public enum OpenBLAS {
    /// Threads OpenBLAS uses inside one call. When several threads each call BLAS (A3C's
    /// learners), set this to 1 so that they do not oversubscribe the cores.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set {
            precondition(newValue >= 1, "OpenBLAS needs at least one thread, got \(newValue)")
            openblas_set_num_threads(Int32(newValue))
        }
    }

    /// When true, the engine splits each large matrix product into one part per core and runs
    /// the parts on its own worker threads, each a single-threaded OpenBLAS call; set
    /// `threadCount` to 1 with it. Then one pool of threads serves both the products and the
    /// engine's other kernels (im2col, pooling, activations): with two pools, OpenBLAS's
    /// threads spin waiting for the next product while the engine's threads need the cores,
    /// which made a CNN training step slower on two threads than on one.
    nonisolated(unsafe) public static var enginePartitionsProducts = false

    /// The CPU kernels OpenBLAS selected when it was loaded ("Haswell", "SkylakeX", …).
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// The OpenBLAS build description (version, DYNAMIC_ARCH, …).
    public static var configuration: String { String(cString: openblas_get_config()) }
}
