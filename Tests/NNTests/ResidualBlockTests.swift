import Testing
import Tensors
import NN
import TestSupport

@Suite struct ResidualBlockLayer {
    @Test func identityShortcutAddsTheInputBack() {
        var generator = SeededGenerator(seed: 1)
        let block = ResidualBlock(inputChannels: 3, outputChannels: 3, generator: &generator)
        #expect(block.projection == nil)
        let x = randomInput([2, 3, 5, 5], seed: 2)
        let expected = (block.residual(x) + x).relu()
        #expect(block(x).scalars == expected.scalars)
        // With its last BatchNorm's γ at 0, F(x) is 0 and the block is ReLU(x).
        (block.residual.layers[4] as! BatchNorm).weight.assign(Tensor(zeros: [3]))
        #expect(block(x).scalars == x.relu().scalars)
    }

    @Test func aStrideOrWidthChangeProjectsTheShortcut() {
        var generator = SeededGenerator(seed: 3)
        let block = ResidualBlock(inputChannels: 2, outputChannels: 4, stride: 2, generator: &generator)
        #expect(block(randomInput([2, 2, 6, 6], seed: 4)).shape == [2, 4, 3, 3])
        #expect(block.namedParameters.map(\.name) == ["residual.0.weight", "residual.1.weight", "residual.1.bias",
                                                      "residual.3.weight", "residual.4.weight", "residual.4.bias",
                                                      "shortcut.0.weight", "shortcut.1.weight", "shortcut.1.bias"])
        #expect(block.namedBuffers.count == 6)
        block.setTraining(false)
        #expect((block.residual.layers[1] as! BatchNorm).isTraining == false && (block.projection!.layers[1] as! BatchNorm).isTraining == false)
    }

    @Test func inputGradient() {
        var generator = SeededGenerator(seed: 5)
        let block = ResidualBlock(inputChannels: 2, outputChannels: 3, stride: 2, generator: &generator)
        block.setTraining(false)  // fixed statistics: the function checked is the same on every call
        checkGradients(of: { block($0[0]) }, at: [randomInput([2, 2, 4, 4], seed: 6)], absoluteTolerance: 5e-3)
    }
}
