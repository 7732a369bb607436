import Testing
import Tensors
import TestSupport

@Suite struct ShapeOpGradientTests {
    // MARK: broadcast(to:) and its adjoint sum(toShape:)

    static let broadcasts: [(from: [Int], to: [Int])] = [
        ([4], [3, 4]), ([3, 1], [3, 4]), ([1, 4], [3, 4]), ([3, 1], [2, 3, 4]),
        ([], [2, 3]), ([1], [5]), ([1, 3, 1, 1], [2, 3, 2, 2]), ([2, 1, 4], [2, 3, 4]), ([3, 4], [3, 4]),
    ]

    @Test(arguments: broadcasts)
    func broadcastGradient(from: [Int], to: [Int]) {
        checkGradients(of: { $0[0].broadcast(to: to) }, at: [randomInput(from, seed: 61)])
    }

    @Test(arguments: broadcasts)
    func sumToShapeGradient(from: [Int], to: [Int]) {
        checkGradients(of: { $0[0].sum(toShape: from) }, at: [randomInput(to, seed: 62)])
    }

    /// sum(toShape:) is the adjoint of broadcast(to:): ⟨broadcast(x), y⟩ = ⟨x, sum(y)⟩.
    @Test(arguments: broadcasts)
    func sumToShapeIsTheAdjointOfBroadcast(from: [Int], to: [Int]) {
        let x = randomInput(from, seed: 63), y = randomInput(to, seed: 64)
        let left = (x.broadcast(to: to) * y).sum().scalar
        let right = (x * y.sum(toShape: from)).sum().scalar
        #expect(abs(left - right) <= 1e-4 * max(1, abs(left)))
    }

