import Testing
import Tensors
import TestSupport

/// A reduction to check: which one, along which axes (nil: the whole tensor), whether the
/// reduced axes are kept.
struct Reduction: Sendable, CustomTestStringConvertible {
    enum Kind: String, Sendable { case sum, mean, max, min }
    let kind: Kind
    let axes: [Int]?
    let keepingDims: Bool

    func callAsFunction(_ x: Tensor) -> Tensor {
        switch (kind, axes) {
        case (.sum, nil): x.sum()
        case (.mean, nil): x.mean()
        case (.max, nil): x.max()
        case (.min, nil): x.min()
        case (.sum, let axes?): axes.count == 1
            ? x.sum(alongAxis: axes[0], keepingDims: keepingDims) : x.sum(alongAxes: axes, keepingDims: keepingDims)
        case (.mean, let axes?): axes.count == 1
            ? x.mean(alongAxis: axes[0], keepingDims: keepingDims) : x.mean(alongAxes: axes, keepingDims: keepingDims)
        case (.max, let axes?): axes.count == 1
            ? x.max(alongAxis: axes[0], keepingDims: keepingDims) : x.max(alongAxes: axes, keepingDims: keepingDims)
        case (.min, let axes?): axes.count == 1
            ? x.min(alongAxis: axes[0], keepingDims: keepingDims) : x.min(alongAxes: axes, keepingDims: keepingDims)
        }
    }

    var testDescription: String {
        "\(kind)" + (axes.map { " along \($0)" } ?? " of all") + (keepingDims ? " keeping dims" : "")
    }
}

@Suite struct ReductionGradientTests {
    static let reductions: [Reduction] = {
        var all: [Reduction] = []
        for kind in [Reduction.Kind.sum, .mean, .max, .min] {
            all.append(Reduction(kind: kind, axes: nil, keepingDims: false))
            for axis in [0, 1, 2, -1] {
                for keep in [false, true] { all.append(Reduction(kind: kind, axes: [axis], keepingDims: keep)) }
            }
            // Several axes at once; no axis at all only for sums and means (an identity there,
            // an error for max and min).
            let multiple: [[Int]] = kind == .sum || kind == .mean ? [[0, 2], [2, 0], [1, -1], [0, 1, 2], []]
                                                                  : [[0, 2], [2, 0], [1, -1], [0, 1, 2]]
            for axes in multiple {
                for keep in [false, true] { all.append(Reduction(kind: kind, axes: axes, keepingDims: keep)) }
            }
        }
        return all
    }()

    @Test(arguments: reductions)
    func gradientMatchesFiniteDifferences(reduction: Reduction) {
        // Distinct, well-separated values: a small step never changes which element is the max.
        checkGradients(of: { reduction($0[0]) }, at: [spacedInput([2, 3, 4], seed: 51)])
    }

    /// Shapes and values against a plain loop over a [2, 3, 4] tensor.
    @Test(arguments: reductions)
    func forwardMatchesReference(reduction: Reduction) {
        let x = spacedInput([2, 3, 4], seed: 52)
        let result = reduction(x)
        let reduced = Set((reduction.axes ?? [0, 1, 2]).map { ($0 + 3) % 3 })
        let keptShape = (0..<3).map { reduced.contains($0) ? 1 : x.shape[$0] }
        let expectedShape = reduction.axes == nil ? []
            : reduction.keepingDims ? keptShape : (0..<3).filter { !reduced.contains($0) }.map { x.shape[$0] }
        #expect(result.shape == expectedShape)
        var groups = [[Float]](repeating: [], count: keptShape.reduce(1, *))
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<4 {
                    let index = [i, j, k].enumerated().map { reduced.contains($0.offset) ? 0 : $0.element }
                    groups[(index[0] * keptShape[1] + index[1]) * keptShape[2] + index[2]].append(x[i, j, k])
                }
            }
        }
        let expected: [Float] = groups.map { values in
            switch reduction.kind {
            case .sum: Float(values.reduce(0.0) { $0 + Double($1) })
            case .mean: Float(values.reduce(0.0) { $0 + Double($1) } / Double(values.count))
            case .max: values.max()!
            case .min: values.min()!
            }
        }
        expectClose(result, shape: expectedShape, expected)
    }

    @Test func handWrittenValues() {
        let x = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
        expectExactly(x.sum(), shape: [], [21])
        expectExactly(x.mean(), shape: [], [3.5])
        expectExactly(x.max(), shape: [], [6])
        expectExactly(x.min(), shape: [], [1])
        expectExactly(x.sum(alongAxis: 0), shape: [3], [5, 7, 9])
        expectExactly(x.sum(alongAxis: 1), shape: [2], [9, 12])
        expectExactly(x.sum(alongAxis: -1, keepingDims: true), shape: [2, 1], [9, 12])
        expectExactly(x.sum(alongAxes: [0, 1]), shape: [], [21])
        expectExactly(x.sum(alongAxes: [0, 1], keepingDims: true), shape: [1, 1], [21])
        expectExactly(x.mean(alongAxis: 1), shape: [2], [3, 4])
        expectExactly(x.mean(alongAxis: 0, keepingDims: true), shape: [1, 3], [2.5, 3.5, 4.5])
        expectExactly(x.max(alongAxis: 1), shape: [2], [5, 6])
        expectExactly(x.max(alongAxis: 0, keepingDims: true), shape: [1, 3], [4, 5, 6])
        expectExactly(x.min(alongAxis: 1), shape: [2], [1, 2])
        expectExactly(x.min(alongAxis: 0), shape: [3], [1, 2, 3])
    }

    @Test func argmax() {
        let q = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
        #expect(q.argmax(alongAxis: 1) == [1, 2])
        #expect(q.argmax(alongAxis: -1) == [1, 2])
        #expect(q.argmax(alongAxis: 0) == [1, 0, 1])
        #expect(q.argmax() == 5)
        // Ties go to the first maximal element.
        #expect(Tensor([2, 7, 7, 1]).argmax() == 1)
        #expect(Tensor([-3, -1, -2]).argmax() == 1)
        // A rank-3 tensor along its middle axis: one index per (outer, inner) position.
        let t = Tensor(shape: [2, 2, 2], scalars: [0, 9, 1, 8, 5, 0, 4, 1])
        #expect(t.argmax(alongAxis: 1) == [1, 0, 0, 1])
    }

    /// On ties the whole gradient goes to the first extremal element, not split or duplicated.
    @Test func tiedExtremaGiveTheGradientToTheFirst() {
        let x = Tensor(shape: [2, 3], scalars: [3, 3, 1, 0, 0, 2]).requiringGradient()
        #expect(x.max(alongAxis: 1).sum().gradients()[x]?.scalars == [1, 0, 0, 0, 0, 1])
        #expect(x.min(alongAxis: 1).sum().gradients()[x]?.scalars == [0, 0, 1, 1, 0, 0])
        #expect(x.max().gradients()[x]?.scalars == [1, 0, 0, 0, 0, 0])
    }

    /// Sums of many elements: the result stays close to the exact (Double) sum.
    @Test func longSumsStayAccurate() {
        let x = randomInput([10_000], seed: 53, range: 0...1)
        let exact = x.scalars.reduce(0.0) { $0 + Double($1) }
        #expect(abs(Double(x.sum().scalar) - exact) < 1e-3 * exact)
        #expect(abs(Double(x.mean().scalar) - exact / 10_000) < 1e-3)
    }
}
