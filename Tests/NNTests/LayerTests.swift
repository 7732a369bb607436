import Testing
import Tensors
import NN
import TestSupport

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

@Suite struct DenseLayer {
    @Test func forwardIsInputTimesWeightTransposedPlusBias() {
        let dense = Dense(weight: Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]), bias: Tensor([0.5, -0.5, 1]))
        // [1, −1]·Wᵀ = [1 − 2, 3 − 4, 5 − 6] = [−1, −1, −1]; plus b
        #expect(dense(Tensor(shape: [1, 2], scalars: [1, -1])).scalars == [-0.5, -1.5, 0])
        #expect(dense(Tensor([1, -1])).shape == [3])
        #expect(dense.namedParameters.map(\.name) == ["weight", "bias"])
    }

    @Test func parameterGradients() {
        var generator = SeededGenerator(seed: 1)
        let dense = Dense(inputSize: 2, outputSize: 3, generator: &generator)
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let gradients = dense(x).sum().gradients()
        // d Σ(xWᵀ + b)/dW[o, i] = Σₙ x[n, i] = [4, 6] for each o; d/db = N = 2.
        #expect(gradients[dense.weight]?.scalars == [4, 6, 4, 6, 4, 6])
        #expect(gradients[dense.bias!]?.scalars == [2, 2, 2])
    }

    @Test func inputGradient() {
        var generator = SeededGenerator(seed: 2)
        let dense = Dense(inputSize: 4, outputSize: 3, biasInitializer: .constant(0.1), generator: &generator)
        checkGradients(of: { dense($0[0]) }, at: [randomInput([5, 4], seed: 3)])
    }

    @Test func sameSeedSameNetwork() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9), c = SeededGenerator(seed: 10)
        let first = Dense(inputSize: 4, outputSize: 2, generator: &a)
        let second = Dense(inputSize: 4, outputSize: 2, generator: &b)
        let other = Dense(inputSize: 4, outputSize: 2, generator: &c)
        #expect(first.weight.value.scalars == second.weight.value.scalars)
        #expect(first.weight.value.scalars != other.weight.value.scalars)
    }
}

@Suite struct ParameterlessLayers {
    @Test func activationsForwardToTheirOps() {
        let x = randomInput([2, 5], seed: 4)
        #expect(ReLU()(x).scalars == x.relu().scalars)
        #expect(LeakyReLU(alpha: 0.2)(x).scalars == x.leakyRelu(alpha: 0.2).scalars)
        #expect(Tanh()(x).scalars == x.tanh().scalars)
        #expect(Sigmoid()(x).scalars == x.sigmoid().scalars)
        #expect(Softplus()(x).scalars == x.softplus().scalars)
        #expect(Softmax()(x).scalars == x.softmax(alongAxis: 1).scalars)
        #expect(LogSoftmax(axis: 0)(x).scalars == x.logSoftmax(alongAxis: 0).scalars)
    }

    @Test func haveNoParameters() {
        let layers: [any Layer] = [ReLU(), LeakyReLU(), Tanh(), Sigmoid(), Softplus(), Softmax(), LogSoftmax(), Flatten()]
        for layer in layers {
            #expect(layer is any ParameterlessLayer && layer.namedParameters.isEmpty, "\(type(of: layer))")
        }
    }

    @Test func flattenKeepsTheBatchAxis() {
        let x = Tensor(zeros: [2, 3, 4])
        #expect(Flatten()(x).shape == [2, 12])
    }
}

@Suite struct TargetNetworkUpdates {
    private func mlp(seed: UInt64, hidden: Int = 4) -> Sequential {
        var generator = SeededGenerator(seed: seed)
        return Sequential(Dense(inputSize: 3, outputSize: hidden, generator: &generator), ReLU(),
                          Dense(inputSize: hidden, outputSize: 2, generator: &generator))
    }

    @Test func sequentialNamesParametersByPosition() {
        #expect(mlp(seed: 1).namedParameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
        #expect(mlp(seed: 1).parameterCount == 3 * 4 + 4 + 4 * 2 + 2)
    }

    @Test func copyMakesTheSameFunction() throws {
        let online = mlp(seed: 1), target = mlp(seed: 2)
        let x = randomInput([5, 3], seed: 3)
        #expect(online(x).scalars != target(x).scalars)
        try target.copyParameters(from: online)
        #expect(online(x).scalars == target(x).scalars)
        // A copy, not shared storage: training the online network leaves the target alone.
        online.parameters[0].update { $0[0] += 1 }
        #expect(online(x).scalars != target(x).scalars)
    }

    @Test func blendIsPolyakAverage() throws {
        let online = mlp(seed: 1), target = mlp(seed: 2)
        let before = target.parameters.map(\.value.scalars)
        try target.blendParameters(from: online, tau: 0.25)
        for (k, parameter) in target.parameters.enumerated() {
            let expected = zip(online.parameters[k].value.scalars, before[k]).map { 0.25 * $0 + 0.75 * $1 }
            #expect(parameter.value.isApproximatelyEqual(to: Tensor(shape: parameter.shape, scalars: expected)))
        }
    }

