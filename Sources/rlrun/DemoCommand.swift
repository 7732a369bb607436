import Foundation
import ArgumentParser
import NN
import Tensors

/// `rlrun demo`: the engine learning two small problems from scratch, step by step in view.
/// The toolkit's main job, `rlrun dqn breakout`, arrives with the agents.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Train an MLP on XOR and a CNN on synthetic images, printing progress.")

    @Option(help: "Seed for initialization and data.")
    var seed: UInt64 = 1

    func run() throws {
        var generator = SeededGenerator(seed: seed)
        trainXOR(generator: &generator)
        trainBars(generator: &generator)
    }

    /// XOR: not linearly separable, so the hidden layer has to learn features.
    private func trainXOR(generator: inout SeededGenerator) {
        print("XOR with a 2-8-1 tanh MLP, Adam 0.05, binary cross-entropy")
        let model = Sequential(Dense(inputSize: 2, outputSize: 8, generator: &generator), Tanh(),
                               Dense(inputSize: 8, outputSize: 1, generator: &generator))
        let inputs = Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
        let labels = Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])
        let optimizer = Adam(learningRate: 0.05)
        for step in 1...300 {
            let loss = sigmoidCrossEntropy(logits: model(inputs), labels: labels)
            if step % 50 == 0 { print("  step \(step)  loss \(format(loss.scalar))") }
            optimizer.update(model, with: loss.gradients())
        }
        let probabilities = withoutGradients { model(inputs).sigmoid() }.scalars
        for (i, p) in probabilities.enumerated() {
            print("  \(Int(inputs[i, 0])) xor \(Int(inputs[i, 1])) → \(format(p))  (label \(Int(labels[i, 0])))")
        }
    }

    /// Horizontal versus vertical bars at random positions in noise: a small CNN, minibatches.
    private func trainBars(generator: inout SeededGenerator) {
        print("\nHorizontal vs vertical bars (16×16, noise σ 0.5) with a 2-layer CNN, Adam 0.01, minibatches of 64")
        let train = SyntheticBars.make(count: 1024, size: 16, noise: 0.5, generator: &generator)
        let test = SyntheticBars.make(count: 512, size: 16, noise: 0.5, generator: &generator)
        let model = Sequential(
            Conv2D(inputChannels: 1, outputChannels: 8, kernelSize: 3, padding: 1, generator: &generator), ReLU(),
            Conv2D(inputChannels: 8, outputChannels: 8, kernelSize: 3, stride: 2, padding: 1, generator: &generator), ReLU(),
            Flatten(), Dense(inputSize: 8 * 8 * 8, outputSize: 2, generator: &generator))
        let optimizer = Adam(learningRate: 0.01)
        let batchSize = 64
        for epoch in 1...5 {
            var order = Array(0..<train.labels.count)
            order.shuffle(using: &generator)
            var totalLoss: Float = 0
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let batch = Array(order[start..<min(start + batchSize, order.count)])
                let images = train.images.indexSelect(alongAxis: 0, indices: batch)
                let loss = softmaxCrossEntropy(logits: model(images), labels: batch.map { train.labels[$0] })
                totalLoss += loss.scalar * Float(batch.count)
                optimizer.update(model, with: loss.gradients())
            }
            let predictions = withoutGradients { model(test.images) }.argmax(alongAxis: 1)
            let correct = zip(predictions, test.labels).filter { $0 == $1 }.count
            print("  epoch \(epoch)  train loss \(format(totalLoss / Float(order.count)))  test accuracy \(correct)/\(test.labels.count)")
        }
    }

    private func format(_ value: Float) -> String { String(format: "%.4f", value) }
}
