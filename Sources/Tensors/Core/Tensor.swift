/// An n-dimensional array of Float32 with contiguous row-major storage and value semantics.
///
/// Copies share storage until one of them is written (copy-on-write). A tensor may also be a
/// node of a define-by-run autodiff graph: operations on tensors that require gradients record
/// how to differentiate themselves, and `gradients()` runs reverse mode over what was recorded.
/// Inside `withoutGradients { ... }` nothing is recorded at all.
public struct Tensor: @unchecked Sendable {
    // Sendable: storage is copy-on-write (see TensorStorage); a graph node is only read by
    // the thread that built it, except leaves, which are immutable.

    /// The size of each dimension; `[]` for a scalar.
    public private(set) var shape: [Int]
    @usableFromInline var storage: TensorStorage
    /// The autodiff node this value came from, or nil for a constant.
    @usableFromInline var node: GradNode?

    @usableFromInline
    init(shape: [Int], storage: TensorStorage, node: GradNode? = nil) {
        assert(Tensor.elementCount(shape) == storage.count, "shape \(shape) does not fit \(storage.count) elements")
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// A tensor whose elements the caller fills in before anyone reads them.
    @usableFromInline
    init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(uninitializedCount: Tensor.elementCount(shape)))
    }

    /// A tensor holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "tensor shape \(shape) has a negative dimension")
        precondition(Tensor.elementCount(shape) == scalars.count,
                     "shape \(shape) needs \(Tensor.elementCount(shape)) scalars, got \(scalars.count)")
        self.init(uninitializedShape: shape)
        scalars.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { storage.base.update(from: start, count: source.count) }
        }
    }

    /// A rank-1 tensor.
    public init(_ scalars: [Float]) { self.init(shape: [scalars.count], scalars: scalars) }

    /// A rank-0 tensor.
    public init(_ scalar: Float) { self.init(shape: [], scalars: [scalar]) }

    public init(repeating value: Float, shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "tensor shape \(shape) has a negative dimension")
        self.init(shape: shape, storage: TensorStorage(repeating: value, count: Tensor.elementCount(shape)))
    }

    public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }
    public init(ones shape: [Int]) { self.init(repeating: 1, shape: shape) }

    /// Number of elements: the product of the shape.
    @inlinable public var count: Int { storage.count }
    @inlinable public var rank: Int { shape.count }

    /// The elements in row-major order.
    public var scalars: [Float] { withUnsafeBufferPointer { Array($0) } }

    /// The single element of a one-element tensor (a loss, say).
    public var scalar: Float {
        precondition(count == 1, "scalar needs a one-element tensor, this one has shape \(shape)")
        return storage.base[0]
    }

    /// Element at a full index. For tests and small work: kernels use the buffer pointers.
    public subscript(_ index: Int...) -> Float {
        get { storage.base[flatIndex(index)] }
        set {
            let i = flatIndex(index)
            withUnsafeMutableBufferPointer { $0[i] = newValue }
        }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == rank, "index \(index) has \(index.count) parts; shape \(shape) needs \(rank)")
        var flat = 0
        for (i, (position, size)) in zip(index, shape).enumerated() {
            precondition(position >= 0 && position < size, "index \(index) is out of bounds for shape \(shape) at axis \(i)")
            flat = flat * size + position
        }
        return flat
    }

    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    /// Writes the elements in place, copying the storage first if another tensor shares it.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
    }

    @inlinable
    static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(16).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 16 ? ", …" : "")])"
    }
}

extension Tensor {
    /// True when every element of both tensors is within `tolerance` (absolute plus relative).
    public func isApproximatelyEqual(to other: Tensor, absoluteTolerance: Float = 1e-5,
                                     relativeTolerance: Float = 1e-4) -> Bool {
        guard shape == other.shape else { return false }
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                for i in 0..<a.count {
                    let limit = absoluteTolerance + relativeTolerance * Swift.max(Swift.abs(a[i]), Swift.abs(b[i]))
                    if !(Swift.abs(a[i] - b[i]) <= limit) { return false }
                }
                return true
            }
        }
    }
}
