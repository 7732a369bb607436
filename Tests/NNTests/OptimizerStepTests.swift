import Testing
import Tensors
import NN

// Each optimizer takes three steps from θ₀ = [1, −2] with the fixed gradients
//   g₁ = [0.5, −1],  g₂ = [−1, 2],  g₃ = [2, 0.5],
// and the parameter after every step is compared with values worked out by hand from the
// paper's rule (the arithmetic is in the comments; checked in float64).

private let gradientsByStep: [[Float]] = [[0.5, -1], [-1, 2], [2, 0.5]]

/// The parameter's values after each of the three steps.
private func trajectory(_ optimizer: some Optimizer) -> [[Float]] {
    let θ = Parameter(Tensor([1, -2]))
    return gradientsByStep.map { g in
        optimizer.update(θ, gradient: Tensor(g))
        return θ.value.scalars
    }
}

private func expectTrajectory(_ optimizer: some Optimizer, _ expected: [[Float]],
                              tolerance: Float = 2e-6, sourceLocation: SourceLocation = #_sourceLocation) {
    let actual = trajectory(optimizer)
    for (step, (a, e)) in zip(actual, expected).enumerated() {
        let close = zip(a, e).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
        #expect(close, "step \(step + 1): got \(a), expected \(e)", sourceLocation: sourceLocation)
    }
}

@Suite struct OptimizerSteps {
    @Test func sgd() {
        // θ ← θ − 0.1·g
        // θ₁ = [1 − 0.05, −2 + 0.1] = [0.95, −1.9]
        // θ₂ = [0.95 + 0.1, −1.9 − 0.2] = [1.05, −2.1]
        // θ₃ = [1.05 − 0.2, −2.1 − 0.05] = [0.85, −2.15]
        expectTrajectory(SGD(learningRate: 0.1), [[0.95, -1.9], [1.05, -2.1], [0.85, -2.15]])
    }

    @Test func sgdWithWeightDecay() {
        // g' = g + 0.1·θ, then θ ← θ − 0.1·g'
        // g'₁ = [0.5 + 0.1, −1 − 0.2] = [0.6, −1.2]       θ₁ = [0.94, −1.88]
        // g'₂ = [−1 + 0.094, 2 − 0.188] = [−0.906, 1.812] θ₂ = [1.0306, −2.0612]
        // g'₃ = [2 + 0.10306, 0.5 − 0.20612]              θ₃ = [0.820294, −2.090588]
        expectTrajectory(SGD(learningRate: 0.1, weightDecay: 0.1),
                         [[0.94, -1.88], [1.0306, -2.0612], [0.820294, -2.090588]])
    }

    @Test func momentum() {
        // b ← 0.9·b + g, θ ← θ − 0.1·b
        // b₁ = [0.5, −1]                                   θ₁ = [0.95, −1.9]
        // b₂ = [0.45 − 1, −0.9 + 2] = [−0.55, 1.1]         θ₂ = [1.005, −2.01]
        // b₃ = [−0.495 + 2, 0.99 + 0.5] = [1.505, 1.49]    θ₃ = [0.8545, −2.159]
        expectTrajectory(SGD(learningRate: 0.1, momentum: 0.9),
                         [[0.95, -1.9], [1.005, -2.01], [0.8545, -2.159]])
    }

