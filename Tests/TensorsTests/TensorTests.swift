import Testing
import Tensors

@Suite struct TensorBasics {
    @Test func copyOnWriteKeepsValueSemantics() {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        var b = a
        b[0, 0] = 10
        #expect(a.scalars == [1, 2, 3, 4])
        #expect(b.scalars == [10, 2, 3, 4])
    }
}
