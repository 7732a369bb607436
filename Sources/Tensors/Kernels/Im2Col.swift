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

/// Where a KH×KW window slides over a C×H×W image padded with `padding` zeros on each side,
/// and the OH×OW positions it takes.
struct ConvolutionGeometry: Equatable {
    var channels, height, width: Int
    var kernelHeight, kernelWidth: Int
    var stride, padding: Int

    /// ⌊(H + 2p − KH)/s⌋ + 1, as in PyTorch's Conv2d.
    var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the column matrix: C·KH·KW.
    var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Columns one image contributes: OH·OW.
    var positions: Int { outputHeight * outputWidth }
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
    parallelFor(planes, work: g.patchSize * ldc) { range in
        for plane in range {
            let n = plane / g.channels, c = plane % g.channels
            im2colPlane(images + plane * g.height * g.width,
                        cols + c * g.kernelHeight * g.kernelWidth * ldc + n * g.positions, ldc: ldc, g)
        }
    }
}

/// One image plane (H, W) into its KH·KW rows of the column matrix: `cols` points at row
/// (c, 0, 0), column (n, 0, 0); rows are `ldc` apart, and OH·OW entries of each are written.
@inline(__always)
func im2colPlane(_ image: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, ldc: Int,
                 _ g: ConvolutionGeometry) {
    let (oh, ow, s, p) = (g.outputHeight, g.outputWidth, g.stride, g.padding)
    for kh in 0..<g.kernelHeight {
        let rows = validOutputs(tap: kh, size: g.height, outputSize: oh, stride: s, padding: p)
        for kw in 0..<g.kernelWidth {
            let row = cols + (kh * g.kernelWidth + kw) * ldc
            let columns = validOutputs(tap: kw, size: g.width, outputSize: ow, stride: s, padding: p)
            let run = columns.count, firstX = columns.lowerBound * s - p + kw
            // Window rows in the top and bottom padding read only zeros.
            row.update(repeating: 0, count: rows.lowerBound * ow)
            for y in rows {
                let destination = row + y * ow
                let source = image + (y * s - p + kh) * g.width + firstX
                for i in 0..<columns.lowerBound { destination[i] = 0 }
                gather(destination + columns.lowerBound, source, count: run, stride: s)
                for i in columns.upperBound..<ow { destination[i] = 0 }
            }
            (row + rows.upperBound * ow).update(repeating: 0, count: (oh - rows.upperBound) * ow)
        }
    }
}

/// Folds the column matrix back into images, adding up entries that share a pixel.
/// cols is (C·KH·KW, N·OH·OW); images is (N, C, H, W), every element written: each plane
/// (n, c) starts at bias[c] (or 0 without a bias) and receives its entries.
func col2im(_ cols: UnsafePointer<Float>, batch: Int, _ images: UnsafeMutablePointer<Float>,
            _ g: ConvolutionGeometry, bias: UnsafePointer<Float>? = nil) {
    let planes = batch * g.channels, ldc = batch * g.positions
    parallelFor(planes, work: g.patchSize * ldc) { range in
        for plane in range {
            let n = plane / g.channels, c = plane % g.channels
            let image = images + plane * g.height * g.width
            image.update(repeating: bias?[c] ?? 0, count: g.height * g.width)
            col2imPlane(cols + c * g.kernelHeight * g.kernelWidth * ldc + n * g.positions, ldc: ldc,
                        image, g)
        }
    }
}

/// Adds one plane's KH·KW rows of the column matrix into the image plane (H, W): the exact
/// reverse of `im2colPlane`, entries in the padding dropped.
@inline(__always)
func col2imPlane(_ cols: UnsafePointer<Float>, ldc: Int, _ image: UnsafeMutablePointer<Float>,
                 _ g: ConvolutionGeometry) {
    let (oh, ow, s, p) = (g.outputHeight, g.outputWidth, g.stride, g.padding)
    for kh in 0..<g.kernelHeight {
        let rows = validOutputs(tap: kh, size: g.height, outputSize: oh, stride: s, padding: p)
        for kw in 0..<g.kernelWidth {
            let row = cols + (kh * g.kernelWidth + kw) * ldc
            let columns = validOutputs(tap: kw, size: g.width, outputSize: ow, stride: s, padding: p)
            let run = columns.count, firstX = columns.lowerBound * s - p + kw
            for y in rows {
                let source = row + y * ow + columns.lowerBound
                let destination = image + (y * s - p + kh) * g.width + firstX
                scatterAdd(source, destination, count: run, stride: s)
            }
        }
    }
}

/// d[i] = s[i·stride] for i < count. The common strides get loops of their own, so that the
/// compiler sees a constant stride and vectorizes the gather.
@inline(__always)
func gather(_ d: UnsafeMutablePointer<Float>, _ s: UnsafePointer<Float>, count: Int, stride: Int) {
    switch stride {
    case 1: for i in 0..<count { d[i] = s[i] }
    case 2: for i in 0..<count { d[i] = s[i &* 2] }
    case 4: for i in 0..<count { d[i] = s[i &* 4] }
    default: for i in 0..<count { d[i] = s[i &* stride] }
    }
}

/// d[i·stride] += s[i] for i < count: the adjoint of `gather`.
@inline(__always)
func scatterAdd(_ s: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, count: Int, stride: Int) {
    switch stride {
    case 1: for i in 0..<count { d[i] += s[i] }
    case 2: for i in 0..<count { d[i &* 2] += s[i] }
    case 4: for i in 0..<count { d[i &* 4] += s[i] }
    default: for i in 0..<count { d[i &* stride] += s[i] }
    }
}

/// Swaps the two outer axes of a 3-D array, adding a bias along the first:
/// source is (A, B, inner), destination (B, A, inner) with destination[b, a, :] = source[a, b, :]
/// + bias[a]. Moves a convolution's product (O, N, OH·OW) to NCHW and an NCHW gradient to
/// (O, N, OH·OW); each run of `inner` elements is one contiguous copy.
func swapOuterAxes(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>,
                   outer a: Int, middle b: Int, inner: Int, bias: UnsafePointer<Float>? = nil) {
    parallelFor(b, work: a * b * inner) { range in
        for j in range {
            for i in 0..<a {
                let from = source + (i * b + j) * inner, to = destination + (j * a + i) * inner
                if let bias {
                    let value = bias[i]
                    for k in 0..<inner { to[k] = from[k] + value }
                } else {
                    to.update(from: from, count: inner)
                }
            }
        }
    }
}

/// Sums each channel of an NCHW array: x is (N, C, inner), sums is (C), every element
/// written. The bias gradient of both convolutions.
func sumChannels(_ x: UnsafePointer<Float>, batch: Int, channels: Int, inner: Int,
                 _ sums: UnsafeMutablePointer<Float>) {
    sums.update(repeating: 0, count: channels)
    for n in 0..<batch {
        for c in 0..<channels {
            let plane = x + (n * channels + c) * inner
            sums[c] += sumOfElements(plane, count: inner)
        }
    }
}

/// x[0] + … + x[count − 1] with sixteen running sums, so that the adds pipeline and vectorize
/// (a single running sum waits on each add's latency: about four times slower).
@inline(__always)
func sumOfElements(_ x: UnsafePointer<Float>, count: Int) -> Float {
    let raw = UnsafeRawPointer(x)
    var low = SIMD8<Float>(), high = SIMD8<Float>()
    var i = 0
    while i + 16 <= count {
        low += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        high += raw.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
        i += 16
    }
    var total = (low + high).sum()
    while i < count { total += x[i]; i += 1 }
    return total
}
