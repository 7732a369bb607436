import Testing
import NN
import Tensors
import TestSupport

@Suite struct ConvTranspose2DTests {
    @Test func doublesTheImageAndChecksItsGradients() {
        var generator = SeededGenerator(seed: 1)
        let layer = ConvTranspose2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1,
                                    generator: &generator)
        let x = randomInput([2, 2, 4, 4], seed: 2)
        #expect(layer(x).shape == [2, 3, 8, 8])
        #expect(layer.namedParameters.map(\.name) == ["weight", "bias"] && layer.weight.shape == [2, 3, 3, 3])
        checkGradients(of: { layer($0[0]) }, at: [randomInput([1, 2, 3, 3], seed: 3)])
        checkGradients(of: { inputs in
            Tensor.transposedConv2d(x, filter: inputs[0], bias: inputs[1], stride: 2, padding: 1, outputPadding: 1)
        }, at: [layer.weight.value, randomInput([3], seed: 4)])
    }
}

/// Feeding a sequence in pieces, carrying the state, must give what the whole sequence gives:
/// that is how `rlrun sample` generates text one character at a time.
@Suite struct StatefulSequenceTests {
    @Test func anLSTMAndAGRUCarryTheirStateAcrossPieces() {
        var generator = SeededGenerator(seed: 5)
        let model = Sequential(Embedding(vocabularySize: 7, dimension: 4, generator: &generator),
                               LSTM(inputSize: 4, hiddenSize: 5, layerCount: 2, generator: &generator),
                               GRU(inputSize: 5, hiddenSize: 3, layerCount: 2, generator: &generator),
                               Dense(inputSize: 3, outputSize: 7, generator: &generator))
        // Rows 1 4 0 6 2 and 2 5 3 1 0, fed as their first three tokens, then their last two.
        let whole = model(Tensor(shape: [2, 5], scalars: [1, 4, 0, 6, 2, 2, 5, 3, 1, 0]))
        var states: [[Tensor]] = []
        let a = model(Tensor(shape: [2, 3], scalars: [1, 4, 0, 2, 5, 3]), carrying: &states)
        #expect(states.map(\.count) == [0, 4, 2, 0])  // the LSTM's h and c per layer, the GRU's h per layer
        let b = model(Tensor(shape: [2, 2], scalars: [6, 2, 1, 0]), carrying: &states)
        let joined = Tensor.concat([a, b], axis: 1)
        #expect(joined.isApproximatelyEqual(to: whole, absoluteTolerance: 1e-5))
    }
}
