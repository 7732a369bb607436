// 2-D convolution over NCHW batches as matrix products (im2col into packed panels + GEMM),
// and its backward.

extension Tensor {
    /// 2-D convolution (cross-correlation, as in every deep-learning library) with PyTorch's
    /// `conv2d` semantics and layouts.
    ///
    /// input is (N, C, H, W), filter (O, C, KH, KW), bias (O); the result is (N, O, OH, OW)
    /// with OH = ⌊(H + 2·padding − KH)/stride⌋ + 1, likewise OW, and
    ///   out[n, o, y, x] = bias[o] + Σ_{c,i,j} filter[o, c, i, j] · in[n, c, y·s − p + i, x·s − p + j]
    /// (zero outside the image). Differentiable in all three; see `conv2dForward` and
    /// `conv2dBackward` for how.
    ///
    /// With `relu`, the result is max(out, 0), computed in the product's last pass over the
    /// output instead of a pass of its own; the same bits as `conv2d(…).relu()`, gradients
    /// included (max(x, 0) > 0 exactly where x > 0).
    public static func conv2d(_ input: Tensor, filter: Tensor, bias: Tensor? = nil,
                              stride: Int = 1, padding: Int = 0, relu: Bool = false) -> Tensor {
        precondition(input.rank == 4, "conv2d input must be (N, C, H, W), got shape \(input.shape)")
        precondition(filter.rank == 4, "conv2d filter must be (outChannels, inChannels, KH, KW), got shape \(filter.shape)")
        precondition(filter.shape[1] == input.shape[1],
                     "conv2d filter \(filter.shape) expects \(filter.shape[1]) input channels, the input \(input.shape) has \(input.shape[1])")
        precondition(stride >= 1, "conv2d stride must be at least 1, got \(stride)")
        precondition(padding >= 0, "conv2d padding must not be negative, got \(padding)")
        if let bias {
            precondition(bias.shape == [filter.shape[0]], "conv2d bias must have shape [\(filter.shape[0])] (one per output channel), got \(bias.shape)")
        }
        let n = input.shape[0], outChannels = filter.shape[0]
        let g = ConvolutionGeometry(channels: input.shape[1], height: input.shape[2], width: input.shape[3],
                                    kernelHeight: filter.shape[2], kernelWidth: filter.shape[3],
                                    stride: stride, padding: padding)
        precondition(g.height + 2 * padding >= g.kernelHeight && g.width + 2 * padding >= g.kernelWidth,
                     "conv2d kernel \(g.kernelHeight)×\(g.kernelWidth) is larger than the padded input \(g.height + 2 * padding)×\(g.width + 2 * padding); pad more or use a smaller kernel")

        var result = Tensor(uninitializedShape: [n, outChannels, g.outputHeight, g.outputWidth])
        input.withUnsafeBufferPointer { x in
            filter.withUnsafeBufferPointer { w in
                result.withUnsafeMutableBufferPointer { out in
                    if let bias {
                        bias.withUnsafeBufferPointer { b in
                            conv2dForward(x.baseAddress!, w.baseAddress!, b.baseAddress!, out.baseAddress!,
                                          batch: n, outChannels: outChannels, g, relu: relu)
                        }
                    } else {
                        conv2dForward(x.baseAddress!, w.baseAddress!, nil, out.baseAddress!,
                                      batch: n, outChannels: outChannels, g, relu: relu)
                    }
                }
            }
        }

        // Backward needs the input only for the filter gradient, the filter only for the input's.
        let wantsInput = needsRecording(input), wantsFilter = needsRecording(filter)
        let savedInput = wantsFilter ? input.detached() : Tensor(zeros: [0])
        let savedFilter = wantsInput ? filter.detached() : Tensor(zeros: [0])
        let inputShape = input.shape, filterShape = filter.shape
        // The gradient through the ReLU, made once for the three pullbacks below.
        let output = relu ? result.detached() : Tensor(zeros: [0])
        let throughReLU = SharedPullbackWork { (gradient: Tensor) -> Tensor in
            relu ? gradient.zipped(output) { g, y in y > 0 ? g : 0 } : gradient
        }
        let backward = SharedPullbackWork { (upstream: Tensor) -> (input: Tensor?, filter: Tensor?) in
            let gradient = throughReLU(upstream)
            var gradInput = wantsInput ? Tensor(uninitializedShape: inputShape) : nil
            var gradFilter = wantsFilter ? Tensor(uninitializedShape: filterShape) : nil
            gradient.withUnsafeBufferPointer { dOut in
                savedInput.withUnsafeBufferPointer { x in
                    savedFilter.withUnsafeBufferPointer { w in
                        withOptionalMutablePointer(&gradInput) { dx in
                            withOptionalMutablePointer(&gradFilter) { dw in
                                conv2dBackward(dOut.baseAddress!, x.baseAddress!, w.baseAddress!, dx, dw,
                                               batch: n, outChannels: outChannels, g)
                            }
                        }
                    }
                }
            }
            return (gradInput, gradFilter)
        }
        var inputs: [(Tensor, (Tensor) -> Tensor)] = [
            (input, { backward($0).input! }),
            (filter, { backward($0).filter! }),
        ]
        if let bias { inputs.append((bias, { channelBiasGradient(throughReLU($0)) })) }
        return recording(result, inputs)
    }
}

