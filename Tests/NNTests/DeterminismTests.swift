import Testing
import Tensors
import NN

/// Same seed, same run: initialization, data, convolution kernels split over threads and
/// Adam's lanes must give bit-identical parameters when training is repeated.
@Suite struct Determinism {
    /// A few Adam steps of a small CNN, large enough that im2col, col2im and the optimizer
    /// split their work over the cores; returns every parameter's values.
    private func train(seed: UInt64) -> [[Float]] {
        var generator = SeededGenerator(seed: seed)
        let data = SyntheticBars.make(count: 64, size: 16, generator: &generator)
        let model = Sequential(
            Conv2D(inputChannels: 1, outputChannels: 16, kernelSize: 4, stride: 2, padding: 1, generator: &generator), ReLU(),
            Conv2D(inputChannels: 16, outputChannels: 16, kernelSize: 3, padding: 1, generator: &generator), ReLU(),
            Flatten(), Dense(inputSize: 16 * 8 * 8, outputSize: 2, generator: &generator))
        let optimizer = Adam(learningRate: 0.01)
        for _ in 0..<3 {
            optimizer.update(model, with: softmaxCrossEntropy(logits: model(data.images), labels: data.labels).gradients())
        }
        return model.parameters.map(\.value.scalars)
    }

    @Test func sameSeedGivesBitIdenticalTraining() {
        let first = train(seed: 21), second = train(seed: 21)
        #expect(first == second)
        #expect(first != train(seed: 22))
    }
}
