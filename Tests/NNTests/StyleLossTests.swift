import NN
import Tensors
import Testing
import TestSupport

@Suite struct StyleLossTests {
    /// G[b][i][j] = Σ_p F[b][i][p]·F[b][j][p] / (C·H·W), in Double, loop by loop.
    private func referenceGram(_ features: Tensor) -> [Double] {
        let (b, c, positions) = (features.shape[0], features.shape[1], features.shape[2] * features.shape[3])
        let f = features.scalars.map(Double.init)
        var gram = [Double](repeating: 0, count: b * c * c)
        for n in 0..<b {
            for i in 0..<c {
                for j in 0..<c {
                    var sum = 0.0
                    for p in 0..<positions { sum += f[(n * c + i) * positions + p] * f[(n * c + j) * positions + p] }
                    gram[(n * c + i) * c + j] = sum / Double(c * positions)
                }
            }
        }
        return gram
    }

    @Test func gramMatrixMatchesItsDefinition() {
        let features = randomInput([2, 5, 3, 4], seed: 1)
        let gram = gramMatrix(features)
        #expect(gram.shape == [2, 5, 5])
        for (got, want) in zip(gram.scalars, referenceGram(features)) { #expect(abs(Double(got) - want) < 1e-5, "\(got) vs \(want)") }
    }

    /// The losses against hand-computed values on features small enough to do by hand: one
    /// filter of two positions [1, 2] against [0, 1], and Gram 5/2 against 1/2.
    @Test func lossesMatchHandComputedValues() {
        let features = Tensor(shape: [1, 1, 1, 2], scalars: [1, 2])
        let target = Tensor(shape: [1, 1, 1, 2], scalars: [0, 1])
        // ½ ((1 − 0)² + (2 − 1)²) = 1.
        #expect(contentLoss(features: features, target: target).scalar == 1)
        // G = (1 + 4) / 2 = 2.5, A = (0 + 1) / 2 = 0.5: w · ¼ (2.5 − 0.5)² = 3 · 1 = 3.
        let loss = styleLoss(features: [features], targetGrams: [gramMatrix(target)], weights: [3])
        #expect(loss.scalar == 3)
    }

    /// The style and content losses' gradients with respect to the image, through a
    /// convolution and a ReLU, as style transfer takes them.
    @Test func gradientsWithRespectToTheImageMatchFiniteDifferences() {
        var generator = SeededGenerator(seed: 7)
        let conv = Conv2D(inputChannels: 3, outputChannels: 4, kernelSize: 3, padding: 1, generator: &generator)
        let style = randomInput([1, 3, 5, 5], seed: 2), content = randomInput([1, 3, 5, 5], seed: 3)
        let (styleGram, contentFeatures) = withoutGradients { (gramMatrix(conv(style).relu()), conv(content).relu()) }
        checkGradients(of: { inputs in
            let features = conv(inputs[0]).relu()
            return contentLoss(features: features, target: contentFeatures) * 0.1
                + styleLoss(features: [features, inputs[0]], targetGrams: [styleGram, gramMatrix(style)], weights: [10, 5])
        }, at: [randomInput([1, 3, 5, 5], seed: 4)], step: 1e-2, absoluteTolerance: 5e-3)
    }
}
