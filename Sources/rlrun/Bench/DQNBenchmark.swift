import NN
import Tensors

/// The Nature DQN network (Mnih et al. 2015) on the engine: one training step on a batch of
/// 32, and one forward pass for a single observation (the acting latency).
enum DQNBenchmark {
    static let batchSize = 32, actions = 4, gamma: Float = 0.99

    static func run() -> [BenchmarkResult] {
        var generator = SeededGenerator(seed: 7)
        let online = natureCNN(outputs: actions, generator: &generator)
        let target = natureCNN(outputs: actions, generator: &generator)
        try! target.copyParameters(from: online)
        let optimizer = Adam(learningRate: 1e-4)

        // A batch as a replay buffer would give it: frames scaled to [0, 1].
        let states = Tensor.uniform(shape: [batchSize, 4, 84, 84], generator: &generator)
        let nextStates = Tensor.uniform(shape: [batchSize, 4, 84, 84], generator: &generator)
        let actionsTaken = (0..<batchSize).map { _ in generator.nextInt(below: actions) }
        let rewards = Tensor.uniform(shape: [batchSize, 1], low: -1, high: 1, generator: &generator)
        let notDone = Tensor(repeating: 1, shape: [batchSize, 1])

        func trainingStep() {
            // y = r + γ·(1 − done)·maxₐ' Q_target(s', a'), with no graph recorded.
            let targets = withoutGradients {
                rewards + gamma * notDone * target(nextStates).max(alongAxis: 1, keepingDims: true)
            }
            let chosen = online(states).gather(alongAxis: 1, indices: actionsTaken)
            let loss = huberLoss(predicted: chosen, target: targets)
            optimizer.update(online, with: loss.gradients())
        }
        // Acting: one observation (DQN, A3C), and eight (PPO and PQN over 8 environment copies).
        let observation = states.slice(axis: 0, 0..<1), observations = states.slice(axis: 0, 0..<8)
        var greedy = 0
        func act() { greedy &+= withoutGradients { online(observation) }.argmax() }
        func actBatch() { greedy &+= withoutGradients { online(observations) }.argmax() }

        let step = Stopwatch.medianSeconds(minimumSeconds: 3, trainingStep)
        let forward = Stopwatch.medianSeconds(minimumRuns: 200, minimumSeconds: 1, act)
        let forwardBatch = Stopwatch.medianSeconds(minimumRuns: 200, minimumSeconds: 1, actBatch)
        return [
            BenchmarkResult(name: "dqn_train_step_b32", value: step * 1e3, unit: "ms",
                            reference: "goal < 8 ms and ≥ 2× PyTorch: bash bench/compare_pytorch.sh"),
            BenchmarkResult(name: "dqn_forward_b1", value: forward * 1e6, unit: "µs",
                            reference: "goal < 100 µs"),
            BenchmarkResult(name: "dqn_forward_b8", value: forwardBatch * 1e6, unit: "µs",
                            reference: "goal < 250 µs"),
        ]
    }
}
