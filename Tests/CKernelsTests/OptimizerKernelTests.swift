import CKernels
import Foundation
import Randomness
import Testing

/// The fused optimizer steps of every instruction set this CPU runs, against the references
/// that update one element at a time, to the bit: several steps on random parameters and gradients. Every
/// seventh element has no gradient and running averages at the bottom of the normal range, so
/// that they decay into the subnormal range and must be flushed to 0.
@Suite struct OptimizerKernelTests {
    static let runnable = SgemmKernelTests.runnable

    /// Parameters, gradients and two state slots of `count` elements.
    struct Buffers: Equatable {
        var theta, g, s1, s2: [Float]

        static func isDecaying(_ i: Int) -> Bool { i % 7 == 3 }

        init(count: Int, generator: inout SeededGenerator) {
            func values(_ scale: Float, decaying: Float) -> [Float] {
                (0..<count).map { i in Self.isDecaying(i) ? decaying : (generator.nextUniform() * 2 - 1) * scale }
            }
            let bottom = Float.leastNormalMagnitude * 1.0001  // subnormal after one step of any decay below 0.9999
            (theta, g) = (values(1, decaying: 0.5), values(0.1, decaying: 0))
            (s1, s2) = (values(0.01, decaying: bottom).map(abs), values(0.01, decaying: bottom).map(abs))
        }

        /// The decaying elements' state flushed to 0 rather than kept subnormal.
        var flushed: Bool {
            s1.indices.filter(Self.isDecaying).allSatisfy { s1[$0] == 0 && s2[$0] == 0 }
        }

        /// The same bits: no variant fuses a multiply and an add, so each rounds as the
        /// reference does.
        func hasTheBits(of other: Buffers) -> Bool {
            theta == other.theta && s1 == other.s1 && s2 == other.s2
        }
    }

    @Test(arguments: runnable)
    func adamMatchesTheReference(isa: ck_isa) {
        var generator = SeededGenerator(seed: 30)
        for count in [1, 3, 7, 33, 65, 129, 1000] { for decay in [Float(0), 0.01] {
            var fast = Buffers(count: count, generator: &generator), slow = fast
            for t in 1...5 {
                var p = ck_adam_parameters(learning_rate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8,
                                           decoupled_weight_decay: decay, correction1: 1 - powf(0.9, Float(t)),
                                           correction2: 1 - powf(0.999, Float(t)))
                ck_adam_step(isa, count, &fast.theta, fast.g, &fast.s1, &fast.s2, &p)
                ck_adam_step_reference(count, &slow.theta, slow.g, &slow.s1, &slow.s2, &p)
            }
            #expect(fast.hasTheBits(of: slow), "\(count) elements, decay \(decay)")
            #expect(fast.flushed && slow.flushed, "subnormal running averages kept")
        } }
    }

    @Test(arguments: runnable)
    func rmspropMatchesTheReference(isa: ck_isa) {
        var generator = SeededGenerator(seed: 31)
        for count in [1, 7, 65, 1000] { for inside: Int32 in [0, 1] {
            var p = ck_rmsprop_parameters(learning_rate: 1e-3, decay: 0.95, epsilon: 0.01, epsilon_inside: inside)
            var fast = Buffers(count: count, generator: &generator), slow = fast
            for _ in 1...5 {
                ck_rmsprop_step(isa, count, &fast.theta, fast.g, &fast.s1, &p)
                ck_rmsprop_step_reference(count, &slow.theta, slow.g, &slow.s1, &p)
            }
            #expect(fast.hasTheBits(of: slow), "RMSProp, \(count) elements, ε inside \(inside)")
            #expect(fast.s1.indices.filter(Buffers.isDecaying).allSatisfy { fast.s1[$0] == 0 })

            var centered = Buffers(count: count, generator: &generator), reference = centered
            for _ in 1...5 {
                ck_centered_rmsprop_step(isa, count, &centered.theta, centered.g, &centered.s1, &centered.s2, &p)
                ck_centered_rmsprop_step_reference(count, &reference.theta, reference.g, &reference.s1, &reference.s2, &p)
            }
            #expect(centered.hasTheBits(of: reference), "centered RMSProp, \(count) elements, ε inside \(inside)")
            #expect(centered.flushed)
        } }
    }

    /// A step split into parts (as the engine splits a parameter over its threads) gives the
    /// same bits as one call: each element's arithmetic does not depend on where it falls.
    @Test(arguments: runnable)
    func partsGiveTheSameBits(isa: ck_isa) {
        var generator = SeededGenerator(seed: 32)
        var whole = Buffers(count: 1001, generator: &generator), parts = whole
        var p = ck_adam_parameters(learning_rate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8,
                                   decoupled_weight_decay: 0, correction1: 0.1, correction2: 0.001)
        ck_adam_step(isa, 1001, &whole.theta, whole.g, &whole.s1, &whole.s2, &p)
        parts.theta.withUnsafeMutableBufferPointer { theta in parts.s1.withUnsafeMutableBufferPointer { m in
            parts.s2.withUnsafeMutableBufferPointer { v in parts.g.withUnsafeBufferPointer { g in
                for (start, end) in [(0, 333), (333, 1001)] {
                    ck_adam_step(isa, end - start, theta.baseAddress! + start, g.baseAddress! + start,
                                 m.baseAddress! + start, v.baseAddress! + start, &p)
                }
            } }
        } }
        #expect(parts == whole)
    }
}
