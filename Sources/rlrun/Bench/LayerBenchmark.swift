import NN
import Tensors

/// Each layer of the Nature DQN network alone at batch 32: forward with no graph, and
/// forward + backward with respect to its input and parameters. Tells where a training step's
/// time goes.
enum LayerBenchmark {
    static func run() -> [BenchmarkResult] {
        var generator = SeededGenerator(seed: 3)
        let layers: [(name: String, layer: any Layer, input: [Int])] = [
            ("conv1", Conv2D(inputChannels: 4, outputChannels: 32, kernelSize: 8, stride: 4, generator: &generator), [32, 4, 84, 84]),
            ("conv2", Conv2D(inputChannels: 32, outputChannels: 64, kernelSize: 4, stride: 2, generator: &generator), [32, 32, 20, 20]),
            ("conv3", Conv2D(inputChannels: 64, outputChannels: 64, kernelSize: 3, stride: 1, generator: &generator), [32, 64, 9, 9]),
            ("dense1", Dense(inputSize: 3136, outputSize: 512, generator: &generator), [32, 3136]),
            ("relu", ReLU(), [32, 32, 20, 20]),
        ]
        var results: [BenchmarkResult] = []
        for (name, layer, shape) in layers {
            let input = Tensor.uniform(shape: shape, generator: &generator)
            let forward = Stopwatch.medianSeconds(minimumSeconds: 0.5) { _ = withoutGradients { layer(input) } }
            // conv1's input is the observation: no gradient is needed for it, as in training.
            let x = name == "conv1" ? input : input.requiringGradient()
            let both = Stopwatch.medianSeconds(minimumSeconds: 0.5) { _ = layer(x).sum().gradients() }
            results.append(BenchmarkResult(name: "layer_\(name)_forward_b32", value: forward * 1e3, unit: "ms", reference: "no graph"))
            results.append(BenchmarkResult(name: "layer_\(name)_backward_b32", value: (both - forward) * 1e3, unit: "ms",
                                           reference: "forward+backward minus forward"))
        }
        // One Adam step over the whole network's 1.7 M parameters: bound by memory traffic.
        let network = natureCNN(outputs: 4, generator: &generator)
        let parameters = network.parameters
        let gradients: [Tensor?] = parameters.map { Tensor.normal(shape: $0.shape, generator: &generator) }
        let adam = Adam(learningRate: 1e-4)
        let update = Stopwatch.medianSeconds(minimumSeconds: 0.5) { adam.update(parameters, with: gradients) }
        results.append(BenchmarkResult(name: "adam_step_nature_cnn", value: update * 1e3, unit: "ms",
                                       reference: "\(network.parameterCount) parameters"))
        return results
    }
}
