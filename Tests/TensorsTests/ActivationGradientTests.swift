import Foundation
import Testing
import Tensors
import TestSupport

/// The elementwise functions, each with the inputs it is defined and smooth on.
enum UnaryOp: String, CaseIterable, Sendable {
    case exp, log, sqrt, cube, powFractional, abs, clamp, squared
    case relu, leakyRelu, tanh, sigmoid, softplus

    func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .exp: x.exp()
        case .log: x.log()
        case .sqrt: x.sqrt()
        case .cube: x.pow(3)
        case .powFractional: x.pow(2.5)
        case .abs: x.abs()
        case .clamp: x.clamped(min: -0.3, max: 0.4)
        case .squared: x.squared()
        case .relu: x.relu()
        case .leakyRelu: x.leakyRelu(alpha: 0.2)
        case .tanh: x.tanh()
        case .sigmoid: x.sigmoid()
        case .softplus: x.softplus()
        }
    }

    func input(_ shape: [Int], seed: UInt64) -> Tensor {
        switch self {
        case .log, .sqrt, .powFractional:
            randomInput(shape, seed: seed, range: 0.3...2)
        case .abs, .clamp, .relu, .leakyRelu:
            // Kinks at 0, -0.3 and 0.4: spaced values stay 0.05 away from every one of them.
            spacedInput(shape, seed: seed)
        default:
            randomInput(shape, seed: seed)
        }
    }
}

@Suite struct ActivationGradientTests {
    @Test(arguments: UnaryOp.allCases, [[5], [3, 4], [2, 3, 4]])
    func gradientMatchesFiniteDifferences(op: UnaryOp, shape: [Int]) {
        checkGradients(of: { op($0[0]) }, at: [op.input(shape, seed: 31)])
    }

    @Test func handWrittenValues() {
        let x = Tensor([-2, -0.5, 0, 0.5, 3])
        expectExactly(x.relu(), shape: [5], [0, 0, 0, 0.5, 3])
        expectExactly(x.leakyRelu(alpha: 0.1), shape: [5], [-0.2, -0.05, 0, 0.5, 3])
        expectExactly(x.abs(), shape: [5], [2, 0.5, 0, 0.5, 3])
        expectExactly(x.clamped(min: -1, max: 1), shape: [5], [-1, -0.5, 0, 0.5, 1])
        expectExactly(x.clamped(min: 0), shape: [5], [0, 0, 0, 0.5, 3])
        expectExactly(x.clamped(max: 0), shape: [5], [-2, -0.5, 0, 0, 0])
        expectExactly(x.squared(), shape: [5], [4, 0.25, 0, 0.25, 9])
        expectExactly(x.pow(3), shape: [5], [-8, -0.125, 0, 0.125, 27])
        expectExactly(Tensor([1, 4, 9, 0.25]).sqrt(), shape: [4], [1, 2, 3, 0.5])
        expectExactly(Tensor([4, 9]).pow(0.5), shape: [2], [2, 3])
        expectClose(Tensor([0, 1, -1]).exp(), shape: [3], [1, 2.7182817, 0.36787945])
        expectClose(Tensor([1, 2.7182817, 0.5]).log(), shape: [3], [0, 1, -0.6931472])
        expectClose(Tensor([0, 1, -1]).tanh(), shape: [3], [0, 0.7615942, -0.7615942])
        expectClose(Tensor([0, 2, -2]).sigmoid(), shape: [3], [0.5, 0.8807971, 0.11920292])
        expectClose(Tensor([0, 2, -2]).softplus(), shape: [3], [0.6931472, 2.126928, 0.126928])
    }

    /// Far outside the range where the naive formulas hold: no overflow, no NaN, no lost tails.
    @Test func extremeInputsStayFinite() {
        let x = Tensor([-200, -30, 30, 200])
        expectClose(x.sigmoid(), shape: [4], [0, Float(Foundation.exp(-30.0)), 1, 1], tolerance: 1e-7)
        #expect(x.sigmoid().scalars[1] > 0)
        expectClose(x.softplus(), shape: [4], [0, Float(Foundation.exp(-30.0)), 30, 200], tolerance: 1e-6)
        #expect(x.softplus().scalars[1] > 0)
        expectExactly(x.tanh(), shape: [4], [-1, -1, 1, 1])
        let saturated = x.requiringGradient()
        let grads = saturated.sigmoid().sum().gradients()
        #expect(grads[saturated]!.scalars.allSatisfy { $0.isFinite && $0 >= 0 })
    }

