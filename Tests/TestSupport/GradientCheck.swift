import Testing
import Tensors

/// Checks reverse-mode gradients of `f` against central finite differences.
///
/// The objective is L(x) = Σᵢ wᵢ·f(x)ᵢ with fixed random weights w, so every output element
/// matters. L is summed in Double from the Float32 outputs and the difference quotient
/// (L(x + h·eⱼ) − L(x − h·eⱼ)) / 2h is taken in Double, which keeps rounding far below the
/// tolerance. Inputs for non-smooth functions must stay further than `h` from their kinks.
public func checkGradients(
    of f: ([Tensor]) -> Tensor,
    at inputs: [Tensor],
    step h: Double = 1e-2,
    absoluteTolerance: Double = 2e-3,
    relativeTolerance: Double = 2e-2,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let leaves = inputs.map { $0.requiringGradient() }
    let output = f(leaves)
    var generator = SeededGenerator(seed: 0x5EED)
    let weights = Tensor.normal(shape: output.shape, generator: &generator)
    let gradients = output.gradients(seed: weights)

    func objective(_ point: [Tensor]) -> Double {
        let y = withoutGradients { f(point) }
        return zip(y.scalars, weights.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    for (k, input) in inputs.enumerated() {
        let analytic = gradients[leaves[k]] ?? Tensor(zeros: input.shape)
        #expect(analytic.shape == input.shape, "input \(k): gradient shape \(analytic.shape) differs from input shape \(input.shape)", sourceLocation: sourceLocation)
        guard analytic.shape == input.shape else { return }
        let analyticValues = analytic.scalars
        for j in 0..<input.count {
            var plus = inputs, minus = inputs
            plus[k].withUnsafeMutableBufferPointer { $0[j] += Float(h) }
            minus[k].withUnsafeMutableBufferPointer { $0[j] -= Float(h) }
            // The step actually taken, after rounding the perturbed inputs to Float.
            let taken = Double(plus[k].scalars[j]) - Double(minus[k].scalars[j])
            let numeric = (objective(plus) - objective(minus)) / taken
            let a = Double(analyticValues[j])
            let limit = absoluteTolerance + relativeTolerance * max(abs(a), abs(numeric))
            if !(abs(a - numeric) <= limit) {
                Issue.record("input \(k) element \(j): analytic gradient \(a), finite difference \(numeric)", sourceLocation: sourceLocation)
                return
            }
        }
    }
}

/// Random inputs for gradient checks, each element at least `gap` away from zero (where ReLU,
/// abs and friends have kinks).
public func randomInput(_ shape: [Int], seed: UInt64, range: ClosedRange<Float> = -2...2,
                        gap: Float = 0.05) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    var t = Tensor.uniform(shape: shape, low: range.lowerBound, high: range.upperBound, generator: &generator)
    t.withUnsafeMutableBufferPointer { p in
        for i in 0..<p.count where abs(p[i]) < gap { p[i] = p[i] < 0 ? -gap : gap }
    }
    return t
}
