/// Work on the upstream gradient that several pullbacks of one op need, done once.
///
/// A convolution's data and filter gradients both start from the upstream gradient laid out
/// as a matrix; reverse mode calls their pullbacks one after the other with the same upstream
/// tensor, so whichever runs first computes the matrix and the other reuses it. The upstream
/// tensor is kept alongside, so its storage cannot be freed and reused while it serves as the
/// key. Lives as long as the op's pullbacks: until reverse mode releases the node's edges.
final class SharedPullbackWork {
    private let compute: (Tensor) -> Tensor
    private var upstream: Tensor?
    private var value: Tensor?

    init(_ compute: @escaping (Tensor) -> Tensor) { self.compute = compute }

    func callAsFunction(_ gradient: Tensor) -> Tensor {
        if let upstream, let value, upstream.storage === gradient.storage { return value }
        let computed = compute(gradient)
        upstream = gradient
        value = computed
        return computed
    }
}