    /// Two parameters of one shape, listed in either order: a position-wise copy would swap them.
    private final class Pair: Layer {
        let first: Parameter, second: Parameter, listsSecondFirst: Bool
        init(_ first: [Float], _ second: [Float], listsSecondFirst: Bool) {
            (self.first, self.second) = (Parameter(Tensor(first)), Parameter(Tensor(second)))
            self.listsSecondFirst = listsSecondFirst
        }
        func callAsFunction(_ input: Tensor) -> Tensor { input }
        var namedParameters: [(name: String, parameter: Parameter)] {
            listsSecondFirst ? [("second", second), ("first", first)] : [("first", first), ("second", second)]
        }
    }

    @Test func copyAndBlendPairParametersByName() throws {
        let source = Pair([1, 2], [3, 4], listsSecondFirst: false)
        let copied = Pair([0, 0], [0, 0], listsSecondFirst: true)
        try copied.copyParameters(from: source)
        #expect(copied.first.value.scalars == [1, 2] && copied.second.value.scalars == [3, 4])

        let blended = Pair([0, 0], [0, 0], listsSecondFirst: true)
        try blended.blendParameters(from: source, tau: 0.5)
        #expect(blended.first.value.scalars == [0.5, 1] && blended.second.value.scalars == [1.5, 2])
    }

    /// Same names in another order and of different shapes: a position-wise copy would trap
    /// assigning a [3] bias into a [3, 2] weight.
    @Test func copyByNameAcrossOrderAndShapes() throws {
        final class Reordered: Layer {
            let dense: Dense
            init(_ dense: Dense) { self.dense = dense }
            func callAsFunction(_ input: Tensor) -> Tensor { dense(input) }
            var namedParameters: [(name: String, parameter: Parameter)] { dense.namedParameters.reversed() }
        }
        let source = Dense(weight: Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]), bias: Tensor([7, 8, 9]))
        let target = Reordered(Dense(weight: Tensor(zeros: [3, 2]), bias: Tensor(zeros: [3])))
        try target.copyParameters(from: source)
        #expect(target.dense.weight.value.scalars == [1, 2, 3, 4, 5, 6] && target.dense.bias!.value.scalars == [7, 8, 9])
    }

    @Test func mismatchNamesTheParameterAndBothShapes() {
        #expect {
            try mlp(seed: 1).copyParameters(from: mlp(seed: 2, hidden: 5))
        } throws: { error in
            let message = "\(error)"
            return error is ParameterMismatch && message.contains("'0.weight'") && message.contains("[5, 3]")
                && message.contains("[4, 3]") && !message.contains("\n")
        }
        #expect {
            try Dense(weight: Tensor(zeros: [2, 3]), bias: nil).copyParameters(from: Dense(weight: Tensor(zeros: [2, 3]), bias: Tensor([1, 2])))
        } throws: { "\($0)".contains("'bias'") }
    }

    @Test func mismatchedNetworksThrow() {
        #expect(throws: ParameterMismatch.self) { try mlp(seed: 1).copyParameters(from: mlp(seed: 2, hidden: 5)) }
        #expect(throws: ParameterMismatch.self) { try mlp(seed: 1).blendParameters(from: Dense(weight: Tensor(zeros: [2, 3]), bias: nil), tau: 0.5) }
    }
}

@Suite struct SequentialFusion {
    /// Sequential runs a Conv2D followed by a ReLU fused; that must give the same bits, output
    /// and parameter gradients, as the layers applied one at a time.
    @Test func convolutionThenReLUGivesTheSameBitsFused() {
        var generator = SeededGenerator(seed: 30)
        let network = Sequential(
            Conv2D(inputChannels: 2, outputChannels: 4, kernelSize: 3, stride: 2, padding: 1, generator: &generator), ReLU(),
            Conv2D(inputChannels: 4, outputChannels: 3, kernelSize: 2, generator: &generator), ReLU(), Flatten(),
            Dense(inputSize: 3 * 3 * 3, outputSize: 2, generator: &generator))
        let x = randomInput([3, 2, 8, 8], seed: 31)
        func run(_ forward: (Tensor) -> Tensor) -> [[UInt32]] {
            let y = forward(x)
            let gradients = (y * y).sum().gradients()
            return ([y] + network.namedParameters.map { gradients[$0.parameter]! }).map { $0.scalars.map(\.bitPattern) }
        }
        let fused = run { network($0) }
        let oneAtATime = run { network.layers.reduce($0) { x, layer in layer(x) } }
        #expect(fused == oneAtATime)
        #expect(fused[0].contains { Float(bitPattern: $0) != 0 })
    }
}
