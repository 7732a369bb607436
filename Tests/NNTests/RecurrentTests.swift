import Foundation
import Testing
import Tensors
import NN
import TestSupport

/// The recurrences written out one number at a time, in Double: the references the layers are held to.
private enum Reference {
    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// W·v + b for W [rows, columns] as Float scalars, row-major.
    static func affine(_ w: [Float], _ b: [Float], _ v: [Double], rows: Int) -> [Double] {
        (0..<rows).map { r in zip(w[r * v.count..<(r + 1) * v.count], v).reduce(Double(b[r])) { $0 + Double($1.0) * $1.1 } }
    }

    /// Runs `cell` over [N, T, I] for each layer; `cell(weights, x, state) -> (h, state)`.
    static func run(_ x: [Float], n: Int, steps: Int, inputSize: Int, layers: [[[Float]]], hidden: Int,
                    cell: ([[Float]], [Double], [Double], [Double]) -> ([Double], [Double])) -> [Double] {
        var sequence = (0..<n).map { b in (0..<steps).map { t in (0..<inputSize).map { Double(x[(b * steps + t) * inputSize + $0]) } } }
        for weights in layers {
            sequence = sequence.map { row in
                var h = [Double](repeating: 0, count: hidden), c = h
                return row.map { input in
                    (h, c) = cell(weights, input, h, c)
                    return h
                }
            }
        }
        return sequence.flatMap { $0.flatMap { $0 } }
    }

    static func lstm(_ w: [[Float]], _ x: [Double], _ h: [Double], _ c: [Double]) -> ([Double], [Double]) {
        let size = h.count
        let a = zip(affine(w[0], w[2], x, rows: 4 * size), affine(w[1], w[3], h, rows: 4 * size)).map(+)
        var newH = h, newC = c
        for j in 0..<size {
            let i = sigmoid(a[j]), f = sigmoid(a[size + j]), g = tanh(a[2 * size + j]), o = sigmoid(a[3 * size + j])
            newC[j] = f * c[j] + i * g
            newH[j] = o * tanh(newC[j])
        }
        return (newH, newC)
    }

    static func gru(_ w: [[Float]], _ x: [Double], _ h: [Double], _ unused: [Double]) -> ([Double], [Double]) {
        let size = h.count
        let gx = affine(w[0], w[2], x, rows: 3 * size), gh = affine(w[1], w[3], h, rows: 3 * size)
        var newH = h
        for j in 0..<size {
            let r = sigmoid(gx[j] + gh[j]), z = sigmoid(gx[size + j] + gh[size + j])
            let candidate = tanh(gx[2 * size + j] + r * gh[2 * size + j])
            newH[j] = (1 - z) * candidate + z * h[j]
        }
        return (newH, unused)
    }
}

@Suite struct RecurrentLayers {
    private func weights(_ layer: some Layer, count: Int) -> [[[Float]]] {
        let all = layer.namedParameters.map(\.parameter.value.scalars)
        return (0..<count).map { Array(all[4 * $0..<4 * $0 + 4]) }
    }

    @Test func stackedLSTMMatchesTheReference() {
        var generator = SeededGenerator(seed: 1)
        let lstm = LSTM(inputSize: 3, hiddenSize: 4, layerCount: 2, generator: &generator)
        #expect(lstm.namedParameters.map(\.name) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                                     "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"])
        #expect(lstm.namedParameters.map(\.parameter.shape) == [[16, 3], [16, 4], [16], [16], [16, 4], [16, 4], [16], [16]])
        let x = randomInput([2, 5, 3], seed: 2)
        let (output, state) = lstm(x, state: nil)
        let expected = Reference.run(x.scalars, n: 2, steps: 5, inputSize: 3, layers: weights(lstm, count: 2), hidden: 4, cell: Reference.lstm)
        #expect(output.shape == [2, 5, 4] && state.count == 2)
        for (a, b) in zip(output.scalars, expected) { #expect(abs(Double(a) - b) < 1e-5) }
        // The final hidden state is the last step's output.
        #expect(state[1].hidden.scalars == output.slice(axis: 1, 4..<5).scalars)
    }

    @Test func stackedGRUMatchesTheReference() {
        var generator = SeededGenerator(seed: 3)
        let gru = GRU(inputSize: 2, hiddenSize: 3, layerCount: 2, generator: &generator)
        #expect(gru.namedParameters.map(\.parameter.shape) == [[9, 2], [9, 3], [9], [9], [9, 3], [9, 3], [9], [9]])
        let x = randomInput([3, 4, 2], seed: 4)
        let expected = Reference.run(x.scalars, n: 3, steps: 4, inputSize: 2, layers: weights(gru, count: 2), hidden: 3, cell: Reference.gru)
        for (a, b) in zip(gru(x).scalars, expected) { #expect(abs(Double(a) - b) < 1e-5) }
    }

    /// Backpropagation through time, to the inputs and the initial states.
    @Test func gradientsThroughTimeToInputsAndInitialStates() {
        var generator = SeededGenerator(seed: 5)
        let lstm = LSTM(inputSize: 2, hiddenSize: 3, layerCount: 2, generator: &generator)
        checkGradients(of: { v in lstm(v[0], state: [(v[1], v[2]), (v[3], v[4])]).output },
                       at: [randomInput([2, 4, 2], seed: 6)] + (0..<4).map { randomInput([2, 3], seed: 7 + UInt64($0), range: -1...1) })
        let gru = GRU(inputSize: 2, hiddenSize: 3, layerCount: 2, generator: &generator)
        checkGradients(of: { v in gru(v[0], state: [v[1], v[2]]).output },
                       at: [randomInput([2, 4, 2], seed: 11)] + (0..<2).map { randomInput([2, 3], seed: 12 + UInt64($0), range: -1...1) })
    }

    /// The weights' gradients against central differences, a few elements of each.
    @Test(arguments: ["lstm", "gru"])
    func weightGradientsMatchFiniteDifferences(kind: String) {
        var generator = SeededGenerator(seed: 20)
        let layer: any Layer = kind == "lstm" ? LSTM(inputSize: 2, hiddenSize: 3, layerCount: 2, generator: &generator)
                                              : GRU(inputSize: 2, hiddenSize: 3, layerCount: 2, generator: &generator)
        let x = randomInput([2, 3, 2], seed: 21)
        let mix = randomInput([2, 3, 3], seed: 22)
        func loss() -> Tensor { (layer(x) * mix).sum() }
        let gradients = loss().gradients()
        for (name, parameter) in layer.namedParameters {
            let analytic = gradients[parameter]!.scalars
            for index in [0, parameter.count / 2, parameter.count - 1] {
                let original = parameter.value.scalars
                func lossWith(_ delta: Float) -> Double {
                    var changed = original
                    changed[index] += delta
                    parameter.assign(Tensor(shape: parameter.shape, scalars: changed))
                    return Double(withoutGradients { loss() }.scalar)
                }
                let numeric = (lossWith(1e-2) - lossWith(-1e-2)) / 2e-2
                parameter.assign(Tensor(shape: parameter.shape, scalars: original))
                #expect(abs(Double(analytic[index]) - numeric) < 2e-3 + 2e-2 * abs(numeric), "\(kind) \(name)[\(index)]")
            }
        }
    }
}
