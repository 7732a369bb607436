import Tensors

// Recurrent layers over sequences [N, T, features] (batch first, as Keras takes them), in
// PyTorch's layout of weights and gate order so that a state dict moves between the two.
// Backpropagation through time is the engine's reverse mode over the unrolled steps: every
// step records its ops, and `gradients()` runs them back from the last step to the first.

/// One layer's weights: input-to-hidden [G·H, I], hidden-to-hidden [G·H, H] and their biases
/// [G·H], for G gates; PyTorch's initialization, U(−1/√H, 1/√H) for all four.
public struct RecurrentWeights {
    public let inputWeight: Parameter, hiddenWeight: Parameter, inputBias: Parameter, hiddenBias: Parameter

    init(gates: Int, inputSize: Int, hiddenSize: Int, generator: inout SeededGenerator) {
        let bound = 1 / Float(hiddenSize).squareRoot()
        func uniform(_ shape: [Int]) -> Parameter {
            Parameter(Tensor.uniform(shape: shape, low: -bound, high: bound, generator: &generator))
        }
        inputWeight = uniform([gates * hiddenSize, inputSize])
        hiddenWeight = uniform([gates * hiddenSize, hiddenSize])
        inputBias = uniform([gates * hiddenSize])
        hiddenBias = uniform([gates * hiddenSize])
    }

    /// The weights of `layerCount` layers, the first reading the input, the others the layer below.
    static func stack(of kind: String, gates: Int, inputSize: Int, hiddenSize: Int, layerCount: Int,
                      generator: inout SeededGenerator) -> [RecurrentWeights] {
        precondition(inputSize > 0 && hiddenSize > 0 && layerCount > 0, "\(kind) needs positive sizes, got \(inputSize), \(hiddenSize), \(layerCount) layers")
        return (0..<layerCount).map { layer in
            RecurrentWeights(gates: gates, inputSize: layer == 0 ? inputSize : hiddenSize, hiddenSize: hiddenSize, generator: &generator)
        }
    }

    func named(layer: Int) -> [(name: String, parameter: Parameter)] {
        [("weight_ih_l\(layer)", inputWeight), ("weight_hh_l\(layer)", hiddenWeight),
         ("bias_ih_l\(layer)", inputBias), ("bias_hh_l\(layer)", hiddenBias)]
    }

    /// x·W_ihᵀ + b_ih for every step at once: [N, T, I] → [N, T, G·H].
    func inputProjection(_ sequence: Tensor) -> Tensor {
        let (n, t) = (sequence.shape[0], sequence.shape[1])
        let flat = Tensor.matmul(sequence.reshaped([n * t, sequence.shape[2]]), inputWeight.value, transposeB: true) + inputBias.value
        return flat.reshaped([n, t, inputWeight.shape[0]])
    }

    /// h·W_hhᵀ + b_hh: [N, H] → [N, G·H].
    func hiddenProjection(_ hidden: Tensor) -> Tensor {
        Tensor.matmul(hidden, hiddenWeight.value, transposeB: true) + hiddenBias.value
    }
}

/// Long short-term memory (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al.
/// 2000), stacked `layerCount` deep, as PyTorch's `nn.LSTM`:
///
///     i, f, g, o = σ(·), σ(·), tanh(·), σ(·) of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh (in that order)
///     c′ = f ⊙ c + i ⊙ g,   h′ = o ⊙ tanh(c′)
public final class LSTM: Layer {
    public let inputSize: Int, hiddenSize: Int
    public let layers: [RecurrentWeights]

    public init(inputSize: Int, hiddenSize: Int, layerCount: Int = 1, generator: inout SeededGenerator) {
        (self.inputSize, self.hiddenSize) = (inputSize, hiddenSize)
        layers = RecurrentWeights.stack(of: "LSTM", gates: 4, inputSize: inputSize, hiddenSize: hiddenSize,
                                        layerCount: layerCount, generator: &generator)
    }

