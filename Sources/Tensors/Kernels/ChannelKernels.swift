// Per-channel moves and sums around a convolution's matrix product: reordering between NCHW
// and the channel-major (C, N·H·W) matrices GEMM works on, and the bias gradient.

/// Swaps the two outer axes of a 3-D array, adding a bias along the first:
/// source is (A, B, inner), destination (B, A, inner) with destination[b, a, :] = source[a, b, :]
/// + bias[a], clamped at zero with `relu`. Moves a convolution's product (O, N, OH·OW) to NCHW and an NCHW gradient to
/// (O, N, OH·OW); each run of `inner` elements is one contiguous copy.
func swapOuterAxes(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>,
                   outer a: Int, middle b: Int, inner: Int, bias: UnsafePointer<Float>? = nil, relu: Bool = false) {
    parallelFor(b, work: a * b * inner) { range in
        for j in range {
            for i in 0..<a {
                let from = source + (i * b + j) * inner, to = destination + (j * a + i) * inner
                if bias == nil && !relu {
                    to.update(from: from, count: inner)
                    continue
                }
                let value = bias?[i] ?? 0
                if relu {
                    // relu()'s rule, NaN to 0 included (Swift.max would keep a NaN).
                    for k in 0..<inner {
                        let x = from[k] + value
                        to[k] = x > 0 ? x : 0
                    }
                } else {
                    for k in 0..<inner { to[k] = from[k] + value }
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
