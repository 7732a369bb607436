import Foundation
import NN
import Tensors
import TestSupport
import Testing

@Suite struct LayerNormTests {
    /// The forward pass against the definition computed in Double, for rows of 1 feature axis
    /// and of 3 (a convolution's [C, H, W]), with a learned scale and shift.
    @Test(arguments: [[[4, 6], [6]], [[3, 2, 3, 4], [2, 3, 4]]])
    func matchesADoubleReference(shapes: [[Int]]) {
        let (shape, normalized) = (shapes[0], shapes[1])
        let norm = LayerNorm(normalizedShape: normalized)
        norm.weight.assign(randomInput(normalized, seed: 1, range: 0.5...2))
        norm.bias.assign(randomInput(normalized, seed: 2))
        let x = randomInput(shape, seed: 3, range: -3...5)
        let y = norm(x).scalars
        let d = normalized.reduce(1, *), xs = x.scalars.map(Double.init)
        let w = norm.weight.value.scalars.map(Double.init), b = norm.bias.value.scalars.map(Double.init)
        for row in 0..<(x.count / d) {
            let values = Array(xs[(row * d)..<((row + 1) * d)])
            let mean = values.reduce(0, +) / Double(d)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d)
            for i in 0..<d {
                let expected = (values[i] - mean) / (variance + 1e-5).squareRoot() * w[i] + b[i]
                #expect(abs(Double(y[row * d + i]) - expected) < 1e-5, "row \(row), feature \(i)")
            }
        }
    }

    /// Gradients of x, γ and β against central differences.
    @Test func gradientsMatchFiniteDifferences() {
        checkGradients(of: { inputs in
            Tensor.layerNormalized(inputs[0], scale: inputs[1], shift: inputs[2], epsilon: 1e-5)
        }, at: [randomInput([3, 2, 3], seed: 4), randomInput([2, 3], seed: 5, range: 0.5...2), randomInput([2, 3], seed: 6)])
    }

    /// The fused op against the same function composed of broadcasting ops: outputs and the
    /// gradients of x, γ and β under a weighted sum, on a batch the size PQN trains on.
    @Test(arguments: [[[7, 5], [5]], [[16, 32, 5, 5], [32, 5, 5]], [[256, 512], [512]]])
    func theFusedOpMatchesTheComposedReference(shapes: [[Int]]) {
        let (shape, normalized) = (shapes[0], shapes[1])
        let norm = LayerNorm(normalizedShape: normalized)
        norm.weight.assign(randomInput(normalized, seed: 7, range: 0.5...2))
        norm.bias.assign(randomInput(normalized, seed: 8))
        let x = randomInput(shape, seed: 9, range: -3...5).requiringGradient()
        let weights = randomInput(shape, seed: 10)
        let fused = norm(x), composed = norm.composed(x)
        #expect(fused.isApproximatelyEqual(to: composed, absoluteTolerance: 1e-4))
        let fusedGradients = (fused * weights).sum().gradients(), composedGradients = (composed * weights).sum().gradients()
        for (a, b) in [(fusedGradients[x]!, composedGradients[x]!), (fusedGradients[norm.weight]!, composedGradients[norm.weight]!),
                       (fusedGradients[norm.bias]!, composedGradients[norm.bias]!)] {
            #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 2e-3, relativeTolerance: 1e-4), "\(a.scalars.prefix(4)) against \(b.scalars.prefix(4))")
        }
    }

    /// A sample's output does not depend on the rest of its batch.
    @Test func samplesAreNormalizedAlone() {
        let norm = LayerNorm(featureCount: 4)
        let batch = randomInput([3, 4], seed: 11)
        let alone = norm(batch.reshaped([12]).indexSelect(alongAxis: 0, indices: [4, 5, 6, 7]).reshaped([1, 4]))
        #expect(norm(batch).scalars[4..<8].elementsEqual(alone.scalars))
        #expect(norm.namedParameters.map(\.name) == ["weight", "bias"])
    }
}
