import Testing
import Tensors
import TestSupport

/// One matrix product to check: operand shapes as stored, and which operands are transposed.
struct MatMulCase: Sendable, CustomTestStringConvertible {
    let a: [Int]
    let b: [Int]
    var transposeA = false
    var transposeB = false

    var testDescription: String {
        "\(a)\(transposeA ? "ᵀ" : "") · \(b)\(transposeB ? "ᵀ" : "")"
    }
}

/// The slow reference: a triple loop per batch element, accumulated in Double. A plain-matrix
/// operand (rank 2) is shared by every batch element of the other.
func naiveMatMul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    let ra = a.rank, rb = b.rank
    let m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2]
    let k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1]
    let n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1]
    let batchShape = ra > 2 ? Array(a.shape.dropLast(2)) : Array(b.shape.dropLast(2))
    let batch = batchShape.reduce(1, *)
    let av = a.scalars, bv = b.scalars
    let strideA = ra > 2 ? m * k : 0, strideB = rb > 2 ? k * n : 0
    var c: [Float] = []
    for p in 0..<batch {
        for i in 0..<m {
            for j in 0..<n {
                var total = 0.0
                for l in 0..<k {
                    let x = av[p * strideA + (transposeA ? l * m + i : i * k + l)]
                    let y = bv[p * strideB + (transposeB ? j * k + l : l * n + j)]
                    total += Double(x) * Double(y)
                }
                c.append(Float(total))
            }
        }
    }
    return Tensor(shape: batchShape + [m, n], scalars: c)
}

@Suite struct MatMulTests {
    static let cases: [MatMulCase] = [
        MatMulCase(a: [3, 4], b: [4, 5]),
        MatMulCase(a: [4, 3], b: [4, 5], transposeA: true),
        MatMulCase(a: [3, 4], b: [5, 4], transposeB: true),
        MatMulCase(a: [4, 3], b: [5, 4], transposeA: true, transposeB: true),
        MatMulCase(a: [1, 4], b: [4, 1]),
        MatMulCase(a: [4, 1], b: [1, 3]),
        MatMulCase(a: [2, 3, 4], b: [2, 4, 5]),
        MatMulCase(a: [2, 4, 3], b: [2, 4, 5], transposeA: true),
        MatMulCase(a: [2, 3, 4], b: [2, 5, 4], transposeB: true),
        MatMulCase(a: [2, 4, 3], b: [2, 5, 4], transposeA: true, transposeB: true),
        MatMulCase(a: [2, 2, 3, 4], b: [2, 2, 4, 2]),
        // Batched × one shared matrix (a linear layer applied to a batch of sequences), and back.
        MatMulCase(a: [2, 3, 4], b: [4, 5]),
        MatMulCase(a: [2, 3, 4], b: [5, 4], transposeB: true),
        MatMulCase(a: [2, 4, 3], b: [4, 5], transposeA: true),
        MatMulCase(a: [2, 4, 3], b: [5, 4], transposeA: true, transposeB: true),
        MatMulCase(a: [3, 4], b: [2, 4, 5]),
        MatMulCase(a: [4, 3], b: [2, 5, 4], transposeA: true, transposeB: true),
        MatMulCase(a: [3, 2, 3, 4], b: [4, 2]),
    ]

    @Test(arguments: cases)
    func forwardMatchesNaiveReference(testCase: MatMulCase) {
        let a = randomInput(testCase.a, seed: 91), b = randomInput(testCase.b, seed: 92)
        let c = Tensor.matmul(a, b, transposeA: testCase.transposeA, transposeB: testCase.transposeB)
        let expected = naiveMatMul(a, b, transposeA: testCase.transposeA, transposeB: testCase.transposeB)
        #expect(c.shape == expected.shape)
        #expect(c.isApproximatelyEqual(to: expected, absoluteTolerance: 1e-5, relativeTolerance: 1e-5))
    }

    @Test(arguments: cases)
    func gradientMatchesFiniteDifferences(testCase: MatMulCase) {
        checkGradients(of: { Tensor.matmul($0[0], $0[1], transposeA: testCase.transposeA, transposeB: testCase.transposeB) },
                       at: [randomInput(testCase.a, seed: 93), randomInput(testCase.b, seed: 94)])
    }

