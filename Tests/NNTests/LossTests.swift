import Testing
import Tensors
import NN
import TestSupport

@Suite struct Losses {
    @Test func meanSquaredErrorValue() {
        // differences [−0.5, 0, 2], squares [0.25, 0, 4], mean 4.25/3
        let loss = meanSquaredError(predicted: Tensor([1, 2, 3]), target: Tensor([1.5, 2, 1]))
        #expect(Swift.abs(loss.scalar - 4.25 / 3) < 1e-6)
        #expect(meanSquaredError(predicted: Tensor([1, 2, 3]), target: Tensor([1.5, 2, 1]), reduction: .sum).scalar == 4.25)
        #expect(meanSquaredError(predicted: Tensor([1, 2, 3]), target: Tensor([1.5, 2, 1]), reduction: .none).scalars == [0.25, 0, 4])
    }

    @Test func huberValues() {
        // |r| = [0.5, 2, 1, 3]; δ = 1: [½·0.25, 2 − ½, ½·1, 3 − ½] = [0.125, 1.5, 0.5, 2.5], mean 1.15625
        let predicted = Tensor(zeros: [4]), target = Tensor([0.5, -2, 1, 3])
        #expect(huberLoss(predicted: predicted, target: target).scalar == 1.15625)
        // δ = 2: [0.125, ½·4, 0.5, 2·(3 − 1)] = [0.125, 2, 0.5, 4], mean 1.65625
        #expect(huberLoss(predicted: predicted, target: target, delta: 2).scalar == 1.65625)
    }

    @Test func huberGradientIsClippedErrorTerm() {
        // d/dp = clamp(p − t, −δ, δ): DQN's error clipping.
        let p = Tensor([-3, -0.5, 0.25, 4]).requiringGradient()
        let loss = huberLoss(predicted: p, target: Tensor(zeros: [4]), reduction: .sum)
        #expect(loss.gradients()[p]?.scalars == [-1, -0.5, 0.25, 1])
    }

    @Test func softmaxCrossEntropyValue() {
        // row 0: −log softmax([1, 2, 3])[2] = log(1 + e⁻¹ + e⁻²) = 0.4076060; row 1: log 3 = 1.0986123
        let logits = Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 0])
        #expect(Swift.abs(softmaxCrossEntropy(logits: logits, labels: [2, 0]).scalar - 0.7531091) < 1e-6)
        let perSample = softmaxCrossEntropy(logits: logits, labels: [2, 0], reduction: .none)
        #expect(perSample.isApproximatelyEqual(to: Tensor([0.4076060, 1.0986123])))
    }

    @Test func softmaxCrossEntropyIsStableForLargeLogits() {
        let logits = Tensor(shape: [2, 2], scalars: [1000, 0, 1000, 0])
        let losses = softmaxCrossEntropy(logits: logits, labels: [1, 0], reduction: .none).scalars
        #expect(losses == [1000, 0])
    }

    @Test func softmaxCrossEntropyOfAnEmptyBatchIsZero() {
        let logits = Tensor(zeros: [0, 3]).requiringGradient()
        let loss = softmaxCrossEntropy(logits: logits, labels: [])
        #expect(loss.shape == [] && loss.scalar == 0)
        #expect(loss.gradients()[logits]?.shape == [0, 3])
        #expect(softmaxCrossEntropy(logits: logits, labels: [], reduction: .sum).scalar == 0)
        #expect(softmaxCrossEntropy(logits: logits, labels: [], reduction: .none).shape == [0])
    }

    @Test func softmaxCrossEntropyRefusesALabelOutOfRange() async {
        let tooLarge = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = softmaxCrossEntropy(logits: Tensor(zeros: [2, 3]), labels: [0, 3])
        }
        let negative = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = softmaxCrossEntropy(logits: Tensor(zeros: [2, 3]), labels: [-1, 0])
        }
        for (result, expected) in [(tooLarge, "label 3 at index 1"), (negative, "label -1 at index 0")] {
            let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
            #expect(message.contains(expected) && message.contains("3 classes"), "\(message)")
        }
    }

    @Test func sigmoidCrossEntropyValue() {
        // softplus(x) − x·z: [ln 2, softplus(2), softplus(−3) + 1.5] = [0.6931472, 2.1269280, 1.5485874]
        let loss = sigmoidCrossEntropy(logits: Tensor([0, 2, -3]), labels: Tensor([1, 0, 0.5]))
        #expect(Swift.abs(loss.scalar - 1.4562208) < 1e-6)
    }

    @Test func sigmoidCrossEntropyIsStableForLargeLogits() {
        let losses = sigmoidCrossEntropy(logits: Tensor([100, 100, -100]), labels: Tensor([1, 0, 1]), reduction: .none)
        #expect(losses.isApproximatelyEqual(to: Tensor([0, 100, 100])))
    }

    @Test func gradients() {
        let a = randomInput([4, 3], seed: 11), b = randomInput([4, 3], seed: 12)
        checkGradients(of: { meanSquaredError(predicted: $0[0], target: $0[1]) }, at: [a, b])
        // Errors kept away from the kinks at 0 and ±δ, where finite differences straddle two pieces.
        let predicted = Tensor([-2.5, -0.4, 0.3, 0.7, 1.8, 3]), target = Tensor([0, 0, 0, 0, 0.2, -0.1])
        checkGradients(of: { huberLoss(predicted: $0[0], target: $0[1]) }, at: [predicted, target])
        checkGradients(of: { huberLoss(predicted: $0[0], target: $0[1], delta: 2, reduction: .none) }, at: [predicted, target])
        checkGradients(of: { softmaxCrossEntropy(logits: $0[0], labels: [2, 0, 1, 2]) }, at: [a])
        let z = Tensor(shape: [4, 3], scalars: [1, 0, 0.5, 1, 1, 0, 0, 0, 1, 0.25, 1, 0])
        checkGradients(of: { sigmoidCrossEntropy(logits: $0[0], labels: $0[1]) }, at: [a, z])
    }
}
