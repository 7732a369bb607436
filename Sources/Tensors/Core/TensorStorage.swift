/// The buffer behind a `Tensor`: `count` Float32 values in one 64-byte-aligned allocation.
///
/// Invariant that makes `@unchecked Sendable` sound: a storage is written only through
/// `Tensor.withUnsafeMutableBufferPointer`, which first copies it unless the writing tensor
/// holds the only reference (copy-on-write). Storage shared between tensors, and so between
/// threads, is therefore never written.
@usableFromInline
final class TensorStorage: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Float>
    @usableFromInline let count: Int

    /// Uninitialized storage; the caller writes every element before reading any.
    @usableFromInline
    init(uninitializedCount count: Int) {
        precondition(count >= 0, "a tensor cannot have a negative element count")
        self.count = count
        // 64-byte alignment: a cache line, and the width of an AVX-512 register.
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    @usableFromInline
    convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    @usableFromInline
    func copy() -> TensorStorage {
        let other = TensorStorage(uninitializedCount: count)
        other.base.update(from: base, count: count)
        return other
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }
}
