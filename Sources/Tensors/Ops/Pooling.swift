import CKernels

// Max and average pooling over NCHW batches, with PyTorch's MaxPool2d / AvgPool2d semantics
// (floor mode, count_include_pad = true), and their backward passes.

extension Tensor {
    /// The largest value in each kernelSize×kernelSize window, windows `stride` apart
    /// (default: kernelSize, so they tile the image) over the image padded by `padding` on
    /// each side. Padding never wins: it only lets windows overhang the border.
    ///
    /// self is (N, C, H, W); the result is (N, C, OH, OW) with OH = ⌊(H + 2p − k)/s⌋ + 1.
    /// The gradient of each output goes to the element that won its window (the first of
    /// equal maxima, in row-major order; NaN wins, as in PyTorch).
    public func maxPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        let window = PoolingWindow(shape, kernelSize: kernelSize, stride: stride ?? kernelSize, padding: padding, op: "maxPool2d")
        let planes = shape[0] * shape[1], (inPlane, outPlane) = (window.height * window.width, window.outputPositions)
        var result = Tensor(uninitializedShape: [shape[0], shape[1], window.outputHeight, window.outputWidth])
        // Per output, the offset of its winner inside the input plane: all that backward needs.
        let keepsWinners = Tensor.needsRecording(self)
        var winners = [Int32](repeating: 0, count: keepsWinners ? result.count : 0)
        withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                winners.withUnsafeMutableBufferPointer { w in
                    let (xs, ys, ws) = (x.baseAddress!, y.baseAddress!, keepsWinners ? w.baseAddress : nil)
                    // The usual 2×2 tiling has a kernel of its own (CKernels, vectorized); every other window the general one.
                    let tiles2x2 = kernelSize == 2 && window.stride == 2 && padding == 0
                    parallelFor(planes, work: planes * outPlane * kernelSize * kernelSize) { range in
                        if tiles2x2 {
                            ck_max_pool_2x2(ck_isa_active(), range.count, window.height, window.width,
                                            xs + range.lowerBound * inPlane, ys + range.lowerBound * outPlane,
                                            ws.map { $0 + range.lowerBound * outPlane })
                            return
                        }
                        for plane in range {
                            maxPoolPlane(xs + plane * inPlane, ys + plane * outPlane,
                                         winners: ws.map { $0 + plane * outPlane }, window)
                        }
                    }
                }
            }
        }
        let inputShape = shape, savedWinners = winners
        return Tensor.recording(result, [(self, { gradient in
            // Each plane zeroed and scattered into by the same thread, while it is in the cache.
            var gradInput = Tensor(uninitializedShape: inputShape)
            gradient.withUnsafeBufferPointer { g in
                gradInput.withUnsafeMutableBufferPointer { d in
                    savedWinners.withUnsafeBufferPointer { w in
                        let (gs, ds, ws) = (g.baseAddress!, d.baseAddress!, w.baseAddress!)
                        parallelFor(planes, work: planes * (inPlane + outPlane)) { range in
                            for plane in range {
                                let (gp, dp, wp) = (gs + plane * outPlane, ds + plane * inPlane, ws + plane * outPlane)
                                dp.update(repeating: 0, count: inPlane)
                                for j in 0..<outPlane { dp[Int(wp[j])] += gp[j] }
                            }
                        }
                    }
                }
            }
            return gradInput
        })])
    }

    /// The mean of each kernelSize×kernelSize window, windows `stride` apart (default:
    /// kernelSize) over the image padded with `padding` zeros on each side. Padding counts
    /// in the mean (PyTorch's default count_include_pad = true): every window divides by k².
    ///
    /// self is (N, C, H, W); the result is (N, C, OH, OW) with OH = ⌊(H + 2p − k)/s⌋ + 1.
    /// Backward spreads each output's gradient, divided by k², over its window.
    public func avgPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        let window = PoolingWindow(shape, kernelSize: kernelSize, stride: stride ?? kernelSize, padding: padding, op: "avgPool2d")
        let planes = shape[0] * shape[1], (inPlane, outPlane) = (window.height * window.width, window.outputPositions)
        var result = Tensor(uninitializedShape: [shape[0], shape[1], window.outputHeight, window.outputWidth])
        withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                let (xs, ys) = (x.baseAddress!, y.baseAddress!)
                parallelFor(planes, work: planes * outPlane * kernelSize * kernelSize) { range in
                    for plane in range { avgPoolPlane(xs + plane * inPlane, ys + plane * outPlane, window) }
                }
            }
        }
        let inputShape = shape
        return Tensor.recording(result, [(self, { gradient in
            var gradInput = Tensor(uninitializedShape: inputShape)
            gradient.withUnsafeBufferPointer { g in
                gradInput.withUnsafeMutableBufferPointer { d in
                    let (gs, ds) = (g.baseAddress!, d.baseAddress!)
                    parallelFor(planes, work: planes * outPlane * kernelSize * kernelSize) { range in
                        for plane in range { avgPoolPlaneBackward(gs + plane * outPlane, ds + plane * inPlane, window) }
                    }
                }
            }
            return gradInput
        })])
    }
}

