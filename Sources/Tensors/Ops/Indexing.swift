// Picking elements by index: gather (Q(s, a) from Q(s, ·)), index-select, one-hot, where.

extension Tensor {
    /// Along `axis`, the element at `indices` for each position of the other axes, as
    /// `torch.gather` does: with self [outer, n, inner] and k = indices.count / (outer·inner),
    /// result[o, j, i] = self[o, indices[(o·k + j)·inner + i], i], of shape [outer, k, inner].
    ///
    /// For Q-values [N, A] and one action per state, `q.gather(alongAxis: 1, indices: actions)`
    /// is Q(s, a) of shape [N, 1].
    public func gather(alongAxis axis: Int, indices: [Int]) -> Tensor {
        let axis = normalizedAxis(axis)
        let (outer, size, inner) = split(around: axis)
        precondition(outer * inner > 0 && indices.count % (outer * inner) == 0,
                     "gather along axis \(axis) of shape \(shape) needs a multiple of \(outer * inner) indices, got \(indices.count)")
        let k = indices.count / (outer * inner)
        for index in indices {
            precondition(index >= 0 && index < size, "gather index \(index) is out of range 0..<\(size) for axis \(axis) of shape \(shape)")
        }
        var newShape = shape
        newShape[axis] = k
        var result = Tensor(uninitializedShape: newShape)
        withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                for o in 0..<outer {
                    for j in 0..<k {
                        for i in 0..<inner {
                            let out = (o * k + j) * inner + i
                            y[out] = x[(o * size + indices[out]) * inner + i]
                        }
                    }
                }
            }
        }
        let sourceShape = shape
        return Tensor.recording(result, [(self, { g in
            // Scatter-add: an index picked twice receives both gradients.
            var full = Tensor(zeros: sourceShape)
            full.withUnsafeMutableBufferPointer { d in
                g.withUnsafeBufferPointer { gp in
                    for o in 0..<outer {
                        for j in 0..<k {
                            for i in 0..<inner {
                                let out = (o * k + j) * inner + i
                                d[(o * size + indices[out]) * inner + i] += gp[out]
                            }
                        }
                    }
                }
            }
            return full
        })])
    }

    /// Whole slices along `axis` picked by index, in the order given (`torch.index_select`).
    public func indexSelect(alongAxis axis: Int, indices: [Int]) -> Tensor {
        let axis = normalizedAxis(axis)
        let (outer, size, inner) = split(around: axis)
        for index in indices {
            precondition(index >= 0 && index < size, "index \(index) is out of range 0..<\(size) for axis \(axis) of shape \(shape)")
        }
        var newShape = shape
        newShape[axis] = indices.count
        var result = Tensor(uninitializedShape: newShape)
        withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                for o in 0..<outer {
                    for (j, index) in indices.enumerated() {
                        (y.baseAddress! + (o * indices.count + j) * inner).update(
                            from: x.baseAddress! + (o * size + index) * inner, count: inner)
                    }
                }
            }
        }
        let sourceShape = shape
        return Tensor.recording(result, [(self, { g in
            var full = Tensor(zeros: sourceShape)
            full.withUnsafeMutableBufferPointer { d in
                g.withUnsafeBufferPointer { gp in
                    for o in 0..<outer {
                        for (j, index) in indices.enumerated() {
                            let source = gp.baseAddress! + (o * indices.count + j) * inner
                            let target = d.baseAddress! + (o * size + index) * inner
                            for i in 0..<inner { target[i] += source[i] }
                        }
                    }
                }
            }
            return full
        })])
    }

    /// Rows of the identity: [indices.count, depth] with a 1 at each index.
    public static func oneHot(_ indices: [Int], depth: Int) -> Tensor {
        var result = Tensor(zeros: [indices.count, depth])
        result.withUnsafeMutableBufferPointer { y in
            for (row, index) in indices.enumerated() {
                precondition(index >= 0 && index < depth, "one-hot index \(index) is out of range 0..<\(depth)")
                y[row * depth + index] = 1
            }
        }
        return result
    }

    /// Elementwise choice: `a` where `mask` is nonzero, `b` elsewhere. All three share a shape;
    /// each branch receives the gradient only where it was chosen.
    public static func `where`(_ mask: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(mask.shape == a.shape && a.shape == b.shape,
                     "where needs one shape for mask, a and b, got \(mask.shape), \(a.shape), \(b.shape)")
        let m = mask.detached()
        let result = m.zipped(a, b) { $0 != 0 ? $1 : $2 }
        return recording(result, [
            (a, { $0.zipped(m) { g, m in m != 0 ? g : 0 } }),
            (b, { $0.zipped(m) { g, m in m != 0 ? 0 : g } }),
        ])
    }

    /// 1 where the element is greater than `threshold`, else 0 (a mask; not differentiable).
    public func greater(than threshold: Float) -> Tensor { detached().mapped { $0 > threshold ? 1 : 0 } }
    /// 1 where the element is less than `threshold`, else 0.
    public func less(than threshold: Float) -> Tensor { detached().mapped { $0 < threshold ? 1 : 0 } }
    /// 1 where the elements of two same-shaped tensors are equal, else 0.
    public func equal(_ other: Tensor) -> Tensor { detached().zipped(other.detached()) { $0 == $1 ? 1 : 0 } }
}
