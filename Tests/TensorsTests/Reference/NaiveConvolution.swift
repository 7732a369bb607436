// Obviously correct convolutions and pools: the definitions as nested loops, summed in
// Double. The fast kernels in Sources/Tensors are tested against these.
import Tensors

/// out[n, o, y, x] = bias[o] + Σ_{c,i,j} filter[o, c, i, j] · input[n, c, y·s − p + i, x·s − p + j]
/// input (N, C, H, W), filter (O, C, KH, KW) → (N, O, OH, OW).
func naiveConv2d(_ input: Tensor, filter: Tensor, bias: Tensor?, stride s: Int, padding p: Int) -> Tensor {
    let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (o, kh, kw) = (filter.shape[0], filter.shape[2], filter.shape[3])
    let (oh, ow) = ((h + 2 * p - kh) / s + 1, (w + 2 * p - kw) / s + 1)
    // Flat arrays rather than tensor subscripts: the same loops, fast enough for debug builds.
    let x = input.scalars, f = filter.scalars, b = bias?.scalars
    var out = [Float](repeating: 0, count: n * o * oh * ow)
    for bn in 0..<n { for oc in 0..<o { for y in 0..<oh { for xo in 0..<ow {
        var total = Double(b?[oc] ?? 0)
        for ic in 0..<c { for i in 0..<kh { for j in 0..<kw {
            let (iy, ix) = (y * s - p + i, xo * s - p + j)
            if iy >= 0 && iy < h && ix >= 0 && ix < w {
                total += Double(f[((oc * c + ic) * kh + i) * kw + j]) * Double(x[((bn * c + ic) * h + iy) * w + ix])
            }
        } } }
        out[((bn * o + oc) * oh + y) * ow + xo] = Float(total)
    } } } }
    return Tensor(shape: [n, o, oh, ow], scalars: out)
}

/// Every input pixel scatters its value times filter[c_in] into the output:
/// out[n, o, y·s − p + i, x·s − p + j] += input[n, c, y, x] · filter[c, o, i, j], plus bias[o].
/// input (N, C_in, H, W), filter (C_in, C_out, KH, KW) → (N, C_out, OH, OW) with
/// OH = (H − 1)·s − 2p + KH + outputPadding.
func naiveTransposedConv2d(_ input: Tensor, filter: Tensor, bias: Tensor?, stride s: Int, padding p: Int,
                           outputPadding: Int) -> Tensor {
    let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (o, kh, kw) = (filter.shape[1], filter.shape[2], filter.shape[3])
    let oh = (h - 1) * s - 2 * p + kh + outputPadding, ow = (w - 1) * s - 2 * p + kw + outputPadding
    var sums = [Double](repeating: 0, count: n * o * oh * ow)
    for b in 0..<n { for oc in 0..<o { for k in 0..<(oh * ow) { sums[(b * o + oc) * oh * ow + k] = Double(bias?[oc] ?? 0) } } }
    for b in 0..<n { for ic in 0..<c { for y in 0..<h { for x in 0..<w {
        for oc in 0..<o { for i in 0..<kh { for j in 0..<kw {
            let (ty, tx) = (y * s - p + i, x * s - p + j)
            if ty >= 0 && ty < oh && tx >= 0 && tx < ow {
                sums[((b * o + oc) * oh + ty) * ow + tx] += Double(input[b, ic, y, x]) * Double(filter[ic, oc, i, j])
            }
        } } }
    } } } }
    return Tensor(shape: [n, o, oh, ow], scalars: sums.map { Float($0) })
}

/// Maximum (max: true) or mean with padding counted (max: false) of each k×k window.
func naivePool2d(_ input: Tensor, kernelSize k: Int, stride s: Int, padding p: Int, max: Bool) -> Tensor {
    let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (oh, ow) = ((h + 2 * p - k) / s + 1, (w + 2 * p - k) / s + 1)
    var out = Tensor(zeros: [n, c, oh, ow])
    for b in 0..<n { for ch in 0..<c { for y in 0..<oh { for x in 0..<ow {
        var best = -Double.infinity, total = 0.0
        for i in 0..<k { for j in 0..<k {
            let (iy, ix) = (y * s - p + i, x * s - p + j)
            guard iy >= 0 && iy < h && ix >= 0 && ix < w else { continue }  // padding never wins
            let v = Double(input[b, ch, iy, ix])
            best = Swift.max(best, v)
            total += v
        } }
        out[b, ch, y, x] = Float(max ? best : total / Double(k * k))
    } } } }
    return out
}

/// ⟨a, b⟩ = Σ aᵢ·bᵢ in Double.
func innerProduct(_ a: Tensor, _ b: Tensor) -> Double {
    zip(a.scalars, b.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
}

/// conv2d's filter gradient from its definition:
/// dFilter[o, c, i, j] = Σ_{n,y,x} dOut[n, o, y, x] · input[n, c, y·s − p + i, x·s − p + j].
/// input (N, C, H, W), dOut (N, O, OH, OW) → (O, C, KH, KW).
func naiveConv2dFilterGradient(_ input: Tensor, upstream: Tensor, kernelSize: (Int, Int), stride s: Int,
                               padding p: Int) -> Tensor {
    let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (o, oh, ow) = (upstream.shape[1], upstream.shape[2], upstream.shape[3])
    let (kh, kw) = kernelSize
    let x = input.scalars, g = upstream.scalars
    var out = [Float](repeating: 0, count: o * c * kh * kw)
    for oc in 0..<o { for ic in 0..<c { for i in 0..<kh { for j in 0..<kw {
        var total = 0.0
        for bn in 0..<n { for y in 0..<oh { for xo in 0..<ow {
            let (iy, ix) = (y * s - p + i, xo * s - p + j)
            if iy >= 0 && iy < h && ix >= 0 && ix < w {
                total += Double(g[((bn * o + oc) * oh + y) * ow + xo]) * Double(x[((bn * c + ic) * h + iy) * w + ix])
            }
        } } }
        out[((oc * c + ic) * kh + i) * kw + j] = Float(total)
    } } } }
    return Tensor(shape: [o, c, kh, kw], scalars: out)
}
