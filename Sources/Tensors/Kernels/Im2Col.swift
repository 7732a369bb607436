// im2col and col2im: unrolling every receptive field of a batch of images into one column of
// a matrix turns a convolution into one matrix product (Chellapilla, Puri & Simard 2006,
// "High Performance Convolutional Neural Networks for Document Processing"; the layout is
// that of Caffe's im2col_cpu, with the batch laid side by side in the columns).
//
// Shapes, for both directions:
//   images  (N, C, H, W)
//   cols    (C·KH·KW, N·OH·OW): row (c, kh, kw), column (n, oh, ow), holding
//           images[n, c, oh·s − p + kh, ow·s − p + kw], or 0 where that falls in the padding.
// col2im is the adjoint of im2col: it adds every column entry back into the pixel it came
// from. That makes it conv's data gradient and transposed conv's forward pass.
//
// Speed: the runs copied are short (OW floats: 7 to 20 in the Nature DQN), so per-run
// overhead matters more than bandwidth. Strided convolutions first split each image plane
// into stride phases ("space-to-depth"), which makes every run contiguous; runs are then moved
// with a couple of vector loads and stores (`copyRun`, `addRun`).

/// Where a KH×KW window slides over a C×H×W image padded with `padding` zeros on each side,
/// and the OH×OW positions it takes.
struct ConvolutionGeometry: Equatable {
    let channels, height, width: Int
    let kernelHeight, kernelWidth: Int
    let stride, padding: Int
    /// ⌊(H + 2p − KH)/s⌋ + 1, as in PyTorch's Conv2d; likewise the width.
    let outputHeight, outputWidth: Int
    /// Rows of the column matrix: C·KH·KW.
    let patchSize: Int
    /// Columns one image contributes: OH·OW.
    let positions: Int
    /// For each kernel row kh (column kw), the output rows (columns) whose tap kh lands in
    /// the image rather than in the padding. Computed once, not per image plane.
    let validRows, validColumns: [Range<Int>]
    /// Kernels read image planes phase-split when the stride s > 1: each row stored as s
    /// phases, phase r holding columns r, r + s, r + 2s, … in `phaseWidth` slots. Then the
    /// pixels one kernel tap reads along an output row are contiguous, as they are with s = 1.
    /// With s = 1 the layout is the plain plane: phaseWidth = W.
    let phaseWidth: Int
    /// Per kernel column kw, the offset in a phase-split row of the first pixel the tap reads.
    let sourceColumnOffsets: [Int]

    init(channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int) {
        (self.channels, self.height, self.width) = (channels, height, width)
        (self.kernelHeight, self.kernelWidth, self.stride, self.padding) = (kernelHeight, kernelWidth, stride, padding)
        let outputHeight = (height + 2 * padding - kernelHeight) / stride + 1
        let outputWidth = (width + 2 * padding - kernelWidth) / stride + 1
        (self.outputHeight, self.outputWidth) = (outputHeight, outputWidth)
        patchSize = channels * kernelHeight * kernelWidth
        positions = outputHeight * outputWidth
        validRows = (0..<kernelHeight).map {
            validOutputs(tap: $0, size: height, outputSize: outputHeight, stride: stride, padding: padding)
        }
        let validColumns = (0..<kernelWidth).map {
            validOutputs(tap: $0, size: width, outputSize: outputWidth, stride: stride, padding: padding)
        }
        self.validColumns = validColumns
        let phaseWidth = (width + stride - 1) / stride
        self.phaseWidth = phaseWidth
        sourceColumnOffsets = (0..<kernelWidth).map { kw in
            let columns = validColumns[kw]
            if columns.isEmpty { return 0 }
            let (j, r) = (columns.lowerBound * stride - padding + kw).quotientAndRemainder(dividingBy: stride)
            return r * phaseWidth + j
        }
    }

    /// Elements of one image plane in the phase-split layout: H · s · phaseWidth.
    var phaseSplitPlaneSize: Int { height * stride * phaseWidth }
}

/// The outputs o in 0..<outputSize whose tap k lands inside the image: 0 ≤ o·s − p + k < size.
@inline(__always)
func validOutputs(tap k: Int, size: Int, outputSize: Int, stride s: Int, padding p: Int) -> Range<Int> {
    // o ≥ ⌈(p − k)/s⌉ and o < ⌈(size + p − k)/s⌉, both clamped to the output.
    let first = p - k <= 0 ? 0 : (p - k + s - 1) / s
    let end = size + p - k <= 0 ? 0 : (size + p - k + s - 1) / s
    let lower = Swift.min(first, outputSize)
    return lower..<Swift.max(lower, Swift.min(end, outputSize))
}

