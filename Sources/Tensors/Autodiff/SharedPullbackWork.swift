/// Work on the upstream gradient that several pullbacks of one op share, done once.
///
/// A convolution computes its data and filter gradients in one pass over the batch (both
/// start from the same reordered upstream gradient); reverse mode calls the two pullbacks one
/// after the other with the same upstream tensor, so whichever runs first does the pass and
/// the other takes its share. The upstream tensor is kept alongside, so that its storage
/// cannot be freed and reused while it serves as the key. Lives as long as the op's
/// pullbacks: until reverse mode releases the node's edges.
final class SharedPullbackWork<Value> {
    private let compute: (Tensor) -> Value
    private var upstream: Tensor?
    private var value: Value?

    init(_ compute: @escaping (Tensor) -> Value) { self.compute = compute }

    func callAsFunction(_ gradient: Tensor) -> Value {
        if let upstream, let value, upstream.storage === gradient.storage { return value }
        let computed = compute(gradient)
        upstream = gradient
        value = computed
        return computed
    }
}
