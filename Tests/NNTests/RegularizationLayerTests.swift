import Testing
import Tensors
import NN
import TestSupport

@Suite struct DropoutLayer {
    @Test func dropsAboutItsRateAndScalesTheRestInTraining() {
        var generator = SeededGenerator(seed: 1)
        let dropout = Dropout(rate: 0.25, generator: &generator)
        let y = dropout(Tensor(repeating: 2, shape: [100, 100])).scalars
        let dropped = y.filter { $0 == 0 }.count
        #expect(dropped > 2_300 && dropped < 2_700)
        #expect(y.allSatisfy { $0 == 0 || abs($0 - 2 / 0.75) < 1e-6 })
        // Inverted dropout keeps the expected activation: the mean stays near 2.
        #expect(abs(y.reduce(0, +) / Float(y.count) - 2) < 0.05)
    }

    @Test func evaluationPassesTheInputThroughAndSequentialPassesTheSwitchOn() {
        var generator = SeededGenerator(seed: 2)
        let model = Sequential(Dense(inputSize: 3, outputSize: 50, generator: &generator), Dropout(rate: 0.5, generator: &generator))
        let x = randomInput([4, 3], seed: 3)
        model.setTraining(false)
        let first = model(x), second = model(x)
        #expect(first.scalars == second.scalars && !first.scalars.contains(0))
        model.setTraining(true)
        #expect(model(x).scalars.contains(0))
    }

    @Test func theSameSeedDropsTheSameElements() {
        func output(seed: UInt64) -> [Float] {
            var generator = SeededGenerator(seed: seed)
            return Dropout(rate: 0.5, generator: &generator)(Tensor(repeating: 1, shape: [64])).scalars
        }
        #expect(output(seed: 4) == output(seed: 4) && output(seed: 4) != output(seed: 5))
    }

    /// The gradient is the mask: checked with a layer made afresh from one seed on each call,
    /// so every call draws the same mask.
    @Test func gradientIsTheMask() {
        checkGradients(of: { x in
            var generator = SeededGenerator(seed: 6)
            return Dropout(rate: 0.3, generator: &generator)(x[0])
        }, at: [randomInput([3, 5], seed: 7)])
    }
}

@Suite struct PoolingAndEmbeddingLayers {
    @Test func globalAveragePoolingIsEachChannelsMean() {
        let x = Tensor(shape: [1, 2, 2, 2], scalars: [1, 2, 3, 4, 10, 20, 30, 40])
        #expect(GlobalAveragePooling2D()(x).shape == [1, 2] && GlobalAveragePooling2D()(x).scalars == [2.5, 25])
        checkGradients(of: { GlobalAveragePooling2D()($0[0]) }, at: [randomInput([2, 3, 4, 5], seed: 8)])
    }

    @Test func embeddingLooksUpRowsAndAddsTheGradientsOfRepeatedTokens() {
        var generator = SeededGenerator(seed: 9)
        let embedding = Embedding(vocabularySize: 5, dimension: 3, generator: &generator)
        let table = embedding.weight.value.scalars
        let y = embedding(Tensor(shape: [2, 2], scalars: [4, 0, 4, 2]))
        #expect(y.shape == [2, 2, 3])
        #expect(Array(y.scalars[0..<3]) == Array(table[12..<15]) && Array(y.scalars[9..<12]) == Array(table[6..<9]))
        let gradient = embedding([4, 0, 4, 2]).sum().gradients()[embedding.weight]!.scalars
        #expect(gradient == [1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 2, 2, 2])
        checkGradients(of: { $0[0].indexSelect(alongAxis: 0, indices: [1, 3, 1]) }, at: [randomInput([4, 3], seed: 10)])
    }
}

@Suite struct PoolingLayers {
    @Test func poolingLayersForwardToTheirOps() {
        let x = randomInput([2, 3, 6, 6], seed: 30)
        #expect(MaxPool2D(kernelSize: 2)(x).scalars == x.maxPool2d(kernelSize: 2, stride: 2).scalars)
        #expect(MaxPool2D(kernelSize: 2)(x).shape == [2, 3, 3, 3])
        #expect(AvgPool2D(kernelSize: 3, stride: 1, padding: 1)(x).scalars == x.avgPool2d(kernelSize: 3, stride: 1, padding: 1).scalars)
        #expect(MaxPool2D(kernelSize: 2).namedParameters.isEmpty)
    }
}