    @Test func broadcastAndSumToShapeValues() {
        let column = Tensor(shape: [2, 1], scalars: [1, 2])
        expectExactly(column.broadcast(to: [2, 3]), shape: [2, 3], [1, 1, 1, 2, 2, 2])
        expectExactly(Tensor([1, 2, 3]).broadcast(to: [2, 3]), shape: [2, 3], [1, 2, 3, 1, 2, 3])
        expectExactly(Tensor(7).broadcast(to: [2, 2]), shape: [2, 2], [7, 7, 7, 7])
        let m = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        expectExactly(m.sum(toShape: [3]), shape: [3], [5, 7, 9])
        expectExactly(m.sum(toShape: [1, 3]), shape: [1, 3], [5, 7, 9])
        expectExactly(m.sum(toShape: [2, 1]), shape: [2, 1], [6, 15])
        expectExactly(m.sum(toShape: []), shape: [], [21])
        expectExactly(m.sum(toShape: [1, 1]), shape: [1, 1], [21])
        let nchw = Tensor(shape: [2, 2, 1, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        expectExactly(nchw.sum(toShape: [1, 2, 1, 1]), shape: [1, 2, 1, 1], [1 + 2 + 5 + 6, 3 + 4 + 7 + 8])
    }

    // MARK: reshape, permute, transpose

    @Test func reshapeGradient() {
        checkGradients(of: { $0[0].reshaped([4, 6]) * Tensor(shape: [6], scalars: [1, 2, 3, 4, 5, 6]) },
                       at: [randomInput([2, 3, 4], seed: 65)])
        checkGradients(of: { $0[0].reshaped([-1]).squared() }, at: [randomInput([2, 3], seed: 66)])
        checkGradients(of: { $0[0].expandingShape(at: 1).squeezingShape().flattenedBatch() },
                       at: [randomInput([2, 3, 2], seed: 67)])
    }

    @Test(arguments: [[1, 0], [0, 2, 1], [2, 0, 1], [1, 2, 0], [2, 1, 0], [0, 1, 2], [3, 1, 0, 2], [-1, 0, 1]])
    func permuteGradient(axes: [Int]) {
        let shape = axes.count == 2 ? [3, 4] : axes.count == 3 ? [2, 3, 4] : [2, 3, 1, 2]
        checkGradients(of: { $0[0].permuted(axes) }, at: [randomInput(shape, seed: 68)])
    }

    @Test func transposeGradient() {
        checkGradients(of: { $0[0].transposed() }, at: [randomInput([3, 4], seed: 69)])
        checkGradients(of: { $0[0].transposed() }, at: [randomInput([2, 3, 4], seed: 70)])
    }

    @Test func reshapeValues() {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        expectExactly(x.reshaped([3, 2]), shape: [3, 2], [1, 2, 3, 4, 5, 6])
        expectExactly(x.reshaped([6]), shape: [6], [1, 2, 3, 4, 5, 6])
        expectExactly(x.reshaped([-1]), shape: [6], [1, 2, 3, 4, 5, 6])
        #expect(x.reshaped([3, -1]).shape == [3, 2])
        #expect(x.reshaped([-1, 1, 2]).shape == [3, 1, 2])
        #expect(x.reshaped([1, -1, 1]).shape == [1, 6, 1])
        #expect(Tensor(5).reshaped([1, 1]).shape == [1, 1])
        #expect(Tensor(shape: [1, 1], scalars: [5]).reshaped([]).shape == [])
        #expect(x.expandingShape(at: 0).shape == [1, 2, 3])
        #expect(x.expandingShape(at: -1).shape == [2, 3, 1])
        #expect(x.expandingShape(at: 1).shape == [2, 1, 3])
        #expect(Tensor(zeros: [1, 2, 1, 3]).squeezingShape().shape == [2, 3])
        #expect(Tensor(zeros: [1, 2, 1, 3]).squeezingShape(at: [2]).shape == [1, 2, 3])
        #expect(Tensor(zeros: [1, 2, 1, 3]).squeezingShape(at: [-2, 0]).shape == [2, 3])
        #expect(Tensor(zeros: [4, 2, 3]).flattenedBatch().shape == [4, 6])
        #expect(Tensor(zeros: [1, 2, 3]).flattenedBatch().shape == [1, 6])
        #expect(Tensor(zeros: [5]).flattenedBatch().shape == [5, 1])
        // An empty batch keeps its feature size, so the layer after it still fits.
        #expect(Tensor(zeros: [0, 2, 3]).flattenedBatch().shape == [0, 6])
        #expect(Tensor.matmul(Tensor(zeros: [0, 2, 3]).flattenedBatch(), Tensor(ones: [6, 4])).shape == [0, 4])
    }

    @Test func permuteValues() {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        expectExactly(x.transposed(), shape: [3, 2], [1, 4, 2, 5, 3, 6])
        expectExactly(x.permuted([1, 0]), shape: [3, 2], [1, 4, 2, 5, 3, 6])
        expectExactly(x.permuted([0, 1]), shape: [2, 3], [1, 2, 3, 4, 5, 6])
        // t[i, j, k] = 100i + 10j + k, so each value names its own index.
        var named: [Float] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { named.append(Float(100 * i + 10 * j + k)) } } }
        let t = Tensor(shape: [2, 3, 4], scalars: named)
        let p = t.permuted([2, 0, 1])  // p[k, i, j] = t[i, j, k]
        #expect(p.shape == [4, 2, 3])
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { #expect(p[k, i, j] == t[i, j, k]) } } }
        let b = t.transposed()  // swaps the last two axes
        #expect(b.shape == [2, 4, 3])
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { #expect(b[i, k, j] == t[i, j, k]) } } }
        // Permuting back gives the original.
        #expect(p.permuted([1, 2, 0]).scalars == t.scalars)
    }

    // MARK: concat, stack, slice

    @Test(arguments: [0, 1, 2, -1])
    func concatGradient(axis: Int) {
        var shapes = [[2, 3, 4], [2, 3, 4], [2, 3, 4]]
        let a = (axis + 3) % 3
        shapes[1][a] = 1
        shapes[2][a] = 2
        checkGradients(of: { Tensor.concat($0, axis: axis) },
                       at: shapes.enumerated().map { randomInput($0.element, seed: 71 + UInt64($0.offset)) })
    }

    @Test(arguments: [0, 1, 2, -1, -3])
    func stackGradient(axis: Int) {
        checkGradients(of: { Tensor.stack($0, axis: axis) },
                       at: (0..<3).map { randomInput([2, 3], seed: 75 + UInt64($0)) })
    }

    @Test(arguments: [(0, 0..<1), (0, 1..<2), (1, 1..<3), (2, 0..<4), (2, 2..<3), (-1, 1..<4), (1, 2..<2)])
    func sliceGradient(axis: Int, range: Range<Int>) {
        checkGradients(of: { $0[0].slice(axis: axis, range) }, at: [randomInput([2, 3, 4], seed: 79)])
    }

    @Test func concatStackSliceValues() {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = Tensor(shape: [2, 1], scalars: [5, 6])
        let c = Tensor(shape: [1, 2], scalars: [7, 8])
        expectExactly(Tensor.concat([a, b], axis: 1), shape: [2, 3], [1, 2, 5, 3, 4, 6])
        expectExactly(Tensor.concat([a, c], axis: 0), shape: [3, 2], [1, 2, 3, 4, 7, 8])
        expectExactly(Tensor.concat([c, a, c], axis: -2), shape: [4, 2], [7, 8, 1, 2, 3, 4, 7, 8])
        expectExactly(Tensor.concat([a], axis: 0), shape: [2, 2], [1, 2, 3, 4])
        let x = Tensor([1, 2]), y = Tensor([3, 4])
        expectExactly(Tensor.stack([x, y]), shape: [2, 2], [1, 2, 3, 4])
        expectExactly(Tensor.stack([x, y], axis: 1), shape: [2, 2], [1, 3, 2, 4])
        expectExactly(Tensor.stack([x, y], axis: -1), shape: [2, 2], [1, 3, 2, 4])
        expectExactly(Tensor.stack([Tensor(1), Tensor(2), Tensor(3)]), shape: [3], [1, 2, 3])
        let m = Tensor(shape: [3, 4], scalars: (0..<12).map(Float.init))
        expectExactly(m.slice(axis: 0, 1..<3), shape: [2, 4], [4, 5, 6, 7, 8, 9, 10, 11])
        expectExactly(m.slice(axis: 1, 1..<3), shape: [3, 2], [1, 2, 5, 6, 9, 10])
        expectExactly(m.slice(axis: -1, 3..<4), shape: [3, 1], [3, 7, 11])
        expectExactly(m.slice(axis: 1, 2..<2), shape: [3, 0], [])
    }

    /// A slice's gradient lands on the sliced positions only; concat's is split back by piece.
    @Test func sliceAndConcatGradientValues() {
        let m = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]).requiringGradient()
        #expect(m.slice(axis: 1, 1..<3).sum().gradients()[m]?.scalars == [0, 1, 1, 0, 1, 1])
        let a = Tensor([1, 2]).requiringGradient(), b = Tensor([3]).requiringGradient()
        let grads = (Tensor.concat([a, b], axis: 0) * Tensor([10, 20, 30])).sum().gradients()
        #expect(grads[a]?.scalars == [10, 20])
        #expect(grads[b]?.scalars == [30])
    }
}
