// Layer normalization as one op (Ba, Kiros & Hinton 2016, "Layer Normalization", equations 3
// and 4), with the closed-form backward: two passes forward and two backward per row, where
// the same function composed of broadcasting ops makes about twenty. `NN.LayerNorm.composed`
// keeps that composition as the reference the tests hold this to.

extension Tensor {
    /// Each of the N = count / D rows of x (its last axes, D values: one sample's features)
    /// normalized by its own mean and biased variance, then scaled and shifted per feature:
    ///
    ///     x̂ = (x − μ) / √(σ² + ε),   y = γ ⊙ x̂ + β      (γ, β of D values)
    ///
    /// Differentiable in x, γ and β. With g = dy ⊙ γ, per row:
    ///
    ///     dx = 1 / (D·√(σ² + ε)) · (D·g − Σg − x̂·Σ(g ⊙ x̂)),   dγ = Σ_rows dy ⊙ x̂,   dβ = Σ_rows dy
    public static func layerNormalized(_ x: Tensor, scale gamma: Tensor, shift beta: Tensor, epsilon: Float) -> Tensor {
        let d = gamma.count
        precondition(d > 0 && beta.count == d && x.count % d == 0 && x.count > 0,
                     "layer normalization needs γ and β of the row size dividing x's \(x.count) values, got \(gamma.count) and \(beta.count)")
        let n = x.count / d
        var normalized = Tensor(uninitializedShape: x.shape), output = Tensor(uninitializedShape: x.shape)
        var inverseDeviation = [Float](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xp in
            normalized.withUnsafeMutableBufferPointer { hp in
                output.withUnsafeMutableBufferPointer { yp in
                    gamma.withUnsafeBufferPointer { gp in
                        beta.withUnsafeBufferPointer { bp in
                            inverseDeviation.withUnsafeMutableBufferPointer { ip in
                                let (xs, hs, ys, gs, bs, isd) = (xp.baseAddress!, hp.baseAddress!, yp.baseAddress!, gp.baseAddress!,
                                                                 bp.baseAddress!, ip.baseAddress!)
                                // Rows are independent: each thread takes whole rows.
                                parallelFor(n, work: 3 * x.count) { rows in
                                    for row in rows {
                                        let offset = row * d
                                        let mu = sumOfElements(xs + offset, count: d) / Float(d)
                                        let sigma2 = sumOfSquaredDeviations(xs + offset, count: d, from: mu) / Float(d)
                                        let inverse = 1 / (sigma2 + epsilon).squareRoot()
                                        for i in 0..<d {
                                            let h = (xs[offset + i] - mu) * inverse
                                            hs[offset + i] = h
                                            ys[offset + i] = gs[i] * h + bs[i]
                                        }
                                        isd[row] = inverse
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
            var dx = Tensor(uninitializedShape: dy.shape), dGamma = Tensor(uninitializedShape: gamma.shape)
            var dBeta = Tensor(uninitializedShape: beta.shape)
            dy.withUnsafeBufferPointer { dyp in
                savedNormalized.withUnsafeBufferPointer { hp in
                    savedScale.withUnsafeBufferPointer { gp in
                        dx.withUnsafeMutableBufferPointer { dxp in
                            dGamma.withUnsafeMutableBufferPointer { dgp in
                                dBeta.withUnsafeMutableBufferPointer { dbp in
                                    savedInverse.withUnsafeBufferPointer { ip in
                                        let (dys, hs, dxs) = (dyp.baseAddress!, hp.baseAddress!, dxp.baseAddress!)
                                        let (gs, dgs, dbs, isd) = (gp.baseAddress!, dgp.baseAddress!, dbp.baseAddress!, ip.baseAddress!)
                                        parallelFor(n, work: 3 * dy.count) { rows in
                                            for row in rows {
                                                let offset = row * d
                                                var sumG: Float = 0, sumGH: Float = 0
                                                for i in 0..<d {
                                                    let g = dys[offset + i] * gs[i]
                                                    sumG += g
                                                    sumGH += g * hs[offset + i]
                                                }
                                                let factor = isd[row] / Float(d)
                                                for i in 0..<d {
                                                    dxs[offset + i] = factor * (Float(d) * dys[offset + i] * gs[i] - sumG - hs[offset + i] * sumGH)
                                                }
                                            }
                                        }
                                        // Features are independent: each thread sums whole columns over the
                                        // rows in row order, so the sums do not depend on the split.
                                        parallelFor(d, work: 2 * dy.count) { features in
                                            for i in features { (dgs[i], dbs[i]) = (0, 0) }
                                            for row in 0..<n {
                                                let offset = row * d
                                                for i in features {
                                                    dgs[i] += dys[offset + i] * hs[offset + i]
                                                    dbs[i] += dys[offset + i]
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
            return (dx, dGamma, dBeta)
        }
        return recording(output, [(x, { backward($0).x }), (gamma, { backward($0).gamma }), (beta, { backward($0).beta })])
    }
}
