#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Tensor {
    /// exp(x − max) / Σ exp(x − max) along `axis` (the max subtracted for stability).
    public func softmax(alongAxis axis: Int = -1) -> Tensor {
        let axis = normalizedAxis(axis)
        let y = normalizedExponentials(alongAxis: axis, logarithm: false)
        // dx = y ⊙ (g − Σ g⊙y)
        return Tensor.recording(y, [(self, { g in
            let gy = g.zipped(y) { $0 * $1 }
            let dot = gy.sum(alongAxis: axis, keepingDims: true)
            return Tensor.broadcasting(gy, Tensor.broadcasting(y, dot) { $0 * $1 }) { $0 - $1 }
        })])
    }

    /// x − max − log Σ exp(x − max) along `axis`.
    public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
        let axis = normalizedAxis(axis)
        let y = normalizedExponentials(alongAxis: axis, logarithm: true)
        // dx = g − softmax(x) · Σ g
        return Tensor.recording(y, [(self, { g in
            let total = g.sum(alongAxis: axis, keepingDims: true)
            let p = y.mapped { expf($0) }
            return Tensor.broadcasting(g, Tensor.broadcasting(p, total) { $0 * $1 }) { $0 - $1 }
        })])
    }

    /// log Σ exp(x) along `axis`, stable, keeping the axis with size 1.
    public func logSumExp(alongAxis axis: Int = -1, keepingDims: Bool = false) -> Tensor {
        let axis = normalizedAxis(axis)
        // An infinite maximum (a row of masked −∞ logits, or a +∞) is replaced by 0, since
        // x − m would be ∞ − ∞ = NaN; the sum then gives log 0 = −∞ or log ∞ = ∞ as it should.
        let m = detached().max(alongAxis: axis, keepingDims: true).mapped { $0.isFinite ? $0 : 0 }
        let result = (self - m).exp().sum(alongAxis: axis, keepingDims: true).log() + m
        return keepingDims ? result : result.squeezingShape(at: [axis])
    }

    private func normalizedExponentials(alongAxis axis: Int, logarithm: Bool) -> Tensor {
        let (outer, size, inner) = split(around: axis)
        var result = Tensor(uninitializedShape: shape)
        withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                for o in 0..<outer {
                    for i in 0..<inner {
                        let base = o * size * inner + i
                        var m = -Float.infinity
                        for k in 0..<size { m = Swift.max(m, x[base + k * inner]) }
                        var total: Float = 0
                        for k in 0..<size {
                            let e = expf(x[base + k * inner] - m)
                            y[base + k * inner] = e
                            total += e
                        }
                        if logarithm {
                            let logTotal = logf(total)
                            for k in 0..<size { y[base + k * inner] = x[base + k * inner] - m - logTotal }
                        } else {
                            let scale = 1 / total
                            for k in 0..<size { y[base + k * inner] *= scale }
                        }
                    }
                }
            }
        }
        return result
    }
}
