import Agents
import Foundation
import Games
import Gym
import NN
import Tensors
import Testing

/// The examples of docs/engine-api.md, compiled and run: each test's body between its
/// `// docs/engine-api.md, example N` and `// end of example` lines is that example, and
/// `theDocumentShowsTheseExamples` checks that the page's ```swift blocks are these, in order.
@Suite struct EngineAPIExamples {
    @Test func aGradientByHand() throws {
        // docs/engine-api.md, example 1
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).requiringGradient()
        let y = (x * x).sum()                      // Σ x², recorded for reverse mode
        let gradients = y.gradients()              // runs the pullbacks, then frees the graph
        print(y.scalar)                            // 30.0
        print(gradients[x]?.scalars ?? [])         // 2x: [2.0, 4.0, 6.0, 8.0]
        let plain = withoutGradients { x * x }     // nothing recorded
        print(plain.requiresGradient)              // false
        // end of example
        #expect(y.scalar == 30 && gradients[x]?.scalars == [2, 4, 6, 8] && !plain.requiresGradient)
    }

    @Test func anMLPLearnsXOR() throws {
        // docs/engine-api.md, example 2
        var generator = SeededGenerator(seed: 1)
        let model = Sequential(Dense(inputSize: 2, outputSize: 8, generator: &generator), Tanh(),
                               Dense(inputSize: 8, outputSize: 1, generator: &generator))
        let inputs = Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
        let labels = Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])
        let optimizer = Adam(learningRate: 0.05)
        for _ in 0..<300 {
            let loss = sigmoidCrossEntropy(logits: model(inputs), labels: labels)
            optimizer.update(model, with: loss.gradients())    // reverse mode, then one Adam step
        }
        let logits = withoutGradients { model(inputs) }         // acting: no graph recorded
        print(logits.sigmoid().scalars)                         // near [0, 1, 1, 0]
        // end of example
        #expect(logits.sigmoid().scalars.map { $0.rounded() } == [0, 1, 1, 0], "\(logits.sigmoid().scalars)")
    }

    @Test func aSmallCNNTrainsAStepThenEvaluates() throws {
        // docs/engine-api.md, example 3
        var generator = SeededGenerator(seed: 7)
        let model = Sequential(
            Conv2D(inputChannels: 1, outputChannels: 8, kernelSize: 3, padding: 1, generator: &generator), ReLU(),
            MaxPool2D(kernelSize: 2), Flatten(),
            Dense(inputSize: 8 * 14 * 14, outputSize: 10, generator: &generator))
        let images = Tensor.uniform(shape: [16, 1, 28, 28], generator: &generator)   // NCHW
        let labels = (0..<16).map { $0 % 10 }
        let optimizer = Adam(learningRate: 1e-3)
        let loss = softmaxCrossEntropy(logits: model(images), labels: labels)
        let lossValue = loss.scalar
        optimizer.update(model, with: loss.gradients())
        model.setTraining(false)                                   // dropout off, BatchNorm's running statistics on
        let predictions = withoutGradients { model(images) }.argmax(alongAxis: 1)
        print(model.parameterCount, lossValue, predictions)
        // end of example
        #expect(predictions.count == 16 && lossValue.isFinite && model.parameterCount == 8 * 9 + 8 + 8 * 14 * 14 * 10 + 10)
    }

    @Test func clippingAndALearningRateSchedule() throws {
        // docs/engine-api.md, example 4
        var generator = SeededGenerator(seed: 3)
        let model = Sequential(Dense(inputSize: 4, outputSize: 32, generator: &generator), ReLU(),
                               Dense(inputSize: 32, outputSize: 1, generator: &generator))
        let optimizer = Adam(learningRate: 1e-3)
        let schedule = LinearDecay(from: 1e-3, to: 0, over: 1_000)
        let inputs = Tensor.normal(shape: [64, 4], generator: &generator)
        let targets = inputs.sum(alongAxis: 1, keepingDims: true)      // learn the sum of the inputs
        for step in 0..<1_000 {
            optimizer.setLearningRate(from: schedule, at: step)
            let loss = meanSquaredError(predicted: model(inputs), target: targets)
            let lossValue = loss.scalar
            var perParameter = loss.gradients()[model.parameters]       // one gradient per parameter
            let norm = clipByGlobalNorm(&perParameter, maxNorm: 1.0)    // the norm before clipping
            optimizer.update(model.parameters, with: perParameter)
            if step % 250 == 0 { print(step, lossValue, norm) }
        }
        // end of example
        #expect(meanSquaredError(predicted: withoutGradients { model(inputs) }, target: targets).scalar < 0.1)
    }

    @Test func savingAndLoadingSafetensors() throws {
        // docs/engine-api.md, example 5
        var generator = SeededGenerator(seed: 1)
        let model = Sequential(Dense(inputSize: 2, outputSize: 8, generator: &generator), Tanh(),
                               Dense(inputSize: 8, outputSize: 1, generator: &generator))
        try model.save(to: "/tmp/xor.safetensors", metadata: ["task": "xor"])

        var other = SeededGenerator(seed: 2)
        let copy = Sequential(Dense(inputSize: 2, outputSize: 8, generator: &other), Tanh(),
                              Dense(inputSize: 8, outputSize: 1, generator: &other))
        let metadata = try copy.load(from: "/tmp/xor.safetensors")    // the same weights as model
        let file = try SafetensorsFile(contentsOf: "/tmp/xor.safetensors")
        print(metadata["task"] ?? "", file.tensors.map(\.name))       // xor, and names such as 0.weight
        // end of example
        let probe = Tensor(shape: [1, 2], scalars: [1, 0])
        #expect(metadata["task"] == "xor" && copy(probe).scalars == model(probe).scalars && file.tensors.count == 4)
    }

    @Test func anEnvironmentFromTheRegistry() throws {
        // docs/engine-api.md, example 6
        let env = try environments.make("CartPole-v1")     // Gymnasium's make; unknown ids list the known ones
        try env.reset(seed: 42)
        let outcome = try env.step(1)                       // reward, terminated, truncated, info
        let observation = env.observation()                 // [x, ẋ, θ, θ̇] as Float32
        print(outcome.reward, outcome.isEpisodeOver, observation.count, environments.ids)
        // end of example
        #expect(outcome.reward == 1 && observation.count == 4 && environments.ids.contains("CartPole-v1"))
    }

    @Test func atariPreprocessingAndAVectorEnvironment() throws {
        // docs/engine-api.md, example 7
        // No-op reset, 4-frame skip with max, 84×84 gray, 4 frames stacked, FIRE on reset, clipped rewards.
        let general = try atariPreprocessing(Breakout())           // wrappers over 210×160 RGB screens
        let fast = try fastAtariPreprocessing(BreakoutGame.self)   // the same bytes, several times faster
        print(general.observationSpace.shape, fast.observationSpace.shape)   // [4, 84, 84] twice

        let batch = try VectorEnvironment(count: 8, threads: 2) { () throws(EnvironmentError) -> AnyEnvironment<UInt8> in
            try fastAtariPreprocessing(PongGame.self)
        }
        try batch.reset(seed: 0)                                   // copy i gets seed 0 + i
        try batch.step([Int](repeating: 0, count: batch.count))    // one action per copy
        print(batch.observationCount, batch.rewards[0], batch.terminated[0])
        // end of example
        #expect(general.observationSpace.shape == [4, 84, 84] && fast.observationSpace.shape == [4, 84, 84] && batch.observationCount == 4 * 84 * 84)
    }

    @Test func theRandomAgentEvaluated() throws {
        // docs/engine-api.md, example 8
        let env = TimeLimit(CartPole(), maxEpisodeSteps: 500)
        let random = RandomPolicy(actionSpace: env.actionSpace, seed: 1)
        let result = try evaluate(random, in: env, episodes: 100, seed: 0)
        print(result.returnMean, result.returnStandardDeviation)     // a mean of about 22
        print(result.returnMin, result.returnMax, result.lengthMean)
        print(result.returnStandardError)
        // end of example
        #expect(result.returnMean > 15 && result.returnMean < 30, "the random agent averages about 22: \(result.returnMean)")
    }

    @Test func reinforceByHand() throws {
        // docs/engine-api.md, example 9
        var generator = SeededGenerator(seed: 1)
        let env = TimeLimit(CartPole(), maxEpisodeSteps: 500)
        let policy = Sequential(Dense(inputSize: 4, outputSize: 64, generator: &generator), Tanh(),
                                Dense(inputSize: 64, outputSize: 2, generator: &generator))
        let optimizer = Adam(learningRate: 0.01)
        for episode in 0..<200 {
            try env.reset(seed: UInt64(episode))
            var observations: [Float] = [], actions: [Int] = [], rewards: [Float] = []
            while true {
                let observation = env.observation()
                let probabilities = withoutGradients { policy(Tensor(shape: [1, 4], scalars: observation)).softmax() }.scalars
                let action = generator.nextUniform() < probabilities[0] ? 0 : 1
                let outcome = try env.step(action)
                observations += observation
                actions.append(action)
                rewards.append(Float(outcome.reward))
                if outcome.isEpisodeOver { break }
            }
            let returns = Tensor(normalizedPerBatch(discountedReturns(rewards: rewards, discount: 0.99)))
            let logits = policy(Tensor(shape: [actions.count, 4], scalars: observations))
            let loss = (softmaxCrossEntropy(logits: logits, labels: actions, reduction: .none) * returns).mean()
            optimizer.update(policy, with: loss.gradients())
            if episode % 50 == 0 { print(episode, rewards.count) }
        }
        // end of example
        // Played greedily, the trained policy keeps the pole up far longer than chance (about 22 steps).
        try env.reset(seed: 10_000)
        var length = 1
        while !(try env.step(withoutGradients { policy(Tensor(shape: [1, 4], scalars: env.observation())) }.argmax(alongAxis: 1)[0]).isEpisodeOver) {
            length += 1
        }
        #expect(length > 100, "a greedy episode lasted \(length) steps")
    }

    @Test func dqnFromCode() throws {
        // docs/engine-api.md, example 10
        let hyperparameters = DQNHyperparameters(
            learningRate: 2.3e-3, optimizer: .adam(epsilon: 1e-8), discount: 0.99, batchSize: 64, replayCapacity: 10_000,
            learningStarts: 500, trainFrequency: 128, gradientSteps: 32, targetUpdateInterval: 10, tau: 1,
            epsilonStart: 1, epsilonEnd: 0.05, explorationFraction: 0.3, totalSteps: 8_000, evaluationEpsilon: 0,
            huberDelta: 1, maxGradientNorm: 10, doubleDQN: false, hiddenSizes: [64, 64], metricsInterval: 1_000, seed: 1)
        let agent = try DQNAgent(for: TimeLimit(CartPole(), maxEpisodeSteps: 500), hyperparameters: hyperparameters)
        let log = TrainingHistory()
        try agent.train(in: TimeLimit(CartPole(), maxEpisodeSteps: 500), steps: hyperparameters.totalSteps, log: log)
        let evaluation = try evaluate(agent, in: TimeLimit(CartPole(), maxEpisodeSteps: 500), episodes: 10, seed: 1_000)
        print(log.meanReturn(ofLast: 10) ?? 0, evaluation.returnMean)
        // end of example
        #expect(evaluation.returnMean > 50, "greedy DQN after 8,000 steps: \(evaluation.returnMean); random play lasts about 22")
    }

    @Test func theDocumentShowsTheseExamples() throws {
        let page = try String(contentsOf: repository.appendingPathComponent("docs/engine-api.md"), encoding: .utf8)
        let shown = page.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        var compiled: [String] = [], current: [Substring]?
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// docs/engine-api.md, example") {
                current = []
            } else if trimmed == "// end of example", let lines = current {
                compiled.append(lines.map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }.joined(separator: "\n") + "\n")
                current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        #expect(compiled.count == 10)
        #expect(shown.count == compiled.count, "docs/engine-api.md has \(shown.count) swift blocks; this file compiles \(compiled.count)")
        for (index, (page, test)) in zip(shown, compiled).enumerated() {
            #expect(page == test, "docs/engine-api.md's example \(index + 1) is not the one compiled here")
        }
    }
}
