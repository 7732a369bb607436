import Gym
import NN
import Randomness
import Tensors

/// Parallelised Q-Network (Gallici et al. 2024, "Simplifying Deep Temporal Difference
/// Learning", Algorithm 1), as CleanRL's `pqn_atari_envpool.py` and `pqn.py` run it: Q-learning
/// on the rollouts of N environment copies, with no replay memory and no target network;
/// LayerNorm in the Q-network keeps it stable. Each iteration:
/// 1. roll out T steps of N copies ε-greedily, one forward pass over the [N, …] batch giving
///    the N greedy actions and max_a Q(s, a);
/// 2. compute the Q(λ) returns backwards over the rollout (`qLambdaReturns`);
/// 3. take K passes over the N·T transitions in shuffled minibatches, each one optimizer step
///    on mean (G − Q(s, a))², the gradient clipped to a global norm, the step annealed
///    linearly to 0 over the run.
///
/// Runs are reproducible: the same seed and hyperparameters give the same weights, whatever
/// `env_threads` is. Checkpoints are in PQNCheckpoint.swift.
public final class PQNAgent: Policy, Checkpointable {
    public static let metricNames = ["td_loss", "q_mean", "epsilon", "learning_rate"] + PhaseTimes.metricNames

    public let hyperparameters: PQNHyperparameters
    public let observationShape: [Int]
    public let actionCount: Int
    /// Q(s, ·; θ).
    public let network: Sequential
    let optimizer: any Optimizer
    let parameters: [Parameter]

    /// Environment steps over all copies, games finished, iterations (rollout + update).
    public internal(set) var steps = 0
    public internal(set) var episodes = 0
    public internal(set) var updates = 0
    /// The data-parallel job this agent trains in as one rank (`Replicas`); nil: alone.
    public var processGroup: (any ProcessGroup)?

    /// One observation as network input, for `action(for:)`.
    private var actingInput: Tensor

    public init(observationShape: [Int], actionCount: Int, hyperparameters: PQNHyperparameters) throws(InvalidHyperparameter) {
        try hyperparameters.validate()
        precondition(observationShape.reduce(1, *) > 0 && actionCount > 0, "PQN needs observations and actions, got \(observationShape), \(actionCount)")
        (self.observationShape, self.actionCount, self.hyperparameters) = (observationShape, actionCount, hyperparameters)
        var generator = SeededGenerator(seed: hyperparameters.seed)
        network = layerNormQNetwork(observationShape: observationShape, actions: actionCount,
                                    hiddenSizes: hyperparameters.hiddenSizes, generator: &generator)
        parameters = network.parameters
        optimizer = switch hyperparameters.optimizer {
        case .radam: RAdam(learningRate: hyperparameters.learningRate)
        case .adam: Adam(learningRate: hyperparameters.learningRate)
        }
        actingInput = Tensor(zeros: [1] + observationShape)
    }

    public convenience init<E: Environment>(for env: E, hyperparameters: PQNHyperparameters) throws(InvalidHyperparameter) {
        try self.init(observationShape: env.observationSpace.shape, actionCount: env.actionSpace.n, hyperparameters: hyperparameters)
    }

    /// The step size at `step`: annealed linearly from `learning_rate` to 0 over the run.
    public func learningRate(atStep step: Int) -> Float {
        let h = hyperparameters
        return h.annealLearningRate ? LinearDecay(from: h.learningRate, to: 0, over: h.totalSteps).learningRate(at: step) : h.learningRate
    }

