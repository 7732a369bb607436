// Sums, means, maxima and minima over axes or over the whole tensor, and argmax.

extension Tensor {
    /// Viewing the tensor as [outer, size, inner] around `axis`.
    @usableFromInline
    func split(around axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Sum of all elements, as a rank-0 tensor.
    public func sum() -> Tensor {
        let total = withUnsafeBufferPointer { sumOfElements($0.baseAddress!, count: $0.count) }
        let sourceShape = shape
        return Tensor.recording(Tensor(total), [(self, { Tensor(repeating: $0.scalar, shape: sourceShape) })])
    }

    /// Sum along `axes`; reduced axes are kept with size 1 when `keepingDims`.
    public func sum(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        let axes = Set(axes.map { normalizedAxis($0) })
        var result = self
        for axis in axes.sorted(by: >) { result = result.reduce(axis: axis, initial: 0) { $0 + $1 } }
        let keptShape = result.shape
        var summed = Tensor(shape: keptShape, storage: result.storage)
        let sourceShape = shape
        summed = Tensor.recording(summed, [(self, { $0.broadcast(to: sourceShape) })])
        return keepingDims ? summed : summed.reshaped(shape.indices.filter { !axes.contains($0) }.map { shape[$0] })
    }

    public func sum(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        sum(alongAxes: [axis], keepingDims: keepingDims)
    }

    /// Arithmetic mean of all elements.
    public func mean() -> Tensor { sum() / Float(Swift.max(count, 1)) }

    public func mean(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        let n = Set(axes.map { normalizedAxis($0) }).map { shape[$0] }.reduce(1, *)
        return sum(alongAxes: axes, keepingDims: keepingDims) / Float(Swift.max(n, 1))
    }

    public func mean(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        mean(alongAxes: [axis], keepingDims: keepingDims)
    }

    /// Largest element along `axis`; the gradient goes to the first maximal element.
    public func max(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        extremum(alongAxis: axis, keepingDims: keepingDims, prefer: >)
    }

    /// Smallest element along `axis`; the gradient goes to the first minimal element.
    public func min(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        extremum(alongAxis: axis, keepingDims: keepingDims, prefer: <)
    }

    /// Largest element over several axes at once (per channel of an NCHW batch, say).
    public func max(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        overAxes(axes, keepingDims: keepingDims) { $0.max(alongAxis: -1) }
    }

    /// Smallest element over several axes at once.
    public func min(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        overAxes(axes, keepingDims: keepingDims) { $0.min(alongAxis: -1) }
    }

    /// A reduction of one trailing axis applied to `axes` together: they are moved to the end
    /// and flattened into one, reduced, and the shape restored. Built from differentiable
    /// ops, so the gradient needs no code of its own.
    private func overAxes(_ axes: [Int], keepingDims: Bool, _ reduceLast: (Tensor) -> Tensor) -> Tensor {
        let reduced = Set(axes.map { normalizedAxis($0) })
        precondition(!reduced.isEmpty, "reduce along axes needs at least one axis")
        let kept = shape.indices.filter { !reduced.contains($0) }
        let moved = permuted(kept + reduced.sorted())
        let flat = moved.reshaped(kept.map { shape[$0] } + [reduced.map { shape[$0] }.reduce(1, *)])
        let result = reduceLast(flat)
        if !keepingDims { return result }
        return result.reshaped(shape.indices.map { reduced.contains($0) ? 1 : shape[$0] })
    }

    /// Largest element of the whole tensor.
    public func max() -> Tensor { reshaped([count]).max(alongAxis: 0) }
    /// Smallest element of the whole tensor.
    public func min() -> Tensor { reshaped([count]).min(alongAxis: 0) }

    /// Index of the largest element along `axis`, for each position of the other axes in
    /// row-major order: for Q-values [N, A], the greedy action of each of the N states.
    public func argmax(alongAxis axis: Int) -> [Int] {
        argExtremum(alongAxis: normalizedAxis(axis), prefer: >)
    }

    /// Flat index of the largest element.
    public func argmax() -> Int { reshaped([count]).argmax(alongAxis: 0)[0] }

    @usableFromInline
    func argExtremum(alongAxis axis: Int, prefer: (Float, Float) -> Bool) -> [Int] {
        let (outer, size, inner) = split(around: axis)
        precondition(size > 0, "argmax/argmin along an empty axis of shape \(shape)")
        var indices = [Int](repeating: 0, count: outer * inner)
        withUnsafeBufferPointer { x in
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = 0
                    var bestValue = x[o * size * inner + i]
                    for k in 1..<size {
                        let v = x[(o * size + k) * inner + i]
                        if prefer(v, bestValue) { best = k; bestValue = v }
                    }
                    indices[o * inner + i] = best
                }
            }
        }
        return indices
    }

    private func extremum(alongAxis axis: Int, keepingDims: Bool, prefer: (Float, Float) -> Bool) -> Tensor {
        let axis = normalizedAxis(axis)
        let (outer, size, inner) = split(around: axis)
        let winners = argExtremum(alongAxis: axis, prefer: prefer)
        var keptShape = shape
        keptShape[axis] = 1
        var result = Tensor(uninitializedShape: keptShape)
        withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                for o in 0..<outer {
                    for i in 0..<inner { y[o * inner + i] = x[(o * size + winners[o * inner + i]) * inner + i] }
                }
            }
        }
        let sourceShape = shape
        result = Tensor.recording(result, [(self, { g in
            var full = Tensor(zeros: sourceShape)
            full.withUnsafeMutableBufferPointer { d in
                g.withUnsafeBufferPointer { gp in
                    for o in 0..<outer {
                        for i in 0..<inner { d[(o * size + winners[o * inner + i]) * inner + i] = gp[o * inner + i] }
                    }
                }
            }
            return full
        })])
        return keepingDims ? result : result.reshaped(shape.indices.filter { $0 != axis }.map { shape[$0] })
    }

    /// A plain (unrecorded) reduction of one axis to size 1.
    @inline(__always)
    private func reduce(axis: Int, initial: Float, _ combine: (Float, Float) -> Float) -> Tensor {
        let (outer, size, inner) = split(around: axis)
        var keptShape = shape
        keptShape[axis] = 1
        var result = Tensor(repeating: initial, shape: keptShape)
        withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                let xs = x.baseAddress!, ys = y.baseAddress!
                for o in 0..<outer {
                    let row = ys + o * inner
                    for k in 0..<size {
                        let source = xs + (o * size + k) * inner
                        for i in 0..<inner { row[i] = combine(row[i], source[i]) }
                    }
                }
            }
        }
        return result
    }
}
