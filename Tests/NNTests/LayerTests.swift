import Testing
import Tensors
import NN

@Suite struct ParameterBasics {
    @Test func assignKeepsGradientIdentity() {
        let p = Parameter(Tensor(shape: [2], scalars: [1, 2]))
        let before = (p.value * p.value).sum().gradients()
        #expect(before[p]?.scalars == [2, 4])
        p.assign(Tensor([3, 4]))
        let after = (p.value * p.value).sum().gradients()
        #expect(after[p]?.scalars == [6, 8])
    }
}
