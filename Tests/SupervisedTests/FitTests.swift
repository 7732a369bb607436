import Foundation
import Testing
import Datasets
import NN
import Supervised
import Tensors

@Suite struct ClassificationMetricsTests {
    @Test func accuracyTopKConfusionAndLossByHand() {
        var metrics = ClassificationMetrics(classCount: 3, topK: 2)
        // Predictions: 2, 0, 1, 1 for labels 2, 1, 1, 0.
        let logits = Tensor(shape: [4, 3], scalars: [0, 1, 5,   3, 2, 1,   0, 4, 1,   1, 2, 3])
        metrics.add(logits: logits, labels: [2, 1, 1, 0], meanLoss: 0.5)
        metrics.add(logits: Tensor(shape: [1, 3], scalars: [9, 0, 0]), labels: [0], meanLoss: 3)
        #expect(metrics.count == 5 && metrics.correct == 3 && metrics.accuracy == 0.6)
        // Top 2: row 2 (label 1 second), row 4 (label 0 is last: not) → 2 of 3 wrong ones are in.
        #expect(metrics.topKCorrect == 4)
        #expect(metrics.confusion == [[1, 0, 1], [1, 1, 0], [0, 0, 1]])
        #expect(abs(metrics.meanLoss - (0.5 * 4 + 3) / 5) < 1e-12)
    }
}

@Suite struct FitTests {
    private func bars(count: Int, seed: UInt64) -> LabelledDataset {
        var generator = SeededGenerator(seed: seed)
        let (images, labels) = SyntheticBars.make(count: count, generator: &generator)
        return LabelledDataset(features: images.scalars, exampleShape: [1, 8, 8], labels: labels, classCount: 2)
    }

    private func model(seed: UInt64) -> Sequential {
        var generator = SeededGenerator(seed: seed)
        return Sequential(Conv2D(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, generator: &generator),
                          BatchNorm(featureCount: 4), ReLU(), GlobalAveragePooling2D(), Dropout(rate: 0.1, generator: &generator),
                          Dense(inputSize: 4, outputSize: 2, generator: &generator))
    }

    @Test func learnsBarsAndValidatesEveryEpoch() throws {
        let network = model(seed: 1)
        let history = try fit(network, train: bars(count: 256, seed: 2), validation: bars(count: 128, seed: 3),
                              settings: FitSettings(epochs: 8, batchSize: 32, seed: 4), optimizer: Adam(learningRate: 0.03))
        #expect(history.count == 8 && history.allSatisfy { $0.validation?.count == 128 })
        let last = try #require(history.last?.validation)
        #expect((last.accuracy ?? 0) > 0.9, "validation accuracy \(String(describing: last.accuracy))")
        #expect(last.meanLoss < history[0].validation!.meanLoss)
        #expect(evaluate(network, on: bars(count: 128, seed: 3), batchSize: 32) == last)
        #expect(predict(network, on: bars(count: 4, seed: 5)) == bars(count: 4, seed: 5).labels || (last.accuracy ?? 0) < 1)
    }

    @Test func theSameSeedTrainsTheSameWeights() throws {
        func run() throws -> [Float] {
            let network = model(seed: 6)
            _ = try fit(network, train: bars(count: 64, seed: 7), validation: nil,
                        settings: FitSettings(epochs: 2, batchSize: 16, seed: 8), optimizer: Adam(learningRate: 0.01))
            return network.parameters.flatMap(\.value.scalars)
        }
        #expect(try run() == run())
    }

    @Test func earlyStoppingAndTheBestCheckpoint() throws {
        let path = NSTemporaryDirectory() + "rlrun-fit-\(UUID().uuidString).safetensors"
        // A learning rate of 0 never improves on the first epoch: patience 2 stops after the
        // third. (No BatchNorm here: its running statistics would move the validation loss.)
        func linear(seed: UInt64) -> Sequential {
            var generator = SeededGenerator(seed: seed)
            return Sequential(Flatten(), Dense(inputSize: 64, outputSize: 2, generator: &generator))
        }
        let history = try fit(linear(seed: 9), train: bars(count: 64, seed: 10), validation: bars(count: 32, seed: 11),
                              settings: FitSettings(epochs: 20, batchSize: 16, earlyStoppingPatience: 2, bestCheckpointPath: path),
                              optimizer: SGD(learningRate: 0))
        #expect(history.count == 3 && history.map(\.isBest) == [true, false, false])
        let saved = linear(seed: 99)
        #expect(try saved.load(from: path)["epoch"] == "1")
    }

    @Test func theScheduleSetsTheLearningRateEachStep() throws {
        let history = try fit(model(seed: 12), train: bars(count: 64, seed: 13), validation: nil,
                              settings: FitSettings(epochs: 2, batchSize: 16, schedule: StepDecay(initial: 0.1, factor: 0.5, every: 4)),
                              optimizer: SGD(learningRate: 1))
        // Steps 0–3 at 0.1, 4–7 at 0.05: the last step of each epoch is 3 and 7.
        #expect(history.map(\.learningRate) == [0.1, 0.05])
    }
}
