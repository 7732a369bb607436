import Tensors

/// A layer over sequences that can carry its state from one call to the next, so that a
/// sequence can be fed a piece at a time (generating text one character after another) and
/// give what it would give whole.
public protocol StatefulSequenceLayer: Layer {
    /// The output for `sequence` [N, T, F], starting from `state` (empty: zeros) and leaving in
    /// it the state after the last step, as a flat list of tensors.
    func callAsFunction(_ sequence: Tensor, carrying state: inout [Tensor]) -> Tensor
}

extension LSTM: StatefulSequenceLayer {
    /// The state is each layer's hidden and cell state, in that order, first layer first.
    public func callAsFunction(_ sequence: Tensor, carrying state: inout [Tensor]) -> Tensor {
        let pairs = state.isEmpty ? nil : stride(from: 0, to: state.count, by: 2).map { (hidden: state[$0], cell: state[$0 + 1]) }
        let (output, final) = self(sequence, state: pairs)
        state = final.flatMap { [$0.hidden, $0.cell] }
        return output
    }
}

extension GRU: StatefulSequenceLayer {
    /// The state is each layer's hidden state, first layer first.
    public func callAsFunction(_ sequence: Tensor, carrying state: inout [Tensor]) -> Tensor {
        let (output, final) = self(sequence, state: state.isEmpty ? nil : state)
        state = final
        return output
    }
}

extension Sequential {
    /// The layers in order, the stateful ones carrying their state in `states` (one entry per
    /// layer, empty for the others and at the start).
    public func callAsFunction(_ input: Tensor, carrying states: inout [[Tensor]]) -> Tensor {
        if states.isEmpty { states = Array(repeating: [], count: layers.count) }
        precondition(states.count == layers.count, "one state per layer: \(layers.count) layers, \(states.count) states")
        var x = input
        for (index, layer) in layers.enumerated() {
            if let recurrent = layer as? any StatefulSequenceLayer {
                x = recurrent(x, carrying: &states[index])
            } else {
                x = layer(x)
            }
        }
        return x
    }
}
