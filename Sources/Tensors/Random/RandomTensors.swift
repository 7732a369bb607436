import Randomness

// Tensors of random numbers from a `SeededGenerator`.

extension Tensor {
    /// Uniform in [low, high).
    public static func uniform(shape: [Int], low: Float = 0, high: Float = 1,
                               generator: inout SeededGenerator) -> Tensor {
        var t = Tensor(uninitializedShape: shape)
        t.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count {
                let x = low + (high - low) * generator.nextUniform()
                // Rounding can carry the largest draw, 1 − 2⁻²⁴, up to `high` itself (it does
                // for [1, 2)): keep the range half-open.
                p[i] = x < high ? x : Swift.max(low, high.nextDown)
            }
        }
        return t
    }

    /// Normal with the given mean and standard deviation.
    public static func normal(shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                              generator: inout SeededGenerator) -> Tensor {
        var t = Tensor(uninitializedShape: shape)
        t.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = mean + standardDeviation * Float(generator.nextNormal()) }
        }
        return t
    }
}
