import Testing
import Tensors
import TestSupport

@Suite struct IndexingTests {
    // MARK: gather

    @Test func gatherPicksQOfTheChosenAction() {
        // Q-values of 3 states × 4 actions, one action per state.
        let q = Tensor(shape: [3, 4], scalars: [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23])
        expectExactly(q.gather(alongAxis: 1, indices: [2, 0, 3]), shape: [3, 1], [2, 10, 23])
        expectExactly(q.gather(alongAxis: -1, indices: [2, 0, 3]), shape: [3, 1], [2, 10, 23])
        // Two picks per row, repeats allowed.
        expectExactly(q.gather(alongAxis: 1, indices: [3, 3, 0, 1, 2, 2]), shape: [3, 2], [3, 3, 10, 11, 22, 22])
        // Along the first axis: one row index per column.
        expectExactly(q.gather(alongAxis: 0, indices: [2, 0, 1, 2]), shape: [1, 4], [20, 1, 12, 23])
        // A middle axis: result[o, j, i] = t[o, indices[(o·k + j)·inner + i], i].
        let t = Tensor(shape: [2, 3, 2], scalars: (0..<12).map(Float.init))
        expectExactly(t.gather(alongAxis: 1, indices: [2, 0, 1, 1]), shape: [2, 1, 2], [4, 1, 8, 9])
    }

    @Test func gatherGradientScatterAddsRepeatedIndices() {
        let q = Tensor(zeros: [2, 3]).requiringGradient()
        let picked = q.gather(alongAxis: 1, indices: [1, 1, 0, 2])
        let grads = (picked * Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])).sum().gradients()
        #expect(grads[q]?.scalars == [0, 3, 0, 3, 0, 4])
    }

    @Test(arguments: [
        (shape: [3, 4], axis: 1, indices: [2, 0, 3]),
        (shape: [3, 4], axis: 1, indices: [1, 1, 0, 3, 2, 2]),
        (shape: [3, 4], axis: 0, indices: [2, 0, 1, 2, 0, 0, 1, 1]),
        (shape: [2, 3, 2], axis: 1, indices: [2, 0, 1, 1]),
        (shape: [2, 3, 2], axis: 2, indices: [1, 0, 1, 1, 0, 0]),
    ])
    func gatherGradient(shape: [Int], axis: Int, indices: [Int]) {
        checkGradients(of: { $0[0].gather(alongAxis: axis, indices: indices) }, at: [randomInput(shape, seed: 81)])
    }

    // MARK: indexSelect

    @Test func indexSelectPicksWholeSlices() {
        let m = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
        expectExactly(m.indexSelect(alongAxis: 0, indices: [2, 0]), shape: [2, 2], [5, 6, 1, 2])
        expectExactly(m.indexSelect(alongAxis: 0, indices: [1, 1, 1]), shape: [3, 2], [3, 4, 3, 4, 3, 4])
        expectExactly(m.indexSelect(alongAxis: 1, indices: [1]), shape: [3, 1], [2, 4, 6])
        expectExactly(m.indexSelect(alongAxis: -1, indices: [1, 0]), shape: [3, 2], [2, 1, 4, 3, 6, 5])
        expectExactly(m.indexSelect(alongAxis: 0, indices: []), shape: [0, 2], [])
        // Gradient: each selected row gets its rows' upstream gradients, summed when repeated.
        let leaf = m.requiringGradient()
        #expect(leaf.indexSelect(alongAxis: 0, indices: [2, 2, 0]).sum().gradients()[leaf]?.scalars == [1, 1, 0, 0, 2, 2])
    }

    @Test(arguments: [
        (shape: [4, 3], axis: 0, indices: [3, 0, 0, 2]),
        (shape: [4, 3], axis: 1, indices: [2, 2, 1]),
        (shape: [2, 3, 2], axis: 1, indices: [1, 2, 1, 0]),
        (shape: [2, 3, 2], axis: -1, indices: [1]),
    ])
    func indexSelectGradient(shape: [Int], axis: Int, indices: [Int]) {
        checkGradients(of: { $0[0].indexSelect(alongAxis: axis, indices: indices) }, at: [randomInput(shape, seed: 82)])
    }

    // MARK: oneHot, masks, where

    @Test func oneHot() {
        expectExactly(Tensor.oneHot([2, 0, 1], depth: 3), shape: [3, 3], [0, 0, 1, 1, 0, 0, 0, 1, 0])
        expectExactly(Tensor.oneHot([3, 3], depth: 4), shape: [2, 4], [0, 0, 0, 1, 0, 0, 0, 1])
        expectExactly(Tensor.oneHot([], depth: 2), shape: [0, 2], [])
        #expect(!Tensor.oneHot([0], depth: 1).requiresGradient)
    }

    @Test func masks() {
        let x = Tensor([-1, 0, 0.5, 2])
        expectExactly(x.greater(than: 0), shape: [4], [0, 0, 1, 1])
        expectExactly(x.greater(than: 0.5), shape: [4], [0, 0, 0, 1])
        expectExactly(x.less(than: 0), shape: [4], [1, 0, 0, 0])
        expectExactly(x.less(than: 2), shape: [4], [1, 1, 1, 0])
        expectExactly(x.equal(Tensor([-1, 1, 0.5, 3])), shape: [4], [1, 0, 1, 0])
        // Masks are constants: they never record, even from a leaf.
        let leaf = x.requiringGradient()
        #expect(!leaf.greater(than: 0).requiresGradient)
        #expect(!leaf.less(than: 0).requiresGradient)
        #expect(!leaf.equal(leaf).requiresGradient)
    }

    @Test func whereChoosesByMask() {
        let mask = Tensor(shape: [2, 2], scalars: [1, 0, 0, 2])
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = Tensor(shape: [2, 2], scalars: [10, 20, 30, 40])
        expectExactly(Tensor.where(mask, a, b), shape: [2, 2], [1, 20, 30, 4])
        let la = a.requiringGradient(), lb = b.requiringGradient()
        let grads = (Tensor.where(mask, la, lb) * Tensor(shape: [2, 2], scalars: [5, 6, 7, 8])).sum().gradients()
        #expect(grads[la]?.scalars == [5, 0, 0, 8])
        #expect(grads[lb]?.scalars == [0, 6, 7, 0])
    }

    @Test func whereGradient() {
        let x = randomInput([3, 4], seed: 83)
        let mask = x.greater(than: 0)
        checkGradients(of: { Tensor.where(mask, $0[0].exp(), $0[1] * $0[0]) },
                       at: [x, randomInput([3, 4], seed: 84)])
    }
}
