import Dispatch
import Synchronization
import Testing
import Tensors
import NN

/// Every optimizer, with settings that fit a small linear regression in a few hundred steps.
enum OptimizerCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sgd, momentum, nesterov, adagrad, rmsProp, centeredRMSProp, adadelta, adam, adamW

    func make() -> any Optimizer {
        switch self {
        case .sgd: SGD(learningRate: 0.1)
        case .momentum: SGD(learningRate: 0.05, momentum: 0.9)
        case .nesterov: SGD(learningRate: 0.05, momentum: 0.9, nesterov: true)
        case .adagrad: Adagrad(learningRate: 0.5)
        case .rmsProp: RMSProp(learningRate: 0.01)
        case .centeredRMSProp: CenteredRMSProp(learningRate: 0.01)
        // Adadelta's first steps are about √ε; a larger ε gets it moving within the budget.
        case .adadelta: Adadelta(learningRate: 1, rho: 0.9, epsilon: 1e-3)
        case .adam: Adam(learningRate: 0.05)
        case .adamW: Adam.adamW(learningRate: 0.05, weightDecay: 1e-4)
        }
    }

    var testDescription: String { rawValue }
}

/// y = x·[2, −1, 0.5] + 0.3 on 64 seeded points in [−1, 1)³.
private func regressionData() -> (x: Tensor, y: Tensor) {
    var generator = SeededGenerator(seed: 42)
    let x = Tensor.uniform(shape: [64, 3], low: -1, high: 1, generator: &generator)
    let y = withoutGradients { Tensor.matmul(x, Tensor(shape: [3, 1], scalars: [2, -1, 0.5])) + 0.3 }
    return (x, y)
}

@Suite struct OptimizerTraining {
    @Test(arguments: OptimizerCase.allCases)
    func fitsLinearRegression(_ optimizerCase: OptimizerCase) {
        let (x, y) = regressionData()
        var generator = SeededGenerator(seed: 1)
        let model = Dense(inputSize: 3, outputSize: 1, generator: &generator)
        let optimizer = optimizerCase.make()
        let initialLoss = meanSquaredError(predicted: model(x), target: y).scalar
        for _ in 0..<300 {
            let loss = meanSquaredError(predicted: model(x), target: y)
            optimizer.update(model, with: loss.gradients())
        }
        let finalLoss = meanSquaredError(predicted: model(x), target: y).scalar
        #expect(finalLoss < 1e-3, "\(optimizerCase): loss \(initialLoss) → \(finalLoss)")
    }
}

@Suite struct OptimizerCheckpoints {
    private func trainedModel(_ optimizer: some Optimizer, steps: Int) -> Sequential {
        var generator = SeededGenerator(seed: 3)
        let model = Sequential(Dense(inputSize: 3, outputSize: 4, generator: &generator), Tanh(),
                               Dense(inputSize: 4, outputSize: 1, generator: &generator))
        let (x, y) = regressionData()
        for _ in 0..<steps {
            optimizer.update(model, with: meanSquaredError(predicted: model(x), target: y).gradients())
        }
        return model
    }

