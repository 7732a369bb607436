import Testing
import Tensors
import TestSupport

@Suite struct SmokeGradients {
    @Test func broadcastMultiply() {
        checkGradients(of: { $0[0] * $0[1] + $0[0].tanh() }, at: [randomInput([3, 4], seed: 1), randomInput([4], seed: 2)])
    }
    @Test func matmulTransposed() {
        checkGradients(of: { Tensor.matmul($0[0], $0[1], transposeB: true) }, at: [randomInput([3, 4], seed: 1), randomInput([5, 4], seed: 2)])
    }
}
