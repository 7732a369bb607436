import Foundation
import Testing
import Tensors
import NN
import TestSupport

@Suite struct BatchNormLayer {
    /// The definition, one feature at a time, in Double: the reference the layer is held to.
    private func reference(_ x: [Float], batch: Int, features: Int, map: Int, epsilon: Double) -> [Float] {
        var y = [Float](repeating: 0, count: x.count)
        for c in 0..<features {
            var values: [Double] = []
            for n in 0..<batch { for i in 0..<map { values.append(Double(x[(n * features + c) * map + i])) } }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            for n in 0..<batch {
                for i in 0..<map {
                    let index = (n * features + c) * map + i
                    y[index] = Float((Double(x[index]) - mean) / (variance + epsilon).squareRoot())
                }
            }
        }
        return y
    }

    @Test(arguments: [[8, 3], [4, 3, 2, 5]])
    func trainingNormalizesEachFeatureOverTheBatch(shape: [Int]) {
        let x = randomInput(shape, seed: 1, range: -3...5)
        let norm = BatchNorm(featureCount: 3)
        let y = norm(x).scalars
        let map = shape.count == 4 ? shape[2] * shape[3] : 1
        let expected = reference(x.scalars, batch: shape[0], features: 3, map: map, epsilon: 1e-5)
        for (a, b) in zip(y, expected) { #expect(abs(a - b) < 1e-4) }
    }

    @Test func runningStatisticsFollowPyTorchsRuleAndServeEvaluation() {
        let norm = BatchNorm(featureCount: 1, momentum: 0.5)
        _ = norm(Tensor(shape: [4, 1], scalars: [1, 2, 3, 6]))
        // Batch mean 3, biased variance 3.5, unbiased 14/3: r ← ½·r + ½·batch.
        #expect(abs(norm.runningMean.value.scalars[0] - 1.5) < 1e-6)
        #expect(abs(norm.runningVariance.value.scalars[0] - (0.5 + 0.5 * 14 / 3)) < 1e-5)
        norm.setTraining(false)
        let y = norm(Tensor(shape: [1, 1], scalars: [4])).scalars[0]
        #expect(abs(y - (4 - 1.5) / (0.5 + 7 / 3 + 1e-5).squareRoot()) < 1e-5)
        // Evaluation leaves the running statistics alone.
        #expect(abs(norm.runningMean.value.scalars[0] - 1.5) < 1e-6)
    }

    @Test func gradientsInTrainingAndEvaluation() {
        checkGradients(of: { x in
            let norm = BatchNorm(featureCount: 2)
            return norm(x[0]) * Tensor(shape: [1, 2, 1, 1], scalars: [1, -2])  // not a symmetric sum, whose gradient is 0
        }, at: [randomInput([3, 2, 2, 2], seed: 2)])
        let trained = BatchNorm(featureCount: 3)
        _ = trained(randomInput([6, 3], seed: 3))
        trained.setTraining(false)
        checkGradients(of: { trained($0[0]) }, at: [randomInput([2, 3], seed: 4)])
        // γ and β: through a wrapper that puts them in as inputs.
        let norm = BatchNorm(featureCount: 2)
        let x = randomInput([5, 2], seed: 5)
        let gradients = (norm(x) * Tensor(shape: [5, 2], scalars: (0..<10).map { Float($0) })).sum().gradients()
        #expect(gradients[norm.weight] != nil && gradients[norm.bias]?.scalars == [20, 25])
    }

    /// The fused training op against the same function composed of broadcasting ops: outputs
    /// and the gradients of x, γ and β under a weighted sum.
    @Test(arguments: [[7, 3], [4, 3, 5, 6], [2, 5, 1, 1]])
    func theFusedOpMatchesTheComposedReference(shape: [Int]) {
        let norm = BatchNorm(featureCount: shape[1])
        norm.weight.assign(randomInput([shape[1]], seed: 7, range: 0.5...2))
        norm.bias.assign(randomInput([shape[1]], seed: 8))
        let x = randomInput(shape, seed: 9, range: -3...5).requiringGradient()
        let weights = randomInput(shape, seed: 10)
        let fused = norm(x), composed = norm.composedTraining(x)
        #expect(fused.isApproximatelyEqual(to: composed, absoluteTolerance: 1e-4))
        let fusedGradients = (fused * weights).sum().gradients(), composedGradients = (composed * weights).sum().gradients()
        for (a, b) in [(fusedGradients[x]!, composedGradients[x]!), (fusedGradients[norm.weight]!, composedGradients[norm.weight]!),
                       (fusedGradients[norm.bias]!, composedGradients[norm.bias]!)] {
            #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-3), "\(a.scalars.prefix(4)) against \(b.scalars.prefix(4))")
        }
    }

    @Test func checkpointsKeepTheRunningStatistics() throws {
        var generator = SeededGenerator(seed: 6)
        func model() -> Sequential {
            Sequential(Dense(inputSize: 3, outputSize: 4, generator: &generator), BatchNorm(featureCount: 4), ReLU())
        }
        let trained = model()
        for seed in 0..<5 { _ = trained(randomInput([8, 3], seed: UInt64(10 + seed))) }
        #expect(trained.namedBuffers.map(\.name) == ["1.running_mean", "1.running_var"])
        let path = NSTemporaryDirectory() + "rlrun-batchnorm-\(UUID().uuidString).safetensors"
        try trained.save(to: path)
        let restored = model()
        try restored.load(from: path)
        trained.setTraining(false)
        restored.setTraining(false)
        let x = randomInput([2, 3], seed: 20)
        #expect(restored(x).scalars == trained(x).scalars)
    }
}
