// Elementwise loops over raw pointers. Each takes its operation as a closure that the
// optimizer inlines, since the loops are `@inline(__always)` and the closures are literals.

extension Tensor {
    /// `f` applied to every element.
    @inline(__always)
    func mapped(_ f: (Float) -> Float) -> Tensor {
        var result = Tensor(uninitializedShape: shape)
        withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                let xs = x.baseAddress!, ys = y.baseAddress!
                for i in 0..<x.count { ys[i] = f(xs[i]) }
            }
        }
        return result
    }

    /// `f` applied pairwise to two tensors of the same shape.
    @inline(__always)
    func zipped(_ other: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
        var result = Tensor(uninitializedShape: shape)
        withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { c in
                    let ap = a.baseAddress!, bp = b.baseAddress!, cp = c.baseAddress!
                    for i in 0..<a.count { cp[i] = f(ap[i], bp[i]) }
                }
            }
        }
        return result
    }

    /// `f` applied to the elements of three tensors of the same shape.
    @inline(__always)
    func zipped(_ b: Tensor, _ c: Tensor, _ f: (Float, Float, Float) -> Float) -> Tensor {
        precondition(shape == b.shape && shape == c.shape, "shapes \(shape), \(b.shape) and \(c.shape) differ")
        var result = Tensor(uninitializedShape: shape)
        withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeBufferPointer { c in
                    result.withUnsafeMutableBufferPointer { r in
                        let ap = a.baseAddress!, bp = b.baseAddress!, cp = c.baseAddress!, rp = r.baseAddress!
                        for i in 0..<a.count { rp[i] = f(ap[i], bp[i], cp[i]) }
                    }
                }
            }
        }
        return result
    }

    /// `f` applied pairwise with NumPy broadcasting.
    @inline(__always)
    static func broadcasting(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        if a.shape == b.shape { return a.zipped(b, f) }
        guard let shape = Broadcasting.shape(a.shape, b.shape) else {
            preconditionFailure("shapes \(a.shape) and \(b.shape) cannot be broadcast together")
        }
        var result = Tensor(uninitializedShape: shape)
        if b.count == 1 && shape == a.shape {
            let s = b.storage.base[0]
            a.withUnsafeBufferPointer { x in
                result.withUnsafeMutableBufferPointer { y in
                    let xs = x.baseAddress!, ys = y.baseAddress!
                    for i in 0..<x.count { ys[i] = f(xs[i], s) }
                }
            }
            return result
        }
        let walk = StridedWalk(shape: shape, strides: [
            Tensor.contiguousStrides(shape),
            Broadcasting.strides(of: a.shape, broadcastTo: shape),
            Broadcasting.strides(of: b.shape, broadcastTo: shape),
        ])
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { z in
                result.withUnsafeMutableBufferPointer { y in
                    let xs = x.baseAddress!, zs = z.baseAddress!, ys = y.baseAddress!
                    walk.forEachRun { offsets, count, steps in
                        let out = ys + offsets[0], l = xs + offsets[1], r = zs + offsets[2]
                        let sl = steps[1], sr = steps[2]
                        if sl == 1 && sr == 1 {
                            for i in 0..<count { out[i] = f(l[i], r[i]) }
                        } else if sl == 1 && sr == 0 {
                            let rv = r.pointee
                            for i in 0..<count { out[i] = f(l[i], rv) }
                        } else if sl == 0 && sr == 1 {
                            let lv = l.pointee
                            for i in 0..<count { out[i] = f(lv, r[i]) }
                        } else {
                            for i in 0..<count { out[i] = f(l[i * sl], r[i * sr]) }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Adds `other` (same shape) into this tensor's storage: gradient accumulation.
    @usableFromInline
    mutating func add(_ other: Tensor) {
        precondition(shape == other.shape, "cannot accumulate shape \(other.shape) into \(shape)")
        other.withUnsafeBufferPointer { b in
            withUnsafeMutableBufferPointer { a in
                let ap = a.baseAddress!, bp = b.baseAddress!
                for i in 0..<a.count { ap[i] += bp[i] }
            }
        }
    }
}