    /// The subgradients chosen at the kinks themselves (PyTorch's choices).
    @Test func gradientsAtKinks() {
        let x = Tensor([-1, 0, 1]).requiringGradient()
        #expect(x.relu().sum().gradients()[x]?.scalars == [0, 0, 1])
        #expect(x.abs().sum().gradients()[x]?.scalars == [-1, 0, 1])
        #expect(x.leakyRelu(alpha: 0.1).sum().gradients()[x]?.scalars == [0.1, 0.1, 1])
        // Clamp passes the gradient on its boundaries as well as inside them.
        #expect(x.clamped(min: -1, max: 0).sum().gradients()[x]?.scalars == [1, 1, 0])
        // x⁰ is constant, so its derivative is 0 everywhere, 0 included (not 0·0⁻¹ = NaN).
        #expect(x.pow(0).sum().gradients()[x]?.scalars == [0, 0, 0])
        #expect(x.pow(1).sum().gradients()[x]?.scalars == [1, 1, 1])
        #expect(x.pow(2).sum().gradients()[x]?.scalars == [-2, 0, 2])
    }

    static let softmaxCases: [(shape: [Int], axis: Int)] = [
        ([5], 0), ([3, 4], 0), ([3, 4], 1), ([3, 4], -1), ([2, 3, 4], 0), ([2, 3, 4], 1), ([2, 3, 4], 2),
    ]

    @Test(arguments: softmaxCases)
    func softmaxGradient(shape: [Int], axis: Int) {
        checkGradients(of: { $0[0].softmax(alongAxis: axis) }, at: [randomInput(shape, seed: 41)])
    }

    @Test(arguments: softmaxCases)
    func logSoftmaxGradient(shape: [Int], axis: Int) {
        checkGradients(of: { $0[0].logSoftmax(alongAxis: axis) }, at: [randomInput(shape, seed: 42)])
    }

    @Test(arguments: softmaxCases, [false, true])
    func logSumExpGradient(along testCase: (shape: [Int], axis: Int), keepingDims: Bool) {
        checkGradients(of: { $0[0].logSumExp(alongAxis: testCase.axis, keepingDims: keepingDims) },
                       at: [randomInput(testCase.shape, seed: 43)])
    }

    @Test func softmaxValues() {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 0])
        let e1 = Foundation.exp(1.0), e2 = Foundation.exp(2.0), e3 = Foundation.exp(3.0)
        let total = e1 + e2 + e3
        let first = [e1 / total, e2 / total, e3 / total].map { Float($0) }
        expectClose(x.softmax(), shape: [2, 3], first + [1 / 3, 1 / 3, 1 / 3])
        expectClose(x.logSoftmax(), shape: [2, 3],
                    first.map { Foundation.log($0) } + [Float](repeating: -Float(Foundation.log(3.0)), count: 3))
        // Along the first axis, each column is normalized.
        expectClose(x.softmax(alongAxis: 0), shape: [2, 3],
                    [e1 / (e1 + 1), e2 / (e2 + 1), e3 / (e3 + 1), 1 / (e1 + 1), 1 / (e2 + 1), 1 / (e3 + 1)].map { Float($0) })
        expectClose(x.logSumExp(), shape: [2], [Float(Foundation.log(total)), Float(Foundation.log(3.0))])
        expectClose(x.logSumExp(alongAxis: 1, keepingDims: true), shape: [2, 1],
                    [Float(Foundation.log(total)), Float(Foundation.log(3.0))])
        expectClose(x.logSumExp(alongAxis: 0), shape: [3],
                    [Float(Foundation.log(e1 + 1)), Float(Foundation.log(e2 + 1)), Float(Foundation.log(e3 + 1))])
    }

    /// Large logits would overflow exp: subtracting the maximum first keeps everything finite.
    @Test func softmaxIsStableForLargeLogits() {
        let x = Tensor([1000, 1001, 1002])
        let p = x.softmax()
        expectClose(p, shape: [3], Tensor([0, 1, 2]).softmax().scalars)
        expectClose(x.logSoftmax(), shape: [3], Tensor([0, 1, 2]).logSoftmax().scalars)
        expectClose(x.logSumExp(), shape: [], [1002 + Float(Foundation.log(1 + Foundation.exp(-1.0) + Foundation.exp(-2.0)))])
        let negative = Tensor([-1000, -1001]).logSumExp()
        #expect(negative.scalar.isFinite)
    }

    /// Masked logits (−∞ for actions that are not allowed): a row with some allowed actions
    /// ignores the masked ones; a row with none gives log 0 = −∞, as PyTorch does, not NaN.
    @Test func logSumExpOfMaskedLogits() {
        let x = Tensor(shape: [3, 2], scalars: [0, -.infinity, -.infinity, -.infinity, .infinity, 0])
        let result = x.logSumExp(alongAxis: 1).scalars
        #expect(result[0] == 0)
        #expect(result[1] == -.infinity)
        #expect(result[2] == .infinity)
        expectExactly(x.softmax().slice(axis: 0, 0..<1), shape: [1, 2], [1, 0])
        expectExactly(x.logSoftmax().slice(axis: 0, 0..<1), shape: [1, 2], [0, -.infinity])
    }

    @Test func softmaxRowsSumToOne() {
        let p = randomInput([4, 6], seed: 44, range: -5...5).softmax()
        let sums = p.sum(alongAxis: 1)
        expectClose(sums, shape: [4], [1, 1, 1, 1])
        #expect(p.scalars.allSatisfy { $0 > 0 && $0 < 1 })
    }
}