/// The base address of an optional tensor's storage, written in place, or nil.
@inline(__always)
func withOptionalMutablePointer<R>(_ tensor: inout Tensor?,
                                   _ body: (UnsafeMutablePointer<Float>?) -> R) -> R {
    guard tensor != nil else { return body(nil) }
    return tensor!.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
}

/// out (N, O, OH, OW) = conv(x (N, C, H, W), w (O, C·KH·KW)) + bias (O), then max(·, 0) with
/// `relu`.
///
/// Images go through in chunks, each one GEMM: `im2colPanels` writes every receptive field of
/// the chunk's images straight into the product's packed B panels (cols, C·KH·KW × n·OH·OW),
/// w · cols gives (O, n·OH·OW), and that is reordered to NCHW with the bias (and ReLU) applied
/// in the same pass (a one-image chunk is already NCHW: the product writes it in place, bias
/// and ReLU fused into its epilogue). Chunks keep the panels in the L2 cache (see
/// `imagesPerChunk`); each thread takes its own images (see `forEachImageRange`).
func conv2dForward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                   _ out: UnsafeMutablePointer<Float>, batch: Int, outChannels o: Int, _ g: ConvolutionGeometry,
                   relu: Bool = false) {
    let (k, p, imageSize) = (g.patchSize, g.positions, g.channels * g.height * g.width)
    let nr = packedPanelWidth
    forEachImageRange(batch: batch, work: batch * o * p * k) { range in
        // With fewer taps than a panel's lanes (a first layer on one channel) the output is
        // larger than the panels: one image at a time, written in place, saves the reorder's
        // pass over it.
        let chunk = k < nr ? 1 : imagesPerChunk(batch: range.count, columnMatrixFloatsPerImage: k * p)
        let panels = UnsafeMutablePointer<Float>.allocate(capacity: packedPanelsSize(k: k, n: chunk * p))
        let product = UnsafeMutablePointer<Float>.allocate(capacity: chunk > 1 ? o * chunk * p : 1)
        defer { panels.deallocate(); product.deallocate() }
        for first in stride(from: range.lowerBound, to: range.upperBound, by: chunk) {
            let images = Swift.min(chunk, range.upperBound - first), columns = images * p
            let target = out + first * o * p
            im2colPanels(x + first * imageSize, batch: images, panels, nr: nr, g)
            if images == 1 {
                sgemmPackedB(transposeA: false, m: o, n: p, k: k, a: w, lda: k, packedB: panels, c: target, ldc: p,
                             epilogue: ProductEpilogue(bias: bias, biasPerRow: true, relu: relu))
            } else {
                sgemmPackedB(transposeA: false, m: o, n: columns, k: k, a: w, lda: k, packedB: panels,
                             c: product, ldc: columns)
                swapOuterAxes(product, target, outer: o, middle: images, inner: p, bias: bias, relu: relu)
            }
        }
    }
}

