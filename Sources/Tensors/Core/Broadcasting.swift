/// NumPy broadcasting: shapes are aligned at their last axis, and an axis of size 1 (or a
/// missing leading axis) stretches to match the other operand.
public enum Broadcasting {
    /// The shape two operands broadcast to, or nil when they are incompatible.
    public static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 { result[i] = da } else if da == 1 { result[i] = db } else { return nil }
        }
        return result
    }

    /// Element strides for reading `shape` as if it had `target`'s shape: 0 along stretched axes.
    static func strides(of shape: [Int], broadcastTo target: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: target.count)
        var step = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            let t = i + target.count - shape.count
            strides[t] = shape[i] == 1 ? 0 : step
            step *= shape[i]
        }
        return strides
    }
}

/// A walk over an output shape with one stride list per operand, with adjacent axes merged
/// wherever every operand allows it, so that the innermost loop is as long as possible
/// (`[N, C, H, W] + [1, C, 1, 1]` becomes `[N, C, H·W]`).
@usableFromInline
struct StridedWalk {
    @usableFromInline var sizes: [Int]
    @usableFromInline var strides: [[Int]]

    @usableFromInline
    init(shape: [Int], strides operandStrides: [[Int]]) {
        var sizes: [Int] = []
        var strides: [[Int]] = operandStrides.map { _ in [] }
        for axis in 0..<shape.count where shape[axis] != 1 {
            if let last = sizes.indices.last,
               operandStrides.indices.allSatisfy({ strides[$0][last] == operandStrides[$0][axis] * shape[axis] }) {
                sizes[last] *= shape[axis]
                for k in operandStrides.indices { strides[k][last] = operandStrides[k][axis] }
            } else {
                sizes.append(shape[axis])
                for k in operandStrides.indices { strides[k].append(operandStrides[k][axis]) }
            }
        }
        if sizes.isEmpty {
            sizes = [1]
            strides = operandStrides.map { _ in [0] }
        }
        self.sizes = sizes
        self.strides = strides
    }

    /// Calls `body(offsets, innerCount, innerStrides)` once per run of the innermost axis;
    /// `offsets[k]` is where operand k's run starts. Always inlined: the callers' elementwise
    /// closures are then inlined into the innermost loop instead of called once an element.
    @inlinable @inline(__always)
    func forEachRun(_ body: (_ offsets: [Int], _ innerCount: Int, _ innerStrides: [Int]) -> Void) {
        let inner = sizes.count - 1
        let innerStrides = strides.map { $0[inner] }
        var index = [Int](repeating: 0, count: inner)
        var offsets = [Int](repeating: 0, count: strides.count)
        let runs = sizes[..<inner].reduce(1, *)
        for _ in 0..<runs {
            body(offsets, sizes[inner], innerStrides)
            // Advance the odometer over the outer axes.
            var axis = inner - 1
            while axis >= 0 {
                index[axis] += 1
                for k in offsets.indices { offsets[k] += strides[k][axis] }
                if index[axis] < sizes[axis] { break }
                for k in offsets.indices { offsets[k] -= strides[k][axis] * sizes[axis] }
                index[axis] = 0
                axis -= 1
            }
        }
    }
}

extension Tensor {
    /// Contiguous strides of a shape, in elements.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = step
            step *= shape[i]
        }
        return strides
    }

    /// The sum of this tensor over the axes along which it was broadcast to reach its shape
    /// from `shape`: the adjoint of broadcasting, used by every broadcasting op's backward.
    public func sum(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(Broadcasting.shape(target, shape) == shape,
                     "cannot reduce shape \(shape) to \(target): it is not a broadcast of it")
        var result = Tensor(zeros: target)
        let walk = StridedWalk(
            shape: shape,
            strides: [Tensor.contiguousStrides(shape), Broadcasting.strides(of: target, broadcastTo: shape)])
        withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                let src = source.baseAddress!, dst = out.baseAddress!
                walk.forEachRun { offsets, count, steps in
                    var s = src + offsets[0], d = dst + offsets[1]
                    let ss = steps[0], ds = steps[1]
                    if ds == 0 {
                        var total: Float = 0
                        for i in 0..<count { total += s[i * ss] }
                        d.pointee += total
                    } else {
                        for _ in 0..<count { d.pointee += s.pointee; s += ss; d += ds }
                    }
                }
            }
        }
        let sourceShape = shape
        return Tensor.recording(result, [(self, { $0.broadcast(to: sourceShape) })])
    }

    /// This tensor's values repeated along broadcast axes to reach `target`.
    public func broadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(Broadcasting.shape(shape, target) == target, "cannot broadcast shape \(shape) to \(target)")
        var result = Tensor(uninitializedShape: target)
        let walk = StridedWalk(
            shape: target,
            strides: [Tensor.contiguousStrides(target), Broadcasting.strides(of: shape, broadcastTo: target)])
        withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                let src = source.baseAddress!, dst = out.baseAddress!
                walk.forEachRun { offsets, count, steps in
                    let d = dst + offsets[0], s = src + offsets[1], ss = steps[1]
                    for i in 0..<count { d[i] = s[i * ss] }
                }
            }
        }
        let sourceShape = shape
        return Tensor.recording(result, [(self, { $0.sum(toShape: sourceShape) })])
    }
}
