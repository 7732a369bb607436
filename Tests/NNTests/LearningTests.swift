import Testing
import Tensors
import NN

@Suite struct LearningFromScratch {
    @Test func mlpLearnsXOR() {
        var generator = SeededGenerator(seed: 7)
        let model = Sequential(Dense(inputSize: 2, outputSize: 8, generator: &generator), Tanh(),
                               Dense(inputSize: 8, outputSize: 1, generator: &generator))
        let x = Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
        let y = Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])
        let optimizer = Adam(learningRate: 0.05)
        for _ in 0..<300 {
            optimizer.update(model, with: sigmoidCrossEntropy(logits: model(x), labels: y).gradients())
        }
        let logits = withoutGradients { model(x) }
        #expect(logits.scalars.map { $0 > 0 ? Float(1) : 0 } == y.scalars)
        #expect(sigmoidCrossEntropy(logits: logits, labels: y).scalar < 0.05)
    }
}
