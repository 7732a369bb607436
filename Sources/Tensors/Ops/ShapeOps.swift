// Reshaping, permuting, joining and cutting tensors. Results are contiguous; reshape shares
// storage, the others copy.

extension Tensor {
    /// The same elements under a new shape; one dimension may be -1 and is then inferred.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            target[inferred] = count / known
        }
        precondition(target.allSatisfy { $0 >= 0 } && Tensor.elementCount(target) == count,
                     "cannot reshape \(shape) (\(count) elements) to \(newShape)")
        let sourceShape = shape
        let result = Tensor(shape: target, storage: storage)
        return Tensor.recording(result, [(self, { $0.reshaped(sourceShape) })])
    }

    /// Everything after the first axis flattened: [N, ...] → [N, rest].
    public func flattenedBatch() -> Tensor {
        precondition(rank >= 1, "flattening needs a batch axis")
        return reshaped([shape[0], shape.dropFirst().reduce(1, *)])
    }

    /// A new axis of size 1 at `axis`.
    public func expandingShape(at axis: Int) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        precondition(a >= 0 && a <= rank, "axis \(axis) is out of range for inserting into rank \(rank)")
        var s = shape
        s.insert(1, at: a)
        return reshaped(s)
    }

    /// Axes of size 1 removed (all of them, or those listed).
    public func squeezingShape(at axes: [Int]? = nil) -> Tensor {
        let remove = Set((axes ?? shape.indices.filter { shape[$0] == 1 }).map { normalizedAxis($0) })
        precondition(remove.allSatisfy { shape[$0] == 1 }, "squeeze axes \(axes ?? []) of shape \(shape) are not all of size 1")
        return reshaped(shape.indices.filter { !remove.contains($0) }.map { shape[$0] })
    }

    /// The axes reordered: result axis i is input axis `axes[i]`.
    public func permuted(_ axes: [Int]) -> Tensor {
        let axes = axes.map { normalizedAxis($0) }
        precondition(axes.count == rank && Set(axes).count == rank, "permutation \(axes) does not fit rank \(rank)")
        if axes == Array(0..<rank) { return self }
        let newShape = axes.map { shape[$0] }
        let sourceStrides = Tensor.contiguousStrides(shape)
        var result = Tensor(uninitializedShape: newShape)
        let walk = StridedWalk(shape: newShape,
                               strides: [Tensor.contiguousStrides(newShape), axes.map { sourceStrides[$0] }])
        withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                let src = source.baseAddress!, dst = out.baseAddress!
                walk.forEachRun { offsets, count, steps in
                    let d = dst + offsets[0], s = src + offsets[1], ss = steps[1]
                    for i in 0..<count { d[i] = s[i * ss] }
                }
            }
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in axes.enumerated() { inverse[axis] = i }
        return Tensor.recording(result, [(self, { $0.permuted(inverse) })])
    }

    /// The last two axes swapped.
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transpose needs at least two axes, shape is \(shape)")
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        return permuted(axes)
    }

    /// Elements `range` along `axis`.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = normalizedAxis(axis)
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "slice \(range) is out of bounds for axis \(axis) of shape \(shape)")
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        var newShape = shape
        newShape[axis] = range.count
        var result = Tensor(uninitializedShape: newShape)
        let size = shape[axis]
        withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                for o in 0..<outer {
                    (out.baseAddress! + o * range.count * inner).update(
                        from: source.baseAddress! + (o * size + range.lowerBound) * inner, count: range.count * inner)
                }
            }
        }
        // The gradient goes back to the sliced positions, added into the whole-sized sum
        // (the rest get nothing).
        return Tensor.recording(result, part: self) { g, full in
            full.withUnsafeMutableBufferPointer { out in
                g.withUnsafeBufferPointer { gp in
                    for o in 0..<outer {
                        let target = out.baseAddress! + (o * size + range.lowerBound) * inner, piece = gp.baseAddress! + o * range.count * inner
                        for i in 0..<range.count * inner { target[i] += piece[i] }
                    }
                }
            }
        }
    }

    /// Tensors joined along an existing axis; all other axes must match.
    public static func concat(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concat needs at least one tensor")
        let first = tensors[0]
        let axis = first.normalizedAxis(axis)
        for t in tensors {
            precondition(t.rank == first.rank && t.shape.indices.allSatisfy { $0 == axis || t.shape[$0] == first.shape[$0] },
                         "concat along axis \(axis) needs equal other axes, got \(first.shape) and \(t.shape)")
        }
        let sizes = tensors.map { $0.shape[axis] }
        let total = sizes.reduce(0, +)
        let outer = first.shape[..<axis].reduce(1, *), inner = first.shape[(axis + 1)...].reduce(1, *)
        var newShape = first.shape
        newShape[axis] = total
        var result = Tensor(uninitializedShape: newShape)
        result.withUnsafeMutableBufferPointer { out in
            var start = 0
            for (t, size) in zip(tensors, sizes) {
                t.withUnsafeBufferPointer { source in
                    for o in 0..<outer {
                        (out.baseAddress! + (o * total + start) * inner).update(
                            from: source.baseAddress! + o * size * inner, count: size * inner)
                    }
                }
                start += size
            }
        }
        var starts: [Int] = []
        var position = 0
        for size in sizes { starts.append(position); position += size }
        return recording(result, tensors.indices.map { i in
            (tensors[i], { (g: Tensor) in g.slice(axis: axis, starts[i]..<(starts[i] + sizes[i])) })
        })
    }

    /// Tensors of one shape joined along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "stack needs at least one tensor")
        precondition(tensors.allSatisfy { $0.shape == tensors[0].shape }, "stack needs tensors of one shape, got \(tensors.map(\.shape))")
        let a = axis < 0 ? axis + tensors[0].rank + 1 : axis
        return concat(tensors.map { $0.expandingShape(at: a) }, axis: a)
    }

    /// `axis` counted from the end when negative, checked against the rank.
    @usableFromInline
    func normalizedAxis(_ axis: Int) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "axis \(axis) is out of range for shape \(shape)")
        return a
    }
}