    /// Sizes past OpenBLAS's small-matrix paths and not multiples of any vector width.
    @Test(arguments: [
        MatMulCase(a: [37, 65], b: [65, 29]),
        MatMulCase(a: [65, 37], b: [29, 65], transposeA: true, transposeB: true),
        MatMulCase(a: [3, 33, 17], b: [17, 70]),
        // One row goes through sgemv: acting with a dense layer (Nature DQN's 3136 → 512), with
        // the weight stored either way, and a row held as a column.
        MatMulCase(a: [1, 3136], b: [512, 3136], transposeB: true),
        MatMulCase(a: [1, 300], b: [300, 77]),
        MatMulCase(a: [300, 1], b: [300, 77], transposeA: true),
        MatMulCase(a: [300, 1], b: [77, 300], transposeA: true, transposeB: true),
    ])
    func largerProductsMatchNaiveReference(testCase: MatMulCase) {
        let a = randomInput(testCase.a, seed: 95), b = randomInput(testCase.b, seed: 96)
        let c = Tensor.matmul(a, b, transposeA: testCase.transposeA, transposeB: testCase.transposeB)
        let expected = naiveMatMul(a, b, transposeA: testCase.transposeA, transposeB: testCase.transposeB)
        #expect(c.isApproximatelyEqual(to: expected, absoluteTolerance: 1e-4, relativeTolerance: 1e-4))
    }

    /// Empty operands: an empty inner axis is a sum of nothing (zeros), an empty outer axis
    /// an empty result; neither may reach BLAS, which rejects zero leading dimensions.
    @Test func emptyAxes() {
        let zeroInner = Tensor.matmul(Tensor(zeros: [2, 0]), Tensor(zeros: [0, 3]))
        #expect(zeroInner.shape == [2, 3])
        #expect(zeroInner.scalars == [Float](repeating: 0, count: 6))
        let zeroInnerRow = Tensor.matmul(Tensor(zeros: [1, 0]), Tensor(zeros: [4, 0]), transposeB: true)
        #expect(zeroInnerRow.scalars == [0, 0, 0, 0])
        #expect(Tensor.matmul(Tensor(zeros: [0, 3]), randomInput([3, 2], seed: 1)).shape == [0, 2])
        #expect(Tensor.matmul(randomInput([2, 3], seed: 1), Tensor(zeros: [3, 0])).shape == [2, 0])
    }

    @Test func handWrittenProduct() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        expectExactly(a.matmul(b), shape: [2, 2], [58, 64, 139, 154])
        expectExactly(Tensor.matmul(a, a, transposeB: true), shape: [2, 2], [14, 32, 32, 77])
        expectExactly(Tensor.matmul(a, a, transposeA: true), shape: [3, 3], [17, 22, 27, 22, 29, 36, 27, 36, 45])
        expectExactly(Tensor.matmul(b, a, transposeA: true, transposeB: true), shape: [2, 2], [58, 139, 64, 154])
        let identity = Tensor(shape: [2, 2], scalars: [1, 0, 0, 1])
        expectExactly(Tensor.matmul(Tensor.stack([identity, identity * 2]), Tensor.stack([a, a])),
                      shape: [2, 2, 3], [1, 2, 3, 4, 5, 6, 2, 4, 6, 8, 10, 12])
    }

    /// d(a·b)/da = G·bᵀ and d/db = aᵀ·G, written out for a 2×2 case.
    @Test func handWrittenGradients() {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).requiringGradient()
        let b = Tensor(shape: [2, 2], scalars: [5, 6, 7, 8]).requiringGradient()
        let grads = a.matmul(b).sum().gradients()
        #expect(grads[a]?.scalars == [11, 15, 11, 15])
        #expect(grads[b]?.scalars == [4, 4, 6, 6])
    }

    /// The reference itself, on a case worked by hand, so that a wrong reference cannot hide
    /// a wrong kernel.
    @Test func naiveReferenceIsRight() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        #expect(naiveMatMul(a, b).scalars == [58, 64, 139, 154])
        #expect(naiveMatMul(b, a, transposeA: true, transposeB: true).scalars == [58, 139, 64, 154])
        #expect(naiveMatMul(Tensor.stack([a, a * 2]), b).scalars == [58, 64, 139, 154, 116, 128, 278, 308])
    }
}
