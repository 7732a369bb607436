import NN
import Tensors

/// Each layer of the Nature DQN network alone at batch 32: forward with no graph, and
/// forward + backward with respect to its input and parameters; for the convolutions, each of
/// their three products (forward, filter gradient, data gradient) in GFLOP/s and as a share of
/// the machine's peak. Tells where a training step's time goes.
enum LayerBenchmark {
    static func run() -> [BenchmarkResult] {
        var generator = SeededGenerator(seed: 3)
        let peak = MachinePeak.measured
        let convolutions: [(name: String, layer: Conv2D, input: [Int])] = [
            ("conv1", Conv2D(inputChannels: 4, outputChannels: 32, kernelSize: 8, stride: 4, generator: &generator), [32, 4, 84, 84]),
            ("conv2", Conv2D(inputChannels: 32, outputChannels: 64, kernelSize: 4, stride: 2, generator: &generator), [32, 32, 20, 20]),
            ("conv3", Conv2D(inputChannels: 64, outputChannels: 64, kernelSize: 3, stride: 1, generator: &generator), [32, 64, 9, 9]),
        ]
        var results: [BenchmarkResult] = []
        for (name, layer, shape) in convolutions {
            let input = Tensor.uniform(shape: shape, generator: &generator)
            let output = withoutGradients { layer(input) }.shape
            // Each of the three passes is one product of this many multiply-adds.
            let flops = 2 * Double(output[0] * output[1] * output[2] * output[3] * layer.weight.shape.dropFirst().reduce(1, *))
            let x = input.requiringGradient()
            let times = Stopwatch.medianSeconds(minimumSeconds: 1.5, [
                { _ = withoutGradients { layer(input) } },
                { _ = layer(input).sum().gradients() },  // forward, then the filter gradient
                { _ = layer(x).sum().gradients() },      // and the data gradient too
            ])
            let passes = [("forward", times[0]), ("filter_gradient", times[1] - times[0]), ("data_gradient", times[2] - times[1])]
            for (pass, seconds) in passes {
                let rate = flops / seconds / 1e9
                results.append(BenchmarkResult(name: "layer_\(name)_\(pass)_b32", value: seconds * 1e3, unit: "ms",
                                               reference: String(format: "%.0f GFLOP/s, %.0f%% of peak", rate, 100 * rate / peak)))
            }
        }
        let others: [(name: String, layer: any Layer, input: [Int])] = [
            ("dense1", Dense(inputSize: 3136, outputSize: 512, generator: &generator), [32, 3136]),
            ("relu", ReLU(), [32, 32, 20, 20]),
        ]
        for (name, layer, shape) in others {
            let input = Tensor.uniform(shape: shape, generator: &generator)
            let forward = Stopwatch.medianSeconds(minimumSeconds: 0.5) { _ = withoutGradients { layer(input) } }
            let x = input.requiringGradient()
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