/// Unrolls a batch of images into the column matrix.
/// images is (N, C, H, W); cols is (C·KH·KW, N·OH·OW), every element written.
func im2col(_ images: UnsafePointer<Float>, batch: Int, _ cols: UnsafeMutablePointer<Float>,
            _ g: ConvolutionGeometry) {
    let planes = batch * g.channels, ldc = batch * g.positions
    g.validRows.withUnsafeBufferPointer { rows in
        g.validColumns.withUnsafeBufferPointer { columns in
            g.sourceColumnOffsets.withUnsafeBufferPointer { offsets in
                parallelFor(planes, work: g.patchSize * ldc) { range in
                    let split = g.stride > 1 ? UnsafeMutablePointer<Float>.allocate(capacity: g.phaseSplitPlaneSize) : nil
                    defer { split?.deallocate() }
                    for plane in range {
                        let (n, c) = plane.quotientAndRemainder(dividingBy: g.channels)
                        var source = images + plane * g.height * g.width
                        if let split {
                            splitPhases(source, split, g)
                            source = UnsafePointer(split)
                        }
                        im2colPlane(source, cols + c * g.kernelHeight * g.kernelWidth * ldc + n * g.positions, ldc: ldc, g,
                                    rows.baseAddress!, columns.baseAddress!, offsets.baseAddress!)
                    }
                }
            }
        }
    }
}

/// One image plane into its KH·KW rows of the column matrix: `plane` is (H, W) in the
/// phase-split layout (see `ConvolutionGeometry.phaseWidth`), `cols` points at row (c, 0, 0),
/// column (n, 0, 0); rows are `ldc` apart, and OH·OW entries of each are written.
@inline(__always)
func im2colPlane(_ plane: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, ldc: Int,
                 _ g: ConvolutionGeometry, _ validRows: UnsafePointer<Range<Int>>,
                 _ validColumns: UnsafePointer<Range<Int>>, _ sourceColumnOffsets: UnsafePointer<Int>) {
    let (oh, ow, s, p) = (g.outputHeight, g.outputWidth, g.stride, g.padding)
    let rowPitch = s * g.phaseWidth
    for kh in 0..<g.kernelHeight {
        let rows = validRows[kh]
        for kw in 0..<g.kernelWidth {
            let row = cols + (kh * g.kernelWidth + kw) * ldc
            let columns = validColumns[kw]
            let (first, run) = (columns.lowerBound, columns.count)
            // Window rows in the top and bottom padding read only zeros.
            row.update(repeating: 0, count: rows.lowerBound * ow)
            var source = plane + (rows.lowerBound * s - p + kh) * rowPitch + sourceColumnOffsets[kw]
            if first == 0 && run == ow {
                for y in rows {
                    copyRun(row + y * ow, source, count: run)
                    source += s * rowPitch
                }
            } else {
                for y in rows {
                    let destination = row + y * ow
                    for i in 0..<first { destination[i] = 0 }
                    copyRun(destination + first, source, count: run)
                    for i in columns.upperBound..<ow { destination[i] = 0 }
                    source += s * rowPitch
                }
            }
            (row + rows.upperBound * ow).update(repeating: 0, count: (oh - rows.upperBound) * ow)
        }
    }
}

/// Folds the column matrix back into images, adding up entries that share a pixel.
/// (Its plane walk repeats im2col's on purpose: shared as a closure per plane, both measured
/// 10–20% slower.)
/// cols is (C·KH·KW, N·OH·OW); images is (N, C, H, W), every element written: each plane
/// (n, c) starts at bias[c] (or 0 without a bias) and receives its entries.
func col2im(_ cols: UnsafePointer<Float>, batch: Int, _ images: UnsafeMutablePointer<Float>,
            _ g: ConvolutionGeometry, bias: UnsafePointer<Float>? = nil) {
    let planes = batch * g.channels, ldc = batch * g.positions
    g.validRows.withUnsafeBufferPointer { rows in
        g.validColumns.withUnsafeBufferPointer { columns in
            g.sourceColumnOffsets.withUnsafeBufferPointer { offsets in
                parallelFor(planes, work: g.patchSize * ldc) { range in
                    let split = g.stride > 1 ? UnsafeMutablePointer<Float>.allocate(capacity: g.phaseSplitPlaneSize) : nil
                    defer { split?.deallocate() }
                    for plane in range {
                        let (n, c) = plane.quotientAndRemainder(dividingBy: g.channels)
                        let image = images + plane * g.height * g.width
                        let target = split ?? image
                        target.update(repeating: bias?[c] ?? 0, count: split == nil ? g.height * g.width : g.phaseSplitPlaneSize)
                        col2imPlane(cols + c * g.kernelHeight * g.kernelWidth * ldc + n * g.positions, ldc: ldc,
                                    target, g, rows.baseAddress!, columns.baseAddress!, offsets.baseAddress!)
                        if let split { mergePhases(split, image, g) }
                    }
                }
            }
        }
    }
}

