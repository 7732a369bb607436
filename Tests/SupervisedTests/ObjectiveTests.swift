import Testing
import Datasets
import NN
@testable import Supervised
import Tensors

@Suite struct ObjectiveTests {
    /// A denoiser of 4×4 images that are one of two patterns learns to give the clean pattern
    /// back: its loss on noisy copies falls well below the noise's own error.
    @Test func aDenoiserLearnsToRemoveNoise() throws {
        let patterns: [[Float]] = [(0..<16).map { $0 % 2 == 0 ? 1 : 0 }, (0..<16).map { $0 < 8 ? 1 : 0 }]
        let dataset = LabelledDataset(features: (0..<64).flatMap { patterns[$0 % 2] }, exampleShape: [16],
                                      labels: (0..<64).map { $0 % 2 }, classCount: 2)
        var generator = SeededGenerator(seed: 1)
        let model = Sequential(Dense(inputSize: 16, outputSize: 16, generator: &generator), Sigmoid())
        let denoising = Objective.denoising(noise: 0.3)
        let before = evaluate(Sequential([]), on: dataset, objective: denoising)  // the identity: the noise left in
        let history = try fit(model, train: dataset, validation: dataset,
                              settings: FitSettings(objective: denoising, epochs: 30, batchSize: 16, seed: 2), optimizer: Adam(learningRate: 0.05))
        let after = try #require(history.last?.validation)
        #expect(after.accuracy == nil && after.count == 64)
        #expect(after.meanLoss < before.meanLoss / 3, "loss \(after.meanLoss) against the noisy input's \(before.meanLoss)")
    }

    /// Next-token classification at every position: a sequence model learns "each token is the
    /// one after the previous" and is measured per position.
    @Test func aSequenceModelIsMeasuredAtEveryPosition() throws {
        let text = try TokenizedText(text: String(repeating: "abcdefg", count: 40))
        let dataset = text.labelledSequences(length: 6)
        #expect(dataset.labelsPerExample == 6 && dataset.count == 46)
        var generator = SeededGenerator(seed: 3)
        let model = Sequential(Embedding(vocabularySize: 7, dimension: 8, generator: &generator),
                               GRU(inputSize: 8, hiddenSize: 16, generator: &generator), Dense(inputSize: 16, outputSize: 7, generator: &generator))
        let history = try fit(model, train: dataset, validation: dataset,
                              settings: FitSettings(epochs: 15, batchSize: 8, seed: 4, maxGradientNorm: 5), optimizer: Adam(learningRate: 0.02))
        let last = try #require(history.last?.validation)
        #expect(last.count == 46 * 6)
        #expect((last.accuracy ?? 0) > 0.95, "accuracy \(String(describing: last.accuracy))")
        #expect(predict(model, on: dataset.subset([0])) == Array(dataset.labels(of: 0)))
    }

    /// DQfD's large-margin loss by hand: values [1, 2, 0.5] with label 0 and margin 0.8 give
    /// max(1, 2.8, 1.3) − 1 = 1.8; [3, 1, 2] with label 0 give max(3, 1.8, 2.8) − 3 = 0.
    @Test func theLargeMarginLossByHand() {
        let values = Tensor(shape: [2, 3], scalars: [1, 2, 0.5, 3, 1, 2])
        let model = Sequential([])
        let dataset = LabelledDataset(features: values.scalars, exampleShape: [3], labels: [0, 0], classCount: 3)
        let metrics = evaluate(model, on: dataset, objective: .largeMargin(margin: 0.8))
        #expect(abs(metrics.meanLoss - 0.9) < 1e-6 && metrics.accuracy == 0.5)
    }

    @Test func samplingIsSeededAndCarriesOnFromThePrompt() throws {
        let vocabulary = CharacterVocabulary(text: "abc")
        var generator = SeededGenerator(seed: 5)
        let model = Sequential(Embedding(vocabularySize: 3, dimension: 4, generator: &generator),
                               LSTM(inputSize: 4, hiddenSize: 6, generator: &generator), Dense(inputSize: 6, outputSize: 3, generator: &generator))
        func sample(seed: UInt64, temperature: Float) throws -> String {
            var generator = SeededGenerator(seed: seed)
            return try TextSampling.sample(model, vocabulary: vocabulary, prompt: "ab", length: 40, temperature: temperature, generator: &generator)
        }
        let text = try sample(seed: 6, temperature: 1)
        #expect(text.count == 42 && text.hasPrefix("ab") && text.allSatisfy { "abc".contains($0) })
        #expect(try sample(seed: 6, temperature: 1) == text)
        // A temperature near 0 always takes the most likely character: the same text from any seed.
        #expect(try sample(seed: 7, temperature: 1e-4) == sample(seed: 8, temperature: 1e-4))
        var unknown = SeededGenerator(seed: 9)
        #expect(throws: DatasetError.self) {
            try TextSampling.sample(model, vocabulary: vocabulary, prompt: "abz", length: 1, temperature: 1, generator: &unknown)
        }
    }

    /// A temperature too small for Float and logits a diverged model gives still draw an index.
    @Test func drawingSurvivesTinyTemperaturesAndNaNs() {
        var generator = SeededGenerator(seed: 11)
        #expect(TextSampling.draw(from: [0.5, 2, 1], temperature: Float.leastNormalMagnitude / 16, generator: &generator) == 1)
        #expect(TextSampling.draw(from: [.nan, .nan], temperature: 1, generator: &generator) == 0)
        #expect(TextSampling.draw(from: [.nan, 3, .infinity], temperature: 1, generator: &generator) == 2)
    }

    @Test func augmentationIsAppliedToTrainingBatchesOnly() throws {
        let dataset = LabelledDataset(features: (0..<32).map(Float.init), exampleShape: [1, 2, 2], labels: (0..<8).map { $0 % 2 }, classCount: 2)
        var generator = SeededGenerator(seed: 10)
        let model = Sequential(Flatten(), Dense(inputSize: 4, outputSize: 2, generator: &generator))
        let seen = SeenBatches()
        let settings = FitSettings(epochs: 1, batchSize: 4, augment: { images, _ in seen.count += images.shape[0]; return images * 0 })
        _ = try fit(model, train: dataset, validation: dataset, settings: settings, optimizer: SGD(learningRate: 0.1))
        #expect(seen.count == 8)  // the training examples, not the validation ones
    }
}

private final class SeenBatches: @unchecked Sendable { var count = 0 }
