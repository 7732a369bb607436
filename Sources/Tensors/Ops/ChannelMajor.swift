// Moving between NCHW tensors and the channel-major matrices that convolutions multiply.

extension Tensor {
    /// x (N, C, …) as the matrix (C, N·…): batch and channel axes swapped, no gradient recorded.
    /// With N = 1 the storage is shared as it is.
    static func channelMajor(_ x: Tensor) -> Tensor {
        let (n, c) = (x.shape[0], x.shape[1]), inner = x.count / Swift.max(n * c, 1)
        if n == 1 { return x.reshapedStorage([c, inner]) }
        var matrix = Tensor(uninitializedShape: [c, n * inner])
        x.withUnsafeBufferPointer { xp in
            matrix.withUnsafeMutableBufferPointer {
                swapOuterAxes(xp.baseAddress!, $0.baseAddress!, outer: n, middle: c, inner: inner)
            }
        }
        return matrix
    }

    /// The same storage under another shape, cut off from the graph (unlike `reshaped`).
    func reshapedStorage(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, storage: storage) }
}

extension Tensor {
    /// The gradient of a per-channel bias added to an NCHW output: the upstream gradient
    /// (N, C, …) summed over everything but the channel axis. Shared by the convolutions.
    static func channelBiasGradient(_ gradient: Tensor) -> Tensor {
        let (n, c) = (gradient.shape[0], gradient.shape[1]), inner = gradient.count / Swift.max(n * c, 1)
        var gradBias = Tensor(uninitializedShape: [c])
        gradient.withUnsafeBufferPointer { gp in
            gradBias.withUnsafeMutableBufferPointer {
                sumChannels(gp.baseAddress!, batch: n, channels: c, inner: inner, $0.baseAddress!)
            }
        }
        return gradBias
    }
}
