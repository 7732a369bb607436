// Batch normalization in training mode as one op (Ioffe & Szegedy 2015, algorithm 1), with
// the closed-form backward of the paper's section 3: two passes over the input forward and
// two backward, where the same function composed of broadcasting ops (mean, subtract,
// square, mean, divide, scale, shift, and each of their gradients) makes about twenty.
// `NN.BatchNorm.composedTraining` keeps that composition as the reference the tests hold
// this to.

extension Tensor {
    /// x (N, C) or (N, C, H, W) normalized per channel c over every axis but the channel's,
    /// with the batch's own statistics, then scaled and shifted:
    ///
    ///     x̂ = (x − μ_c) / √(σ²_c + ε),   y = γ_c · x̂ + β_c
    ///
    /// σ² is the biased variance (divided by M, the values per channel). Returns y and the
    /// batch's μ and σ², (C) each, for the running statistics. Differentiable in x, γ and β:
    ///
    ///     dβ = Σ dy,   dγ = Σ dy·x̂,   dx = γ / (M·√(σ² + ε)) · (M·dy − dβ − x̂·dγ)
    public static func batchNormalizedForTraining(_ x: Tensor, scale gamma: Tensor, shift beta: Tensor, epsilon: Float)
        -> (output: Tensor, mean: Tensor, variance: Tensor) {
        precondition(x.rank == 2 || x.rank == 4, "batch normalization needs (N, C) or (N, C, H, W), got \(x.shape)")
        let (n, c) = (x.shape[0], x.shape[1]), inner = x.rank == 4 ? x.shape[2] * x.shape[3] : 1
        precondition(gamma.shape == [c] && beta.shape == [c], "batch normalization needs γ and β of shape [\(c)], got \(gamma.shape) and \(beta.shape)")
        let m = n * inner
        precondition(m > 1, "batch normalization in training needs more than one value per channel, got \(x.shape)")
        var mean = Tensor(uninitializedShape: [c]), variance = Tensor(uninitializedShape: [c])
        var normalized = Tensor(uninitializedShape: x.shape), output = Tensor(uninitializedShape: x.shape)
        var inverseDeviation = [Float](repeating: 0, count: c)
        x.withUnsafeBufferPointer { xp in
            normalized.withUnsafeMutableBufferPointer { hp in
                output.withUnsafeMutableBufferPointer { yp in
                    mean.withUnsafeMutableBufferPointer { mp in
                        variance.withUnsafeMutableBufferPointer { vp in
                            gamma.withUnsafeBufferPointer { gp in
                                beta.withUnsafeBufferPointer { bp in
                                    inverseDeviation.withUnsafeMutableBufferPointer { ip in
                                        let (xs, hs, ys) = (xp.baseAddress!, hp.baseAddress!, yp.baseAddress!)
                                        let (ms, vs, gs, bs, isd) = (mp.baseAddress!, vp.baseAddress!, gp.baseAddress!, bp.baseAddress!, ip.baseAddress!)
                                        // Channels are independent: each thread takes whole channels.
                                        parallelFor(c, work: 3 * x.count) { channels in
                                            for channel in channels {
                                                var sum = 0.0
                                                for image in 0..<n { sum += Double(sumOfElements(xs + (image * c + channel) * inner, count: inner)) }
                                                let mu = Float(sum / Double(m))
                                                var squares = 0.0
                                                for image in 0..<n {
                                                    squares += Double(sumOfSquaredDeviations(xs + (image * c + channel) * inner, count: inner, from: mu))
                                                }
                                                let sigma2 = Float(squares / Double(m)), inverse = 1 / (sigma2 + epsilon).squareRoot()
                                                let (g, b) = (gs[channel], bs[channel])
                                                for image in 0..<n {
                                                    let offset = (image * c + channel) * inner
                                                    for i in 0..<inner {
                                                        let h = (xs[offset + i] - mu) * inverse
                                                        hs[offset + i] = h
                                                        ys[offset + i] = g * h + b
                                                    }
                                                }
                                                (ms[channel], vs[channel], isd[channel]) = (mu, sigma2, inverse)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let savedScale = gamma.detached(), savedNormalized = normalized, savedInverse = inverseDeviation
        let backward = SharedPullbackWork { (dy: Tensor) -> (x: Tensor, gamma: Tensor, beta: Tensor) in
            var dx = Tensor(uninitializedShape: dy.shape), dGamma = Tensor(uninitializedShape: [c]), dBeta = Tensor(uninitializedShape: [c])
            dy.withUnsafeBufferPointer { dyp in
                savedNormalized.withUnsafeBufferPointer { hp in
                    savedScale.withUnsafeBufferPointer { gp in
                        dx.withUnsafeMutableBufferPointer { dxp in
                            dGamma.withUnsafeMutableBufferPointer { dgp in
                                dBeta.withUnsafeMutableBufferPointer { dbp in
                                    savedInverse.withUnsafeBufferPointer { ip in
                                        let (dys, hs, dxs) = (dyp.baseAddress!, hp.baseAddress!, dxp.baseAddress!)
                                        let (gs, dgs, dbs, isd) = (gp.baseAddress!, dgp.baseAddress!, dbp.baseAddress!, ip.baseAddress!)
                                        parallelFor(c, work: 3 * dy.count) { channels in
                                            for channel in channels {
                                                var sumDy = 0.0, sumDyH = 0.0
                                                for image in 0..<n {
                                                    let offset = (image * c + channel) * inner
                                                    sumDy += Double(sumOfElements(dys + offset, count: inner))
                                                    sumDyH += Double(sumOfProducts(dys + offset, hs + offset, count: inner))
                                                }
                                                let (db, dg) = (Float(sumDy), Float(sumDyH))
                                                let factor = gs[channel] * isd[channel] / Float(m)
                                                for image in 0..<n {
                                                    let offset = (image * c + channel) * inner
                                                    for i in 0..<inner {
                                                        dxs[offset + i] = factor * (Float(m) * dys[offset + i] - db - hs[offset + i] * dg)
                                                    }
                                                }
                                                (dgs[channel], dbs[channel]) = (dg, db)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return (dx, dGamma, dBeta)
        }
        let recorded = recording(output, [(x, { backward($0).x }), (gamma, { backward($0).gamma }), (beta, { backward($0).beta })])
        return (recorded, mean, variance)
    }
}

/// Σ (x[i] − center)², with eight lanes of running sums so that the adds vectorize (one
/// running sum would wait on each add).
@inline(__always)
func sumOfSquaredDeviations(_ x: UnsafePointer<Float>, count: Int, from center: Float) -> Float {
    let raw = UnsafeRawPointer(x), centers = SIMD8<Float>(repeating: center)
    var lanes = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        let d = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - centers
        lanes += d * d
        i += 8
    }
    var total = lanes.sum()
    while i < count { let d = x[i] - center; total += d * d; i += 1 }
    return total
}

/// Σ a[i]·b[i], in eight lanes as `sumOfSquaredDeviations`.
@inline(__always)
func sumOfProducts(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    let (ra, rb) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
    var lanes = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        lanes += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    var total = lanes.sum()
    while i < count { total += a[i] * b[i]; i += 1 }
    return total
}
