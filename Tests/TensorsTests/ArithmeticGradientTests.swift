import Testing
import Tensors
import TestSupport

/// Two operand shapes for a broadcasting binary op.
struct BroadcastPair: Sendable, CustomTestStringConvertible {
    let left: [Int]
    let right: [Int]
    var testDescription: String { "\(shapeName(left)) with \(shapeName(right))" }
}

enum BinaryOp: String, CaseIterable, Sendable {
    case add, subtract, multiply, divide

    func callAsFunction(_ a: Tensor, _ b: Tensor) -> Tensor {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        }
    }

    func reference(_ a: Float, _ b: Float) -> Float {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        }
    }
}

@Suite struct ArithmeticGradientTests {
    static let pairs: [BroadcastPair] = [
        BroadcastPair(left: [3, 4], right: [3, 4]),
        BroadcastPair(left: [3, 4], right: [4]),
        BroadcastPair(left: [4], right: [3, 4]),
        BroadcastPair(left: [2, 1, 4], right: [3, 1]),
        BroadcastPair(left: [3, 1], right: [2, 1, 4]),
        BroadcastPair(left: [3, 1], right: [1, 4]),
        BroadcastPair(left: [], right: [2, 3]),
        BroadcastPair(left: [2, 3], right: []),
        BroadcastPair(left: [1], right: [2, 3]),
        BroadcastPair(left: [2, 3, 2, 2], right: [1, 3, 1, 1]),
        BroadcastPair(left: [1, 3, 1, 1], right: [2, 3, 2, 2]),
        BroadcastPair(left: [2, 1, 3, 1], right: [1, 4, 1, 2]),
        BroadcastPair(left: [1, 1, 4], right: [3, 1, 1]),
        BroadcastPair(left: [2, 1], right: [1, 1, 2, 1]),
    ]

    @Test(arguments: BinaryOp.allCases, pairs)
    func gradientMatchesFiniteDifferences(op: BinaryOp, shapes: BroadcastPair) {
        let a = randomInput(shapes.left, seed: 11)
        // Divisors at least 0.5 from zero, so that 1/b is smooth over the finite-difference step.
        let b = randomInput(shapes.right, seed: 12, gap: op == .divide ? 0.5 : 0.05)
        checkGradients(of: { op($0[0], $0[1]) }, at: [a, b])
    }

    /// Every element of the broadcast result against an index-by-index reference.
    @Test(arguments: BinaryOp.allCases, pairs)
    func forwardMatchesElementwiseReference(op: BinaryOp, shapes: BroadcastPair) throws {
        let a = randomInput(shapes.left, seed: 21)
        let b = randomInput(shapes.right, seed: 22)
        let shape = try #require(Broadcasting.shape(shapes.left, shapes.right))
        let result = op(a, b)
        #expect(result.shape == shape)
        let n = shape.reduce(1, *)
        var expected: [Float] = []
        for flat in 0..<n {
            // The output index, then each operand's index with broadcast axes pinned to 0.
            var index = [Int](repeating: 0, count: shape.count)
            var rest = flat
            for axis in stride(from: shape.count - 1, through: 0, by: -1) {
                index[axis] = rest % shape[axis]
                rest /= shape[axis]
            }
            func element(_ t: Tensor) -> Float {
                let offset = shape.count - t.rank
                var flatIndex = 0
                for axis in 0..<t.rank {
                    flatIndex = flatIndex * t.shape[axis] + (t.shape[axis] == 1 ? 0 : index[axis + offset])
                }
                return t.scalars[flatIndex]
            }
            expected.append(op.reference(element(a), element(b)))
        }
        #expect(result.scalars == expected)
    }

    @Test func handWrittenValues() {
        let m = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let row = Tensor([10, 20])
        let column = Tensor(shape: [2, 1], scalars: [10, 20])
        expectExactly(m + row, shape: [2, 2], [11, 22, 13, 24])
        expectExactly(m + column, shape: [2, 2], [11, 12, 23, 24])
        expectExactly(m - row, shape: [2, 2], [-9, -18, -7, -16])
        expectExactly(row - m, shape: [2, 2], [9, 18, 7, 16])
        expectExactly(m * column, shape: [2, 2], [10, 20, 60, 80])
        expectExactly(m / Tensor([1, 4]), shape: [2, 2], [1, 0.5, 3, 1])
        expectExactly(-m, shape: [2, 2], [-1, -2, -3, -4])
        expectExactly(Tensor(shape: [2, 1], scalars: [1, 2]) * Tensor(shape: [1, 3], scalars: [1, 10, 100]),
                      shape: [2, 3], [1, 10, 100, 2, 20, 200])
    }

    @Test func scalarOperandsOnEitherSide() {
        let x = Tensor([1, 2, 4])
        expectExactly(x + 1, shape: [3], [2, 3, 5])
        expectExactly(1 + x, shape: [3], [2, 3, 5])
        expectExactly(x - 1, shape: [3], [0, 1, 3])
        expectExactly(1 - x, shape: [3], [0, -1, -3])
        expectExactly(x * 2, shape: [3], [2, 4, 8])
        expectExactly(2 * x, shape: [3], [2, 4, 8])
        expectExactly(x / 2, shape: [3], [0.5, 1, 2])
        expectExactly(8 / x, shape: [3], [8, 4, 2])
    }

    @Test func scalarOperandGradients() {
        let x = randomInput([2, 3], seed: 5, gap: 0.5)
        checkGradients(of: { $0[0] + 1.5 }, at: [x])
        checkGradients(of: { 1.5 - $0[0] }, at: [x])
        checkGradients(of: { $0[0] * -2.5 }, at: [x])
        checkGradients(of: { 3 / $0[0] }, at: [x])
        checkGradients(of: { $0[0] / 3 }, at: [x])
    }

    @Test func compoundAssignmentRecords() {
        let x = randomInput([3], seed: 6, gap: 0.5)
        checkGradients(of: { inputs in
            var y = inputs[0]
            y += inputs[0]
            y *= inputs[0]
            y -= Tensor([1, 2, 3])
            y /= inputs[0] + 3
            return y
        }, at: [x])
    }

    @Test func negationGradient() {
        checkGradients(of: { -$0[0] }, at: [randomInput([2, 3, 4], seed: 7)])
    }

    @Test func broadcastShapes() {
        #expect(Broadcasting.shape([3, 4], [4]) == [3, 4])
        #expect(Broadcasting.shape([4], [3, 4]) == [3, 4])
        #expect(Broadcasting.shape([2, 1, 4], [3, 1]) == [2, 3, 4])
        #expect(Broadcasting.shape([8, 3, 5, 5], [1, 3, 1, 1]) == [8, 3, 5, 5])
        #expect(Broadcasting.shape([], [2, 3]) == [2, 3])
        #expect(Broadcasting.shape([2, 3], []) == [2, 3])
        #expect(Broadcasting.shape([], []) == [])
        #expect(Broadcasting.shape([1], [1, 1, 1]) == [1, 1, 1])
        #expect(Broadcasting.shape([5, 1], [1, 6]) == [5, 6])
        #expect(Broadcasting.shape([0, 1], [1, 3]) == [0, 3])
    }

    @Test(arguments: [([3], [4]), ([2, 3], [3, 2]), ([3, 4], [3]), ([2, 3, 4], [2, 1, 3]), ([0], [2])])
    func incompatibleShapesAreDetected(a: [Int], b: [Int]) {
        #expect(Broadcasting.shape(a, b) == nil)
        #expect(Broadcasting.shape(b, a) == nil)
    }
}