/// A k×k window sliding `stride` apart over an H×W plane padded by `padding` on each side.
struct PoolingWindow {
    let height, width, kernelSize, stride, padding: Int
    var outputHeight: Int { (height + 2 * padding - kernelSize) / stride + 1 }
    var outputWidth: Int { (width + 2 * padding - kernelSize) / stride + 1 }
    var outputPositions: Int { outputHeight * outputWidth }

    init(_ shape: [Int], kernelSize: Int, stride: Int, padding: Int, op: String) {
        precondition(shape.count == 4, "\(op) needs an (N, C, H, W) tensor, got shape \(shape)")
        precondition(kernelSize >= 1, "\(op) kernelSize must be at least 1, got \(kernelSize)")
        precondition(stride >= 1, "\(op) stride must be at least 1, got \(stride)")
        // PyTorch's rule: it keeps every window overlapping the image.
        precondition(padding >= 0 && padding <= kernelSize / 2,
                     "\(op) padding must be in 0...kernelSize/2 (\(kernelSize / 2)), got \(padding)")
        precondition(shape[2] + 2 * padding >= kernelSize && shape[3] + 2 * padding >= kernelSize,
                     "\(op) kernel \(kernelSize)×\(kernelSize) is larger than the padded input \(shape[2] + 2 * padding)×\(shape[3] + 2 * padding)")
        (height, width, self.kernelSize, self.stride, self.padding) = (shape[2], shape[3], kernelSize, stride, padding)
    }

    /// The image rows (or columns, with `size` the width) that window position o covers.
    @inline(__always)
    func span(_ o: Int, size: Int) -> Range<Int> {
        let start = o * stride - padding
        return Swift.max(start, 0)..<Swift.min(start + kernelSize, size)
    }
}

/// x (H, W) → y (OH, OW): each window's maximum, and its offset in x when `winners` is given.
@inline(__always)
func maxPoolPlane(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                  winners: UnsafeMutablePointer<Int32>?, _ window: PoolingWindow) {
    for oy in 0..<window.outputHeight {
        let rows = window.span(oy, size: window.height)
        for ox in 0..<window.outputWidth {
            let columns = window.span(ox, size: window.width)
            var best = rows.lowerBound * window.width + columns.lowerBound
            var bestValue = x[best]
            for r in rows {
                for c in columns {
                    let v = x[r * window.width + c]
                    if v > bestValue || (v.isNaN && !bestValue.isNaN) { bestValue = v; best = r * window.width + c }
                }
            }
            y[oy * window.outputWidth + ox] = bestValue
            winners?[oy * window.outputWidth + ox] = Int32(best)
        }
    }
}

/// x (H, W) → y (OH, OW): each window's sum over the image, divided by k² (padding counts).
@inline(__always)
func avgPoolPlane(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ window: PoolingWindow) {
    let scale = 1 / Float(window.kernelSize * window.kernelSize)
    for oy in 0..<window.outputHeight {
        let rows = window.span(oy, size: window.height)
        for ox in 0..<window.outputWidth {
            let columns = window.span(ox, size: window.width)
            var total: Float = 0
            for r in rows {
                for c in columns { total += x[r * window.width + c] }
            }
            y[oy * window.outputWidth + ox] = total * scale
        }
    }
}

/// g (OH, OW) → dx (H, W), every element written: each window receives its output's gradient / k².
@inline(__always)
func avgPoolPlaneBackward(_ g: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ window: PoolingWindow) {
    let scale = 1 / Float(window.kernelSize * window.kernelSize)
    dx.update(repeating: 0, count: window.height * window.width)
    for oy in 0..<window.outputHeight {
        let rows = window.span(oy, size: window.height)
        for ox in 0..<window.outputWidth {
            let columns = window.span(ox, size: window.width)
            let share = g[oy * window.outputWidth + ox] * scale
            for r in rows {
                for c in columns { dx[r * window.width + c] += share }
            }
        }
    }
}
