import Testing
import Tensors
import NN

@Suite struct GradientClipping {
    @Test func clipsToMaxNormAndReturnsTheNormBefore() {
        // ‖([3, 4], [12])‖ = √(9 + 16 + 144) = 13; scaled by 6.5/13 = 0.5 (up to PyTorch's 1e-6).
        var gradients: [Tensor?] = [Tensor([3, 4]), nil, Tensor([12])]
        let norm = clipByGlobalNorm(&gradients, maxNorm: 6.5)
        #expect(norm == 13)
        #expect(gradients[0]!.isApproximatelyEqual(to: Tensor([1.5, 2])))
        #expect(gradients[1] == nil)
        #expect(gradients[2]!.isApproximatelyEqual(to: Tensor([6])))
        #expect(Swift.abs(globalNorm(gradients) - 6.5) < 1e-5)
    }

    @Test func leavesSmallGradientsAlone() {
        var gradients: [Tensor?] = [Tensor([0.3, 0.4])]
        #expect(clipByGlobalNorm(&gradients, maxNorm: 1) == 0.5)
        #expect(gradients[0]!.scalars == [0.3, 0.4])
    }

    @Test func clippedGradientsDriveAnOptimizer() {
        let p = Parameter(Tensor([0, 0]))
        var gradients = ((p.value - Tensor([3, 4])).squared().sum() * 0.5).gradients()[[p]]  // g = [−3, −4]
        clipByGlobalNorm(&gradients, maxNorm: 1)
        SGD(learningRate: 1).update([p], with: gradients)
        #expect(p.value.isApproximatelyEqual(to: Tensor([0.6, 0.8])))
    }
}

@Suite struct LearningRateSchedules {
    @Test func constant() {
        #expect(ConstantLearningRate(0.3).learningRate(at: 1000) == 0.3)
    }

    @Test func linear() {
        let schedule = LinearDecay(from: 1, to: 0.1, over: 10)
        #expect(schedule.learningRate(at: 0) == 1)
        #expect(Swift.abs(schedule.learningRate(at: 5) - 0.55) < 1e-6)
        #expect(schedule.learningRate(at: 10) == 0.1)
        #expect(schedule.learningRate(at: 20) == 0.1)
    }

    @Test func stepDecay() {
        let schedule = StepDecay(initial: 1, factor: 0.5, every: 3)
        #expect([0, 2, 3, 5, 6, 7].map(schedule.learningRate(at:)) == [1, 1, 0.5, 0.5, 0.25, 0.25])
    }

    @Test func exponentialDecay() {
        let schedule = ExponentialDecay(initial: 2, rate: 0.5, decaySteps: 2)
        #expect(schedule.learningRate(at: 0) == 2)
        #expect(Swift.abs(schedule.learningRate(at: 1) - 2 * Float(0.5).squareRoot()) < 1e-6)
        #expect(schedule.learningRate(at: 4) == 0.5)
    }

    @Test func drivesAnOptimizer() {
        let optimizer = Adam(learningRate: 1)
        optimizer.setLearningRate(from: LinearDecay(from: 1, to: 0.1, over: 10), at: 5)
        #expect(Swift.abs(optimizer.learningRate - 0.55) < 1e-6)
    }
}
