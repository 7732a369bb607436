import Testing
import Tensors

// Inputs and references shared by the tests in this target.

/// A shuffled tensor of distinct values ±spacing/2, ±3·spacing/2, …: every element is at least
/// spacing/2 from zero and `spacing` from every other element, so that finite differences with
/// the default step (0.01) never cross a kink of relu/abs/clamp or swap a maximum.
func spacedInput(_ shape: [Int], seed: UInt64, spacing: Float = 0.1) -> Tensor {
    let n = shape.reduce(1, *)
    var values = (0..<n).map { (Float($0) - Float(n / 2) + 0.5) * spacing }
    var generator = SeededGenerator(seed: seed)
    values.shuffle(using: &generator)
    return Tensor(shape: shape, scalars: values)
}

/// Expects `actual` to have `shape` and exactly `scalars`.
func expectExactly(_ actual: Tensor, shape: [Int], _ scalars: [Float],
                   sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == shape, sourceLocation: sourceLocation)
    #expect(actual.scalars == scalars, sourceLocation: sourceLocation)
}

/// Expects `actual` to have `shape` and `scalars` within a few Float32 roundings.
func expectClose(_ actual: Tensor, shape: [Int], _ scalars: [Float], tolerance: Float = 1e-5,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    let expected = Tensor(shape: shape, scalars: scalars)
    #expect(actual.isApproximatelyEqual(to: expected, absoluteTolerance: tolerance, relativeTolerance: tolerance),
            "got \(actual), expected \(expected)", sourceLocation: sourceLocation)
}

/// A shape written for test output: "[2, 3]" or "scalar".
func shapeName(_ shape: [Int]) -> String { shape.isEmpty ? "scalar" : "\(shape)" }