/// From dOut (N, O, OH, OW): dx (N, C, H, W) = conv's data gradient and dw (O, C·KH·KW) its
/// filter gradient, each computed only when its pointer is given; every element written.
///
/// Per chunk of images, with G (O, n·OH·OW) the chunk's dOut with batch and channel axes swapped:
///   dw = Σ G · colsᵀ        one partial product per chunk, on whichever thread is free, the
///                           partials added in chunk order, so that dw's sums run in one order
///                           whatever the thread count. colsᵀ is written straight into the
///                           product's packed panels by `im2colTransposedPanels`, recomputed:
///                           cheaper than keeping the whole batch's column matrix from the
///                           forward pass and reading it back from memory (it is KH·KW/s²
///                           times the size of x). With fewer taps than a panel's lanes, cols
///                           goes to a product with B transposed instead (see below).
///   dx  = col2im(wᵀ · G)    each thread takes its own range of images, chunk by chunk.
func conv2dBackward(_ dOut: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                    _ dx: UnsafeMutablePointer<Float>?, _ dw: UnsafeMutablePointer<Float>?,
                    batch: Int, outChannels o: Int, _ g: ConvolutionGeometry) {
    let (k, p, imageSize) = (g.patchSize, g.positions, g.channels * g.height * g.width)
    if let dw {
        // One partial product per chunk, fixed by the batch alone, claimed by the threads as
        // they come free; then summed in chunk order.
        let chunk = imagesPerChunk(batch: batch, columnMatrixFloatsPerImage: k * p), nr = packedPanelWidth
        let chunks = (batch + chunk - 1) / chunk
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, chunks) * o * k)
        defer { partials.deallocate() }
        parallelForEachPart(chunks, work: batch * o * p * k) { index in
            let first = index * chunk, images = Swift.min(chunk, batch - first), columns = images * p
            let panels = UnsafeMutablePointer<Float>.allocate(capacity: packedPanelsSize(k: columns, n: k))
            let gradientMatrix = UnsafeMutablePointer<Float>.allocate(capacity: images > 1 ? o * columns : 1)
            defer { panels.deallocate(); gradientMatrix.deallocate() }
            let upstream = swappedGradient(dOut + first * o * p, images: images, o: o, p: p, gradientMatrix)
            if k < nr {
                // Fewer taps than a panel's lanes (a first layer on one channel, 3×3: 9 of 48)
                // would leave most of each panel zeros: the column matrix goes to the
                // dot-product kernels instead, as B transposed.
                im2col(x + first * imageSize, batch: images, panels, g)
                sgemm(transposeA: false, transposeB: true, m: o, n: k, k: columns, a: upstream, lda: columns,
                      b: panels, ldb: columns, c: partials + index * o * k, ldc: k)
            } else {
                im2colTransposedPanels(x + first * imageSize, batch: images, panels, nr: nr, g)
                sgemmPackedB(transposeA: false, m: o, n: k, k: columns, a: upstream, lda: columns, packedB: panels,
                             c: partials + index * o * k, ldc: k)
            }
        }
        sumInOrder(partials, count: chunks, length: o * k, into: dw)
    }
    if let dx {
        forEachImageRange(batch: batch, work: batch * o * p * k) { range in
            let chunk = imagesPerChunk(batch: range.count, columnMatrixFloatsPerImage: k * p)
            let cols = UnsafeMutablePointer<Float>.allocate(capacity: k * chunk * p)
            let gradientMatrix = UnsafeMutablePointer<Float>.allocate(capacity: chunk > 1 ? o * chunk * p : 1)
            defer { cols.deallocate(); gradientMatrix.deallocate() }
            for first in stride(from: range.lowerBound, to: range.upperBound, by: chunk) {
                let images = Swift.min(chunk, range.upperBound - first), columns = images * p
                let upstream = swappedGradient(dOut + first * o * p, images: images, o: o, p: p, gradientMatrix)
                sgemm(transposeA: true, transposeB: false, m: k, n: columns, k: o, a: w, lda: k,
                      b: upstream, ldb: columns, c: cols, ldc: columns)
                col2im(cols, batch: images, dx + first * imageSize, g)
            }
        }
    }
}

/// G (O, n·OH·OW) for `images` images of dOut (n, O, OH, OW): written into `scratch` with the
/// two outer axes swapped, or dOut itself for one image, which already has that layout.
private func swappedGradient(_ dOut: UnsafePointer<Float>, images: Int, o: Int, p: Int,
                             _ scratch: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
    guard images > 1 else { return dOut }
    swapOuterAxes(dOut, scratch, outer: images, middle: o, inner: p)
    return UnsafePointer(scratch)
}

/// out[i] = Σ_c parts[c·length + i] for c in 0..<count, added in order of c (0 for no parts),
/// the elements split over the threads.
private func sumInOrder(_ parts: UnsafePointer<Float>, count: Int, length: Int, into out: UnsafeMutablePointer<Float>) {
    parallelFor(length, work: count * length) { range in
        for i in range {
            var sum: Float = 0
            for c in 0..<count { sum += parts[c * length + i] }
            out[i] = sum
        }
    }
}

/// Runs `body` over the batch's images: one range of whole images per engine thread, each
/// thread writing its own panels and running its own products with no barrier between them,
/// when the images split evenly enough; otherwise the whole batch on this thread, whose
/// kernels then split each product's columns over the threads (acting on one observation).
/// Each image's result is computed the same way either way.
func forEachImageRange(batch: Int, work: Int, _ body: (Range<Int>) -> Void) {
    let threads = engineThreadCount
    if threads > 1 && batch >= threads && (batch % threads == 0 || batch >= 4 * threads) {
        parallelFor(batch, work: work, body)
    } else {
        body(0..<batch)
    }
}

/// Images per GEMM so that a chunk's column matrix takes about 1 MiB: half of this machine's
/// 2 MiB L2 cache per core, leaving room for the product's packed A block. Chunks are made
/// equal, so the last one is not a sliver.
func imagesPerChunk(batch: Int, columnMatrixFloatsPerImage: Int) -> Int {
    let budget = 1 << 18  // floats
    let chunks = Swift.max(1, (batch * columnMatrixFloatsPerImage + budget - 1) / budget)
    return Swift.max(1, (batch + chunks - 1) / chunks)
}
