/// One value in a define-by-run autodiff graph.
///
/// A node keeps, for each input that needs a gradient, that input's node and the pullback
/// that maps this node's gradient to that input's share of it (the vector–Jacobian product).
/// Leaves have no edges: they are the tensors gradients are asked for (parameters, inputs).
@usableFromInline
final class GradNode {
    @usableFromInline
    struct Edge {
        let input: GradNode
        let pullback: (Tensor) -> Tensor
        /// When set, reverse mode calls this instead of `pullback`: it adds this node's share
        /// into the input's running sum in place (nil when the input has none yet). A slice's
        /// gradient touches only its positions, so the T slices of a sequence cost O(T·slice),
        /// not T whole-sized zero tensors and additions.
        var accumulate: ((inout Tensor?, Tensor) -> Void)?
    }

    /// Emptied once `gradients()` has used them, to free the saved activations early.
    @usableFromInline var edges: [Edge]
    /// Shape of the value, so a gradient that never arrives can be reported as zeros.
    @usableFromInline let shape: [Int]
    /// Set when reverse mode has consumed this node's edges.
    @usableFromInline var isConsumed = false

    @usableFromInline
    init(shape: [Int], edges: [Edge]) {
        self.shape = shape
        self.edges = edges
    }
}

extension Tensor {
    /// This tensor as a leaf of the autodiff graph: operations on it record how to
    /// differentiate themselves, and `gradients()` reports d(output)/d(self).
    public func requiringGradient() -> Tensor {
        Tensor(shape: shape, storage: storage, node: GradNode(shape: shape, edges: []))
    }

    /// Whether operations on this tensor are recorded for reverse mode.
    public var requiresGradient: Bool { node != nil }

    /// The same values cut off from the graph: no gradient flows through the result.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// Records `result` as computed from `inputs`, each given with its pullback. Inputs that do
    /// not require gradients are skipped, and nothing is recorded when none does or when
    /// gradient recording is off on this thread.
    static func recording(_ result: Tensor, _ inputs: [(Tensor, (Tensor) -> Tensor)]) -> Tensor {
        guard GradientMode.isEnabled else { return result }
        var edges: [GradNode.Edge] = []
        for (input, pullback) in inputs {
            if let node = input.node { edges.append(GradNode.Edge(input: node, pullback: pullback, accumulate: nil)) }
        }
        if edges.isEmpty { return result }
        var recorded = result
        recorded.node = GradNode(shape: result.shape, edges: edges)
        return recorded
    }

    /// Records `result` as a part of `input` whose gradient `add` writes into a whole-sized
    /// sum for the input: in place into the running sum reverse mode keeps (zeros when there
    /// is none yet), or into zeros as a pullback.
    static func recording(_ result: Tensor, part input: Tensor,
                          addingGradientInto add: @escaping (_ gradient: Tensor, _ sum: inout Tensor) -> Void) -> Tensor {
        guard GradientMode.isEnabled, let node = input.node else { return result }
        let shape = input.shape
        let accumulate = { (sum: inout Tensor?, gradient: Tensor) in
            var whole = sum ?? Tensor(zeros: shape)
            sum = nil  // so that `whole` is the storage's only reference and is written in place
            add(gradient, &whole)
            sum = whole
        }
        let pullback = { (gradient: Tensor) -> Tensor in
            var whole = Tensor(zeros: shape)
            add(gradient, &whole)
            return whole
        }
        var recorded = result
        recorded.node = GradNode(shape: result.shape, edges: [GradNode.Edge(input: node, pullback: pullback, accumulate: accumulate)])
        return recorded
    }

    /// Whether an operation on these inputs would be recorded: lets an op skip saving what
    /// only its backward pass needs.
    static func needsRecording(_ inputs: Tensor...) -> Bool {
        GradientMode.isEnabled && inputs.contains { $0.node != nil }
    }
}
