import Foundation
import Testing
import Tensors
import NN
import TestSupport

// Adam runs its rule eight lanes at a time and splits large parameters over the cores. Here
// the fast path is checked against Algorithm 1 written one element at a time, on sizes that
// leave every possible tail (1, 7, 8, 9, 17) and one large enough to be split (40,003
// elements: 4·count is past `parallelWorkThreshold`, and the split point 20,001 falls inside
// a group of eight, so the first half ends with a partial group too; on a machine with one
// core the same sizes run unsplit).

/// Kingma & Ba (2015), Algorithm 1, per element, with L2 decay λ₂θ added to g (Adam's
/// `weightDecay`) or θ shrunk by α·λ first (AdamW's `decoupledWeightDecay`).
/// Returns θ, m and v after all the steps.
private func referenceAdam(θ0: [Float], gradients: [[Float]], α: Float, β1: Float, β2: Float, ε: Float,
                           l2: Float, decoupled λ: Float) -> (θ: [Float], m: [Float], v: [Float]) {
    var θ = θ0
    var m = [Float](repeating: 0, count: θ.count), v = m
    for (index, g) in gradients.enumerated() {
        let t = Float(index + 1)
        for i in θ.indices {
            let gi = g[i] + l2 * θ[i]
            θ[i] -= α * λ * θ[i]
            m[i] = β1 * m[i] + (1 - β1) * gi
            v[i] = β2 * v[i] + (1 - β2) * gi * gi
            let mHat = m[i] / (1 - pow(β1, t))
            let vHat = v[i] / (1 - pow(β2, t))
            θ[i] -= α * mHat / (vHat.squareRoot() + ε)
        }
    }
    return (θ, m, v)
}

/// How many representable Floats apart a and b are (0 when equal, 1 for neighbours).
private func ulpDistance(_ a: Float, _ b: Float) -> Int {
    func ordered(_ x: Float) -> Int { x.sign == .minus ? -Int(x.magnitude.bitPattern) : Int(x.bitPattern) }
    return Swift.abs(ordered(a) - ordered(b))
}

@Suite struct AdamAgainstReference {
    enum Decay: String, CaseIterable, Sendable { case none, l2, decoupled }

    @Test(arguments: [1, 7, 8, 9, 17, 40_003], Decay.allCases)
    func matchesAlgorithmOneElementwise(count: Int, decay: Decay) {
        let α: Float = 0.01, β1: Float = 0.9, β2: Float = 0.999, ε: Float = 1e-8
        let l2: Float = decay == .l2 ? 0.05 : 0, λ: Float = decay == .decoupled ? 0.1 : 0
        let θ0 = randomInput([count], seed: 7).scalars
        let gradients = (0..<3).map { randomInput([count], seed: 100 + UInt64($0)).scalars }

        let optimizer = Adam(learningRate: α, beta1: β1, beta2: β2, epsilon: ε, weightDecay: l2, decoupledWeightDecay: λ)
        let θ = Parameter(Tensor(θ0))
        for g in gradients { optimizer.update(θ, gradient: Tensor(g)) }
        let expected = referenceAdam(θ0: θ0, gradients: gradients, α: α, β1: β1, β2: β2, ε: ε, l2: l2, decoupled: λ)

        // The lanes do the scalar rule's operations in the same order, and IEEE arithmetic
        // rounds each lane as it rounds a scalar (Swift does not fuse a multiply and an add
        // unless asked): the results agree to the bit.
        let state = optimizer.state(for: θ)
        for (name, actual, reference) in [("θ", θ.value.scalars, expected.θ),
                                          ("m", state.tensor(slot: "m").scalars, expected.m),
                                          ("v", state.tensor(slot: "v").scalars, expected.v)] {
            let worst = zip(actual, reference).enumerated().max { ulpDistance($0.1.0, $0.1.1) < ulpDistance($1.1.0, $1.1.1) }
            if let (i, (a, r)) = worst {
                #expect(ulpDistance(a, r) == 0, "\(name)[\(i)] of \(count): fast \(a), reference \(r)")
            }
        }
        #expect(state.step == 3)
    }
}
