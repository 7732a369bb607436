/// The gradients that one reverse-mode pass computed, one per leaf reached.
public struct Gradients: @unchecked Sendable {
    // Sendable: built and then only read; leaves are immutable nodes.
    @usableFromInline var byLeaf: [ObjectIdentifier: (leaf: GradNode, gradient: Tensor)] = [:]

    public init() {}

    /// d(output)/d(leaf), or nil when the output does not depend on that leaf.
    public subscript(leaf: Tensor) -> Tensor? {
        guard let node = leaf.node else { return nil }
        return byLeaf[ObjectIdentifier(node)]?.gradient
    }

    /// How many leaves received a gradient.
    public var count: Int { byLeaf.count }
}

extension Tensor {
    /// Reverse-mode automatic differentiation: the gradient of this one-element tensor with
    /// respect to every leaf it was computed from.
    ///
    /// The graph is consumed: each pullback runs once and is then released, so saved
    /// activations are freed as soon as possible (as PyTorch's `backward()` does). Pass
    /// `retainingGraph: true` to differentiate the same graph again.
    public func gradients(retainingGraph: Bool = false) -> Gradients {
        precondition(count == 1, "gradients() needs a one-element output (a loss); this one has shape \(shape). Use gradients(seed:) otherwise")
        return gradients(seed: Tensor(repeating: 1, shape: shape), retainingGraph: retainingGraph)
    }

    /// Reverse mode seeded with d(loss)/d(self) = `seed`: a vector–Jacobian product.
    public func gradients(seed: Tensor, retainingGraph: Bool = false) -> Gradients {
        precondition(seed.shape == shape, "gradient seed shape \(seed.shape) must equal the output shape \(shape)")
        guard let root = node else { return Gradients() }
        precondition(!root.isConsumed, "this graph was already differentiated and freed; build it again or pass retainingGraph: true")
        return withoutGradients {
            Self.reverseMode(from: root, seed: seed.detached(), retainingGraph: retainingGraph)
        }
    }

    private static func reverseMode(from root: GradNode, seed: Tensor, retainingGraph: Bool) -> Gradients {
        let order = topologicalOrder(from: root)
        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
        var result = Gradients()
        // Reverse topological order: a node's gradient is complete before it is pulled back.
        for node in order.reversed() {
            let id = ObjectIdentifier(node)
            guard let gradient = pending.removeValue(forKey: id) else { continue }
            precondition(!node.isConsumed, "part of this graph was already differentiated and freed; build it again or pass retainingGraph: true the first time")
            if node.edges.isEmpty {
                result.byLeaf[id] = (node, gradient)
                continue
            }
            for edge in node.edges {
                if let accumulate = edge.accumulate {
                    let inputID = ObjectIdentifier(edge.input)
                    var sum = pending.removeValue(forKey: inputID)  // removed, so that it is uniquely referenced
                    accumulate(&sum, gradient)
                    pending[inputID] = sum
                    continue
                }
                let share = edge.pullback(gradient)
                assert(share.shape == edge.input.shape, "pullback gave shape \(share.shape) for an input of shape \(edge.input.shape)")
                let inputID = ObjectIdentifier(edge.input)
                if var sum = pending.removeValue(forKey: inputID) {
                    sum.add(share)
                    pending[inputID] = sum
                } else {
                    pending[inputID] = share
                }
            }
            if !retainingGraph {
                node.edges = []
                node.isConsumed = true
            }
        }
        return result
    }

    /// Nodes reachable from `root`, each after all of its inputs. Iterative, so that long
    /// chains (backpropagation through many time steps) cannot overflow the stack.
    private static func topologicalOrder(from root: GradNode) -> [GradNode] {
        var order: [GradNode] = []
        var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var stack: [(node: GradNode, nextEdge: Int)] = [(root, 0)]
        while let top = stack.last {
            if top.nextEdge < top.node.edges.count {
                stack[stack.count - 1].nextEdge += 1
                let input = top.node.edges[top.nextEdge].input
                if visited.insert(ObjectIdentifier(input)).inserted { stack.append((input, 0)) }
            } else {
                order.append(top.node)
                stack.removeLast()
            }
        }
        return order
    }
}