    @Test func nesterov() {
        // b as for momentum; d = g + 0.9·b; θ ← θ − 0.1·d
        // d₁ = [0.5 + 0.45, −1 − 0.9] = [0.95, −1.9]             θ₁ = [0.905, −1.81]
        // d₂ = [−1 − 0.495, 2 + 0.99] = [−1.495, 2.99]           θ₂ = [1.0545, −2.109]
        // d₃ = [2 + 1.3545, 0.5 + 1.341] = [3.3545, 1.841]       θ₃ = [0.71905, −2.2931]
        expectTrajectory(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true),
                         [[0.905, -1.81], [1.0545, -2.109], [0.71905, -2.2931]])
    }

    @Test func adagrad() {
        // s ← s + g², θ ← θ − 0.1·g/√s   (ε = 1e-10 is below Float resolution here)
        // s₁ = [0.25, 1]     θ₁ = [1 − 0.1·0.5/0.5, −2 + 0.1·1/1] = [0.9, −1.9]
        // s₂ = [1.25, 5]     θ₂ = [0.9 + 0.1/√1.25, −1.9 − 0.2/√5] = [0.9894427, −1.9894427]
        // s₃ = [5.25, 5.25]  θ₃ = [θ − 0.2/√5.25, θ − 0.05/√5.25] = [0.9021556, −2.0112645]
        expectTrajectory(Adagrad(learningRate: 0.1),
                         [[0.9, -1.9], [0.9894427, -1.9894427], [0.9021556, -2.0112645]])
    }

    @Test func rmsProp() {
        // v ← 0.9·v + 0.1·g², θ ← θ − 0.01·g/(√v + 1e-8)
        // v₁ = [0.025, 0.1]        θ₁ = [1 − 0.005/0.1581139, −2 + 0.01/0.3162278] = [0.9683772, −1.9683772]
        // v₂ = [0.1225, 0.49]      θ₂ = [θ + 0.01/0.35, θ − 0.02/0.7] = [0.9969487, −1.9969487]
        // v₃ = [0.51025, 0.466]    θ₃ = [θ − 0.02/0.7143179, θ − 0.005/0.6826419] = [0.9689499, −2.0042731]
        expectTrajectory(RMSProp(learningRate: 0.01, decay: 0.9),
                         [[0.9683772, -1.9683772], [0.9969487, -1.9969487], [0.9689499, -2.0042731]])
    }

    @Test func rmsPropWithEpsilonInsideTheRoot() {
        // As above with θ ← θ − 0.01·g/√(v + 0.1) (A3C's and TensorFlow's placement):
        // θ₁ = [1 − 0.005/√0.125, −2 + 0.01/√0.2] = [0.9858579, −1.9776393]
        // θ₂ = [θ + 0.01/√0.2225, θ − 0.02/√0.59] = [1.0070578, −2.0036771]
        // θ₃ = [θ − 0.02/√0.61025, θ − 0.005/√0.566] = [0.9814557, −2.0103231]
        expectTrajectory(RMSProp(learningRate: 0.01, decay: 0.9, epsilon: 0.1, epsilonPlacement: .insideSquareRoot),
                         [[0.9858579, -1.9776393], [1.0070578, -2.0036771], [0.9814557, -2.0103231]])
    }

    @Test func centeredRMSProp() {
        // n ← 0.9·n + 0.1·g², ḡ ← 0.9·ḡ + 0.1·g, θ ← θ − 0.01·g/√(n − ḡ² + 0.01)
        // n₁ = [0.025, 0.1], ḡ₁ = [0.05, −0.1]; n − ḡ² = [0.0225, 0.09]
        //   θ₁ = [1 − 0.005/√0.0325, −2 + 0.01/√0.1] = [0.9722650, −1.9683772]
        // n₂ = [0.1225, 0.49], ḡ₂ = [−0.055, 0.11]; n − ḡ² = [0.119475, 0.4779]
        //   θ₂ = [θ + 0.01/√0.129475, θ − 0.02/√0.4879] = [1.0000562, −1.9970101]
        // n₃ = [0.51025, 0.466], ḡ₃ = [0.1505, 0.149]; n − ḡ² = [0.48759975, 0.443799]
        //   θ₃ = [θ − 0.02/√0.49759975, θ − 0.005/√0.453799] = [0.9717038, −2.0044324]
        expectTrajectory(CenteredRMSProp(learningRate: 0.01, decay: 0.9, epsilon: 0.01),
                         [[0.9722650, -1.9683772], [1.0000562, -1.9970101], [0.9717038, -2.0044324]])
    }

    @Test func centeredRMSPropWithMomentum() {
        // Same denominators d = [0.1802776, 0.3162278], [0.3598264, 0.6984984], [0.7054075, 0.6736461];
        // Δ ← 0.9·Δ − 0.01·g/d, θ ← θ + Δ
        // Δ₁ = [−0.0277350, 0.0316228]                                 θ₁ = [0.9722650, −1.9683772]
        // Δ₂ = [−0.0249615 + 0.0277912, 0.0284605 − 0.0286328] = [0.0028297, −0.0001724]
        //                                                                θ₂ = [0.9750947, −1.9685496]
        // Δ₃ = [0.0025467 − 0.0283524, −0.0001551 − 0.0074223] = [−0.0258057, −0.0075774]
        //                                                                θ₃ = [0.9492890, −1.9761270]
        expectTrajectory(CenteredRMSProp(learningRate: 0.01, decay: 0.9, momentum: 0.9, epsilon: 0.01),
                         [[0.9722650, -1.9683772], [0.9750947, -1.9685496], [0.9492890, -1.9761270]])
    }

    @Test func adadelta() {
        // E[g²] ← 0.9·E[g²] + 0.1·g²; Δx = −√(E[Δx²] + 1e-6)/√(E[g²] + 1e-6)·g;
        // E[Δx²] ← 0.9·E[Δx²] + 0.1·Δx²; θ ← θ + Δx
        // E[g²]₁ = [0.025, 0.1]: Δx₁ = [−0.001/√0.025001·0.5, 0.001/√0.100001·1] = [−0.0031622, 0.0031623]
        //   E[Δx²]₁ = [9.9996e-7, 9.9999e-7]                              θ₁ = [0.9968378, −1.9968377]
        // E[g²]₂ = [0.1225, 0.49]: Δx₂ = [√1.99996e-6/√0.122501, −2·√1.99999e-6/√0.490001]
        //   = [0.0040406, −0.0040406]; E[Δx²]₂ = [2.53257e-6, 2.53263e-6]  θ₂ = [1.0008783, −2.0008783]
        // E[g²]₃ = [0.51025, 0.466]: Δx₃ = [−2·√3.53257e-6/√0.510251, −0.5·√3.53263e-6/√0.466001]
        //   = [−0.0052624, −0.0013767]                                    θ₃ = [0.9956159, −2.0022550]
        expectTrajectory(Adadelta(rho: 0.9),
                         [[0.9968378, -1.9968377], [1.0008783, -2.0008783], [0.9956159, -2.0022550]])
    }

    @Test func adam() {
        // m ← 0.9·m + 0.1·g, v ← 0.999·v + 0.001·g², m̂ = m/(1 − 0.9ᵗ), v̂ = v/(1 − 0.999ᵗ),
        // θ ← θ − 0.1·m̂/(√v̂ + 1e-8)
        // t=1: m = [0.05, −0.1], v = [0.00025, 0.001]; m̂ = g, v̂ = g², so the step is 0.1·sign(g):
        //   θ₁ = [0.9, −1.9]
        // t=2: m = [−0.055, 0.11], v = [0.00124975, 0.004999]; m̂ = m/0.19 = [−0.2894737, 0.5789474],
        //   v̂ = v/0.001999 = [0.6251876, 2.5007504]; step = 0.1·m̂/√v̂ = [−0.0366104, 0.0366104]
        //   θ₂ = [0.9366104, −1.9366104]
        // t=3: m = [0.1505, 0.149], v = [0.0052485, 0.005244]; m̂ = m/0.271 = [0.5553506, 0.5498155],
        //   v̂ = v/0.002997001 = [1.7512508, 1.7497495]; step = [0.0419656, 0.0415649]
        //   θ₃ = [0.8946448, −1.9781755]
        expectTrajectory(Adam(learningRate: 0.1),
                         [[0.9, -1.9], [0.9366104, -1.9366104], [0.8946448, -1.9781755]])
    }

    @Test func adamW() {
        // As Adam, after first shrinking θ ← θ·(1 − 0.1·0.1) = 0.99·θ (Loshchilov & Hutter):
        // θ₁ = [0.99 − 0.1, −1.98 + 0.1] = [0.89, −1.88]
        // θ₂ = [0.8811 + 0.0366104, −1.8612 − 0.0366104] = [0.9177104, −1.8978104]
        // θ₃ = [0.9085333 − 0.0419656, −1.8788323 − 0.0415649] = [0.8665677, −1.9203974]
        expectTrajectory(Adam.adamW(learningRate: 0.1, weightDecay: 0.1),
                         [[0.89, -1.88], [0.9177104, -1.8978104], [0.8665677, -1.9203974]])
    }

    @Test func skipsParametersWithoutGradient() {
        let a = Parameter(Tensor([1])), b = Parameter(Tensor([2]))
        let optimizer = Adam(learningRate: 0.1)
        optimizer.update([a, b], with: [Tensor([1]), nil])
        #expect(b.value.scalars == [2])
        #expect(optimizer.states.existingState(for: b) == nil)
        #expect(optimizer.state(for: a).step == 1)
    }
}