    /// The last layer's hidden state at every step [N, T, H], and each layer's final hidden
    /// and cell states ([N, H] each, first layer first). `state` starts the layers (zeros by default).
    ///
    /// `resets` [N, T] of 0s and 1s restarts sequence n from zero states before step t where it
    /// holds 1: several episodes in one row of a batch, as a recurrent agent replays them
    /// (Hausknecht & Stone 2015; Kapturowski et al. 2019), each starting as it started when played.
    public func callAsFunction(_ sequence: Tensor, state: [(hidden: Tensor, cell: Tensor)]? = nil, resets: Tensor? = nil)
        -> (output: Tensor, state: [(hidden: Tensor, cell: Tensor)]) {
        precondition(sequence.rank == 3 && sequence.shape[2] == inputSize, "LSTM(\(inputSize) → \(hiddenSize)) needs [N, T, \(inputSize)], got \(sequence.shape)")
        precondition(state == nil || state!.count == layers.count, "LSTM of \(layers.count) layers needs as many states, got \(state!.count)")
        precondition(resets == nil || resets!.shape == Array(sequence.shape.prefix(2)), "LSTM resets are [N, T] = \(Array(sequence.shape.prefix(2))), got \(resets!.shape)")
        let (n, steps, h) = (sequence.shape[0], sequence.shape[1], hiddenSize)
        // 1 − resets, one [N, 1] column a step: the share of the state that goes on.
        let keeps = resets.map { resets in (0..<steps).map { 1 - resets.slice(axis: 1, $0..<$0 + 1) } }
        var input = sequence
        var finalStates: [(hidden: Tensor, cell: Tensor)] = []
        for (index, weights) in layers.enumerated() {
            var (hidden, cell) = state?[index] ?? (Tensor(zeros: [n, h]), Tensor(zeros: [n, h]))
            let projected = weights.inputProjection(input)
            var outputs: [Tensor] = []
            for t in 0..<steps {
                if let keeps { (hidden, cell) = (hidden * keeps[t], cell * keeps[t]) }
                let gates = projected.slice(axis: 1, t..<t + 1).reshaped([n, 4 * h]) + weights.hiddenProjection(hidden)
                let i = gates.slice(axis: 1, 0..<h).sigmoid(), f = gates.slice(axis: 1, h..<2 * h).sigmoid()
                let g = gates.slice(axis: 1, 2 * h..<3 * h).tanh(), o = gates.slice(axis: 1, 3 * h..<4 * h).sigmoid()
                cell = f * cell + i * g
                hidden = o * cell.tanh()
                outputs.append(hidden)
            }
            finalStates.append((hidden, cell))
            input = Tensor.stack(outputs, axis: 1)
        }
        return (input, finalStates)
    }

    /// The last layer's hidden state at every step, from zero states: [N, T, H].
    public func callAsFunction(_ sequence: Tensor) -> Tensor { self(sequence, state: nil).output }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        layers.enumerated().flatMap { $1.named(layer: $0) }
    }
}

/// Gated recurrent unit (Cho et al. 2014), stacked `layerCount` deep, as PyTorch's `nn.GRU`:
///
///     r, z = σ(·) of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh (gates r, z, n in that order)
///     n = tanh(x·W_inᵀ + b_in + r ⊙ (h·W_hnᵀ + b_hn)),   h′ = (1 − z) ⊙ n + z ⊙ h
public final class GRU: Layer {
    public let inputSize: Int, hiddenSize: Int
    public let layers: [RecurrentWeights]

    public init(inputSize: Int, hiddenSize: Int, layerCount: Int = 1, generator: inout SeededGenerator) {
        (self.inputSize, self.hiddenSize) = (inputSize, hiddenSize)
        layers = RecurrentWeights.stack(of: "GRU", gates: 3, inputSize: inputSize, hiddenSize: hiddenSize,
                                        layerCount: layerCount, generator: &generator)
    }

    /// The last layer's hidden state at every step [N, T, H], and each layer's final hidden
    /// state [N, H]. `state` starts the layers (zeros by default).
    public func callAsFunction(_ sequence: Tensor, state: [Tensor]? = nil) -> (output: Tensor, state: [Tensor]) {
        precondition(sequence.rank == 3 && sequence.shape[2] == inputSize, "GRU(\(inputSize) → \(hiddenSize)) needs [N, T, \(inputSize)], got \(sequence.shape)")
        precondition(state == nil || state!.count == layers.count, "GRU of \(layers.count) layers needs as many states, got \(state!.count)")
        let (n, steps, h) = (sequence.shape[0], sequence.shape[1], hiddenSize)
        var input = sequence
        var finalStates: [Tensor] = []
        for (index, weights) in layers.enumerated() {
            var hidden = state?[index] ?? Tensor(zeros: [n, h])
            let projected = weights.inputProjection(input)
            var outputs: [Tensor] = []
            for t in 0..<steps {
                let x = projected.slice(axis: 1, t..<t + 1).reshaped([n, 3 * h]), recurrent = weights.hiddenProjection(hidden)
                let r = (x.slice(axis: 1, 0..<h) + recurrent.slice(axis: 1, 0..<h)).sigmoid()
                let z = (x.slice(axis: 1, h..<2 * h) + recurrent.slice(axis: 1, h..<2 * h)).sigmoid()
                let candidate = (x.slice(axis: 1, 2 * h..<3 * h) + r * recurrent.slice(axis: 1, 2 * h..<3 * h)).tanh()
                hidden = (1 - z) * candidate + z * hidden
                outputs.append(hidden)
            }
            finalStates.append(hidden)
            input = Tensor.stack(outputs, axis: 1)
        }
        return (input, finalStates)
    }

    /// The last layer's hidden state at every step, from zero states: [N, T, H].
    public func callAsFunction(_ sequence: Tensor) -> Tensor { self(sequence, state: nil).output }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        layers.enumerated().flatMap { $1.named(layer: $0) }
    }
}