    /// Trains for at least `budget` more environment steps (whole iterations of N·T steps,
    /// so up to N·T − 1 more), or until `log.shouldStop`. Copy i plays in `makeEnvironment(i)`,
    /// first reset with a seed derived from the agent's seed and steps so far. Reports every
    /// finished game (`GameTally`) and each iteration's metrics.
    public func train<E: Environment>(makeEnvironment: (Int) throws -> E, steps budget: Int, log: some TrainingLog) throws
        where E.Scalar: AgentObservation {
        let h = hyperparameters, replicas = Replicas(group: processGroup)
        try replicas.start(parameters)
        let collector = try RolloutCollector(copies: h.environments, makeEnvironment: makeEnvironment, threads: h.environmentThreads,
                                             rolloutSteps: h.rolloutSteps, observationShape: observationShape, actionCount: actionCount,
                                             seed: replicas.seed(derivedSeed(h.seed, 1, UInt64(steps))))
        var exploration = SeededGenerator(seed: replicas.seed(derivedSeed(h.seed, 2, UInt64(steps))))
        var shuffling = SeededGenerator(seed: replicas.seed(derivedSeed(h.seed, 3, UInt64(steps))))
        let rollout = collector.rollout, n = h.environments, actionCount = actionCount, schedule = h.epsilonSchedule
        let end = steps + budget

        while steps < end, !(try replicas.anyStops(log.shouldStop)) {
            optimizer.learningRate = learningRate(atStep: steps)

            // 1. Roll out ε-greedily: the N greedy actions and max Q from one forward pass.
            let first = steps
            var epsilon = schedule.epsilon(at: first)
            let (lastValues, games) = try collector.collect(act: { input, t, actions in
                epsilon = schedule.epsilon(at: first + t * n * replicas.count)
                let q = withoutGradients { network(input) }
                q.withUnsafeBufferPointer { all in
                    for i in 0..<n {
                        let row = UnsafeBufferPointer(rebasing: all[(i * actionCount)..<((i + 1) * actionCount)])
                        let greedy = CategoricalPolicy.mostProbable(logits: row)
                        rollout.values[t * n + i] = row[greedy]
                        actions[i] = exploration.nextUniform() < epsilon ? exploration.nextInt(below: actionCount) : greedy
                    }
                }
            }, value: { batch in withoutGradients { network(batch).max(alongAxis: 1) }.scalars },
               firstStep: steps, log: log)
            steps += rollout.count * replicas.count
            episodes += try replicas.total(games)

            var metrics = try PhaseTimes.timing(&collector.times.learning) {
                // 2. Q(λ) returns, bootstrapped from max Q of the observations the rollout stopped in.
                let returns = qLambdaReturns(rewards: rollout.rewards, values: rollout.values, terminated: rollout.terminated,
                                             truncated: rollout.truncated, truncationValues: rollout.truncationValues,
                                             lastValues: lastValues, discount: h.discount, lambda: h.qLambda)

                // 3. K epochs of shuffled minibatches regressing Q(s, a) on the returns.
                return try update(on: rollout, returns: returns, shuffling: &shuffling, replicas: replicas)
            }
            updates += 1
            try replicas.checkAgreement(parameters, update: updates)
            metrics["epsilon"] = Double(epsilon)
            metrics["learning_rate"] = Double(optimizer.learningRate)
            log.record(metrics.merging(collector.times.metrics) { a, _ in a }, atStep: steps)
        }
        try replicas.verifyAgreement(parameters, update: updates)
    }

    /// The epochs of one iteration; returns the last epoch's mean loss and Q(s, a).
    private func update<Scalar>(on rollout: Rollout<Scalar>, returns: [Float], shuffling: inout SeededGenerator,
                                replicas: Replicas) throws -> [String: Double] {
        let h = hyperparameters, size = h.minibatchSize
        var order = Array(0..<rollout.count)
        var input = Tensor(zeros: [size] + observationShape)
        var loss = 0.0, q = 0.0
        for _ in 0..<h.epochs {
            shuffling.shuffle(&order)
            (loss, q) = (0, 0)
            for start in stride(from: 0, to: order.count, by: size) {
                let indices = order[start..<(start + size)]
                rollout.encodeObservations(indices, into: &input)
                let chosen = network(input).gather(alongAxis: 1, indices: indices.map { rollout.actions[$0] }).reshaped([size])
                let tdLoss = (Tensor(indices.map { returns[$0] }) - chosen).squared().mean()
                var gradients = try replicas.gradients(tdLoss.gradients()[parameters], of: parameters)
                if let maxNorm = h.maxGradientNorm { clipByGlobalNorm(&gradients, maxNorm: maxNorm) }
                optimizer.update(parameters, with: gradients)
                loss += Double(tdLoss.scalar) / Double(h.minibatches)
                q += Double(chosen.detached().mean().scalar) / Double(h.minibatches)
            }
        }
        return ["td_loss": loss, "q_mean": q]
    }

    /// argmax_a Q(s, a): the greedy policy evaluation uses.
    public func action(for observation: UnsafeBufferPointer<Float>) -> Int {
        precondition(observation.count == actingInput.count, "this agent reads \(actingInput.count) inputs, got \(observation.count)")
        actingInput.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: observation.baseAddress!, count: observation.count) }
        return withoutGradients { network(actingInput) }.argmax()
    }
}
