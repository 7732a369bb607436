import NN
import Tensors

/// The Fashion-MNIST CNN of models/cnn.toml (conv 32, pool, conv 64, pool, dense 128, dense
/// 10) at batch 64: one training step (forward, backward, Adam), the time of an epoch of
/// 60,000 images that makes, and each layer alone — the figures to hold beside PyTorch's
/// (bench/pytorch_fashion_cnn.py).
enum FashionCNNBenchmark {
    static let batchSize = 64

    static func run() -> [BenchmarkResult] {
        var generator = SeededGenerator(seed: 5)
        let conv1 = Conv2D(inputChannels: 1, outputChannels: 32, kernelSize: 3, padding: 1, generator: &generator)
        let conv2 = Conv2D(inputChannels: 32, outputChannels: 64, kernelSize: 3, padding: 1, generator: &generator)
        let dense1 = Dense(inputSize: 3136, outputSize: 128, generator: &generator)
        let network = Sequential(conv1, ReLU(), MaxPool2D(kernelSize: 2), conv2, ReLU(), MaxPool2D(kernelSize: 2),
                                 Flatten(), dense1, ReLU(), Dense(inputSize: 128, outputSize: 10, generator: &generator))
        let optimizer = Adam(learningRate: 1e-3)
        let images = Tensor.uniform(shape: [batchSize, 1, 28, 28], generator: &generator)
        let labels = (0..<batchSize).map { _ in generator.nextInt(below: 10) }
        let step = Stopwatch.medianSeconds(minimumSeconds: 3) {
            let loss = softmaxCrossEntropy(logits: network(images), labels: labels)
            optimizer.update(network, with: loss.gradients())
        }
        let batchesPerEpoch = (60_000 + batchSize - 1) / batchSize
        var results = [
            BenchmarkResult(name: "fashion_cnn_train_step_b64", value: step * 1e3, unit: "ms", reference: "forward, backward, Adam"),
            BenchmarkResult(name: "fashion_cnn_epoch_60k", value: step * Double(batchesPerEpoch), unit: "s",
                            reference: "\(batchesPerEpoch) steps; PyTorch 2 threads ≈ 14.5 s: python3 bench/pytorch_fashion_cnn.py"),
        ]
        let layers: [(name: String, layer: any Layer, input: [Int])] = [
            ("conv1", conv1, [batchSize, 1, 28, 28]), ("pool1", MaxPool2D(kernelSize: 2), [batchSize, 32, 28, 28]),
            ("conv2", conv2, [batchSize, 32, 14, 14]), ("pool2", MaxPool2D(kernelSize: 2), [batchSize, 64, 14, 14]),
            ("dense1", dense1, [batchSize, 3136]),
        ]
        for (name, layer, shape) in layers {
            let input = Tensor.uniform(shape: shape, generator: &generator)
            let forward = Stopwatch.medianSeconds(minimumSeconds: 0.3) { _ = withoutGradients { layer(input) } }
            // The images need no gradient, as in training.
            let x = name == "conv1" ? input : input.requiringGradient()
            let both = Stopwatch.medianSeconds(minimumSeconds: 0.3) { _ = layer(x).sum().gradients() }
            results.append(BenchmarkResult(name: "fashion_cnn_\(name)_forward / backward", value: forward * 1e3, unit: "ms",
                                           reference: String(format: "backward %.2f ms", (both - forward) * 1e3)))
        }
        return results
    }
}