    @Test func stateTensorsAreNamedByOptimizerSlotAndParameter() {
        let optimizer = Adam()
        let model = trainedModel(optimizer, steps: 2)
        let tensors = optimizer.stateTensors(named: model.namedParameters)
        #expect(tensors.keys.sorted() == [
            "adam.m.0.bias", "adam.m.0.weight", "adam.m.2.bias", "adam.m.2.weight",
            "adam.step.0.bias", "adam.step.0.weight", "adam.step.2.bias", "adam.step.2.weight",
            "adam.v.0.bias", "adam.v.0.weight", "adam.v.2.bias", "adam.v.2.weight",
        ])
        #expect(tensors["adam.m.0.weight"]?.shape == [4, 3])
        #expect(tensors["adam.step.2.bias"]?.scalar == 2)
    }

    @Test func restoredStateContinuesIdentically() throws {
        // Two copies of one trained model; one keeps its optimizer, the other gets a fresh
        // optimizer restored from a checkpoint. Their next steps must agree exactly.
        let original = Adam(learningRate: 0.01), restored = Adam(learningRate: 0.01)
        let a = trainedModel(original, steps: 3)
        let b = trainedModel(Adam(learningRate: 0.01), steps: 3)
        try restored.restoreState(from: original.stateTensors(named: a.namedParameters), named: b.namedParameters)
        let (x, y) = regressionData()
        original.update(a, with: meanSquaredError(predicted: a(x), target: y).gradients())
        restored.update(b, with: meanSquaredError(predicted: b(x), target: y).gradients())
        for (p, q) in zip(a.parameters, b.parameters) { #expect(p.value.scalars == q.value.scalars) }
        #expect(restored.state(for: b.parameters[0]).step == 4)
    }

    @Test func mismatchedStateThrowsWithoutChangingAnything() {
        let adam = Adam()
        let model = trainedModel(adam, steps: 1)
        let saved = adam.stateTensors(named: model.namedParameters)
        let fresh = Adam()

        var missing = saved
        missing["adam.v.2.bias"] = nil
        #expect(throws: OptimizerStateMismatch.self) { try fresh.restoreState(from: missing, named: model.namedParameters) }

        var reshaped = saved
        reshaped["adam.m.0.weight"] = Tensor(zeros: [3, 4])
        #expect(throws: OptimizerStateMismatch.self) { try fresh.restoreState(from: reshaped, named: model.namedParameters) }

        var extra = saved
        extra["adam.m.4.weight"] = Tensor(zeros: [1])
        #expect(throws: OptimizerStateMismatch.self) { try fresh.restoreState(from: extra, named: model.namedParameters) }

        // Another optimizer's state is missing every slot this one needs.
        #expect(throws: OptimizerStateMismatch.self) { try RMSProp().restoreState(from: saved, named: model.namedParameters) }
        // Nothing was half-restored.
        #expect(fresh.state(for: model.parameters[0]).step == 0)
    }

    /// A damaged step count (it is saved as a Float) is refused, and nothing is restored.
    @Test(arguments: [Float.nan, .infinity, -.infinity, -1, 2.5, 16_777_218, 1e30, -0.5])
    func corruptStepCountThrows(step: Float) {
        let adam = Adam()
        let model = trainedModel(adam, steps: 2)
        var saved = adam.stateTensors(named: model.namedParameters)
        saved["adam.step.2.bias"] = Tensor(step)
        let fresh = Adam()
        #expect {
            try fresh.restoreState(from: saved, named: model.namedParameters)
        } throws: { error in
            error is OptimizerStateMismatch && "\(error)".contains("'adam.step.2.bias'")
        }
        #expect(fresh.state(for: model.parameters[0]).step == 0)
        #expect(fresh.state(for: model.parameters[0]).tensor(slot: "m").scalars.allSatisfy { $0 == 0 })
    }

    @Test(arguments: [Float(0), 1, 16_777_216])
    func stepCountsAtTheLimitsRestore(step: Float) throws {
        let adam = Adam()
        let model = trainedModel(adam, steps: 1)
        var saved = adam.stateTensors(named: model.namedParameters)
        saved["adam.step.0.weight"] = Tensor(step)
        let fresh = Adam()
        try fresh.restoreState(from: saved, named: model.namedParameters)
        #expect(fresh.state(for: model.parameters[0]).step == Int(step))
    }

    @Test func mismatchedStateMessageNamesTheTensorAndBothShapes() {
        let adam = Adam()
        let model = trainedModel(adam, steps: 1)
        var saved = adam.stateTensors(named: model.namedParameters)
        saved["adam.m.0.weight"] = Tensor(zeros: [3, 4])
        #expect {
            try Adam().restoreState(from: saved, named: model.namedParameters)
        } throws: { error in
            let message = "\(error)"
            return message.contains("'adam.m.0.weight'") && message.contains("[3, 4]") && message.contains("[4, 3]")
                && !message.contains("\n")
        }
    }

    /// The table behind `state(for:)` is guarded by a mutex: threads asking at once for a new
    /// parameter's state all get the one state created.
    @Test func concurrentFirstUseCreatesOneState() {
        let states = OptimizerStates()
        let parameters = (0..<8).map { Parameter(Tensor([Float($0)])) }
        let seen = Mutex<[ObjectIdentifier: Set<ObjectIdentifier>]>([:])
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let parameter = parameters[i % parameters.count]
            let state = states.state(for: parameter, slotNames: ["meanSquare"])
            _ = seen.withLock { $0[ObjectIdentifier(parameter), default: []].insert(ObjectIdentifier(state)) }
        }
        #expect(seen.withLock { $0.count == parameters.count && $0.values.allSatisfy { $0.count == 1 } })
    }

    @Test func sharedStateIsOneBufferPerParameter() {
        // A3C shares one optimizer across learners: state found by parameter identity is the
        // same object whichever learner asks, and updates accumulate in it.
        let optimizer = RMSProp(learningRate: 0.01, epsilonPlacement: .insideSquareRoot)
        let shared = Parameter(Tensor([1, 1]))
        optimizer.update(shared, gradient: Tensor([1, 1]))
        optimizer.update(shared, gradient: Tensor([1, 1]))
        #expect(optimizer.state(for: shared) === optimizer.states.existingState(for: shared))
        // v = 0.99·0.01 + 0.01 = 0.0199 after two unit gradients.
        #expect(optimizer.state(for: shared).tensor(slot: "meanSquare").isApproximatelyEqual(to: Tensor([0.0199, 0.0199])))
    }
}