/// Adds one plane's KH·KW rows of the column matrix into the image plane, (H, W) in the
/// phase-split layout: the exact reverse of `im2colPlane`, entries in the padding dropped.
@inline(__always)
func col2imPlane(_ cols: UnsafePointer<Float>, ldc: Int, _ plane: UnsafeMutablePointer<Float>,
                 _ g: ConvolutionGeometry, _ validRows: UnsafePointer<Range<Int>>,
                 _ validColumns: UnsafePointer<Range<Int>>, _ sourceColumnOffsets: UnsafePointer<Int>) {
    let (ow, s, p) = (g.outputWidth, g.stride, g.padding)
    let rowPitch = s * g.phaseWidth
    for kh in 0..<g.kernelHeight {
        let rows = validRows[kh]
        for kw in 0..<g.kernelWidth {
            let row = cols + (kh * g.kernelWidth + kw) * ldc
            let columns = validColumns[kw]
            var destination = plane + (rows.lowerBound * s - p + kh) * rowPitch + sourceColumnOffsets[kw]
            for y in rows {
                addRun(row + y * ow + columns.lowerBound, destination, count: columns.count)
                destination += s * rowPitch
            }
        }
    }
}

/// image (H, W) → split (H, s, phaseWidth): split[y, r, j] = image[y, j·s + r].
@inline(__always)
func splitPhases(_ image: UnsafePointer<Float>, _ split: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry) {
    let (w, s, pw) = (g.width, g.stride, g.phaseWidth)
    for r in 0..<Swift.min(s, w) {
        let count = (w - r + s - 1) / s  // columns r, r + s, … below W; divided once per phase
        for y in 0..<g.height {
            let from = image + y * w + r, phase = split + (y * s + r) * pw
            for j in 0..<count { phase[j] = from[j &* s] }
        }
    }
}

/// split (H, s, phaseWidth) → image (H, W): the inverse of `splitPhases`.
@inline(__always)
func mergePhases(_ split: UnsafePointer<Float>, _ image: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry) {
    let (w, s, pw) = (g.width, g.stride, g.phaseWidth)
    for r in 0..<Swift.min(s, w) {
        let count = (w - r + s - 1) / s
        for y in 0..<g.height {
            let to = image + y * w + r, phase = split + (y * s + r) * pw
            for j in 0..<count { to[j &* s] = phase[j] }
        }
    }
}

/// d[0..<n] = s[0..<n] for the short runs of a convolution row (3 to 20 floats in most
/// networks): two overlapping 4-, 8- or 16-wide moves for 4...32, a plain loop otherwise. A memcpy
/// call or a vectorized loop with its remainder costs more than the copy at these lengths.
@inline(__always)
func copyRun(_ d: UnsafeMutablePointer<Float>, _ s: UnsafePointer<Float>, count n: Int) {
    let from = UnsafeRawPointer(s), to = UnsafeMutableRawPointer(d)
    if n >= 4 && n <= 8 {
        let head = from.loadUnaligned(as: SIMD4<Float>.self)
        let tail = from.loadUnaligned(fromByteOffset: (n - 4) * 4, as: SIMD4<Float>.self)
        to.storeBytes(of: head, as: SIMD4<Float>.self)
        to.storeBytes(of: tail, toByteOffset: (n - 4) * 4, as: SIMD4<Float>.self)
    } else if n > 8 && n <= 16 {
        let head = from.loadUnaligned(as: SIMD8<Float>.self)
        let tail = from.loadUnaligned(fromByteOffset: (n - 8) * 4, as: SIMD8<Float>.self)
        to.storeBytes(of: head, as: SIMD8<Float>.self)
        to.storeBytes(of: tail, toByteOffset: (n - 8) * 4, as: SIMD8<Float>.self)
    } else if n > 16 && n <= 32 {
        let head = from.loadUnaligned(as: SIMD16<Float>.self)
        let tail = from.loadUnaligned(fromByteOffset: (n - 16) * 4, as: SIMD16<Float>.self)
        to.storeBytes(of: head, as: SIMD16<Float>.self)
        to.storeBytes(of: tail, toByteOffset: (n - 16) * 4, as: SIMD16<Float>.self)
    } else {
        for i in 0..<n { d[i] = s[i] }
    }
}

/// d[0..<n] += s[0..<n], four at a time.
@inline(__always)
func addRun(_ s: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, count n: Int) {
    let from = UnsafeRawPointer(s), to = UnsafeMutableRawPointer(d)
    var i = 0
    while i + 4 <= n {
        let sum = to.loadUnaligned(fromByteOffset: i * 4, as: SIMD4<Float>.self)
            + from.loadUnaligned(fromByteOffset: i * 4, as: SIMD4<Float>.self)
        to.storeBytes(of: sum, toByteOffset: i * 4, as: SIMD4<Float>.self)
        i += 4
    }
    while i < n { d[i] += s[i]; i += 1 }
}
