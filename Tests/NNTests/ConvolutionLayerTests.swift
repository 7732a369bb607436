import Testing
import Tensors
import NN
import TestSupport

@Suite struct ConvolutionLayer {
    @Test func forwardValue() {
        // One 3×3 image, a 2×2 filter of ones and bias 1: each output is its window's sum + 1.
        let conv = Conv2D(filter: Tensor(ones: [1, 1, 2, 2]), bias: Tensor([1]))
        let image = Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        // windows: 1+2+4+5 = 12, 2+3+5+6 = 16, 4+5+7+8 = 24, 5+6+8+9 = 28
        #expect(conv(image).shape == [1, 1, 2, 2])
        #expect(conv(image).scalars == [13, 17, 25, 29])
    }

    @Test func shapesAndNames() {
        var generator = SeededGenerator(seed: 1)
        let conv = Conv2D(inputChannels: 4, outputChannels: 8, kernelSize: 8, stride: 4, generator: &generator)
        #expect(conv.namedParameters.map(\.name) == ["weight", "bias"])
        #expect(conv.weight.shape == [8, 4, 8, 8])
        // Nature DQN's first layer: 84×84 → ⌊(84 − 8)/4⌋ + 1 = 20.
        #expect(conv(Tensor(zeros: [2, 4, 84, 84])).shape == [2, 8, 20, 20])
    }

    @Test func gradients() {
        var generator = SeededGenerator(seed: 2)
        let conv = Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, padding: 1,
                          biasInitializer: .constant(0.1), generator: &generator)
        checkGradients(of: { conv($0[0]) }, at: [randomInput([2, 2, 5, 5], seed: 3)])
        let gradients = conv(randomInput([2, 2, 5, 5], seed: 4)).sum().gradients()
        #expect(gradients[conv.weight]?.shape == [3, 2, 3, 3])
        // d Σ out / d bias[o] = number of output positions = N·OH·OW = 2·3·3.
        #expect(gradients[conv.bias!]?.scalars == [18, 18, 18])
    }
}

@Suite struct ConvolutionalLearning {
    @Test func cnnSeparatesHorizontalFromVerticalBars() {
        var generator = SeededGenerator(seed: 11)
        let train = SyntheticBars.make(count: 128, generator: &generator)
        let heldOut = SyntheticBars.make(count: 128, generator: &generator)
        let model = Sequential(
            Conv2D(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, generator: &generator), ReLU(),
            Conv2D(inputChannels: 4, outputChannels: 4, kernelSize: 3, stride: 2, padding: 1, generator: &generator), ReLU(),
            Flatten(), Dense(inputSize: 4 * 4 * 4, outputSize: 2, generator: &generator))
        let optimizer = Adam(learningRate: 0.01)
        for _ in 0..<100 {
            optimizer.update(model, with: softmaxCrossEntropy(logits: model(train.images), labels: train.labels).gradients())
        }
        let predictions = withoutGradients { model(heldOut.images) }.argmax(alongAxis: 1)
        let correct = zip(predictions, heldOut.labels).filter { $0 == $1 }.count
        #expect(Double(correct) / Double(heldOut.labels.count) >= 0.95, "held-out accuracy \(correct)/\(heldOut.labels.count)")
    }
}
