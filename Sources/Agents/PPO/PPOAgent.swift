import Gym
import NN
import Randomness
import Tensors

/// Proximal Policy Optimization (Schulman et al. 2017, "Proximal Policy Optimization
/// Algorithms", Algorithm 1), as CleanRL's `ppo_atari.py` and `ppo.py` run it. Each iteration:
/// 1. roll out T steps of N environment copies, one forward pass over the [N, …] batch giving
///    all N actions;
/// 2. compute GAE(λ) advantages and the critic's targets (`generalizedAdvantages`);
/// 3. take K passes over the N·T transitions in shuffled minibatches, each one Adam step on
///    the clipped surrogate, the value loss and the entropy bonus (`PPOLoss`), the gradient
///    clipped to a global norm, the step size annealed linearly to 0 over the run.
///
/// The network is an `ActorCriticNetwork`: the Nature CNN trunk shared by the policy and the
/// value for frames, MLPs for vectors (one each unless `shared_trunk`), initialized orthogonally
/// with gains √2, 0.01 and 1. Runs are reproducible:
/// the same seed and hyperparameters give the same weights, whatever `env_threads` is.
/// Checkpoints are in PPOCheckpoint.swift.
public final class PPOAgent: Policy, Checkpointable {
    public static let metricNames = ["policy_loss", "value_loss", "entropy", "approx_kl", "clip_fraction",
                                     "explained_variance", "learning_rate"] + PhaseTimes.metricNames

    public let hyperparameters: PPOHyperparameters
    public let observationShape: [Int]
    public let actionCount: Int
    public let network: ActorCriticNetwork
    let optimizer: Adam
    let parameters: [Parameter]

    /// Environment steps over all copies, games finished, iterations (rollout + update).
    public internal(set) var steps = 0
    public internal(set) var episodes = 0
    public internal(set) var updates = 0
    /// The data-parallel job this agent trains in as one rank (`Replicas`); nil: alone.
    public var processGroup: (any ProcessGroup)?

    /// One observation as network input, for `action(for:)`.
    private var actingInput: Tensor

    public init(observationShape: [Int], actionCount: Int, hyperparameters: PPOHyperparameters) throws(InvalidHyperparameter) {
        try hyperparameters.validate()
        precondition(observationShape.reduce(1, *) > 0 && actionCount > 0, "PPO needs observations and actions, got \(observationShape), \(actionCount)")
        (self.observationShape, self.actionCount, self.hyperparameters) = (observationShape, actionCount, hyperparameters)
        var generator = SeededGenerator(seed: hyperparameters.seed)
        network = ActorCriticNetwork(observationShape: observationShape, actionCount: actionCount,
                                     hiddenSizes: hyperparameters.hiddenSizes, activation: hyperparameters.activation,
                                     sharedTrunk: hyperparameters.sharedTrunk, generator: &generator)
        parameters = network.parameters
        optimizer = Adam(learningRate: hyperparameters.learningRate, epsilon: hyperparameters.adamEpsilon)
        actingInput = Tensor(zeros: [1] + observationShape)
    }

    public convenience init<E: Environment>(for env: E, hyperparameters: PPOHyperparameters) throws(InvalidHyperparameter) {
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
        var sampling = SeededGenerator(seed: replicas.seed(derivedSeed(h.seed, 2, UInt64(steps))))
        var shuffling = SeededGenerator(seed: replicas.seed(derivedSeed(h.seed, 3, UInt64(steps))))
        let rollout = collector.rollout, n = h.environments, actionCount = actionCount
        let end = steps + budget

        while steps < end, !(try replicas.anyStops(log.shouldStop)) {
            optimizer.learningRate = learningRate(atStep: steps)

            // 1. Roll out: the N actions drawn from π(·|s) of one forward pass over the batch.
            let (lastValues, games) = try collector.collect(act: { input, t, actions in
                let (logits, values) = withoutGradients { network.outputs(input) }
                logits.withUnsafeBufferPointer { all in
                    for i in 0..<n {
                        let row = UnsafeBufferPointer(rebasing: all[(i * actionCount)..<((i + 1) * actionCount)])
                        actions[i] = CategoricalPolicy.sample(logits: row, using: &sampling)
                        rollout.logProbabilities[t * n + i] = CategoricalPolicy.logProbability(of: actions[i], logits: row)
                    }
                }
                values.withUnsafeBufferPointer { v in for i in 0..<n { rollout.values[t * n + i] = v[i] } }
            }, value: { batch in withoutGradients { network.outputs(batch).values }.scalars }, firstStep: steps, log: log)
            steps += rollout.count * replicas.count
            episodes += try replicas.total(games)

            var metrics = try PhaseTimes.timing(&collector.times.learning) {
                // 2. GAE(λ), bootstrapped from V of the observations the rollout stopped in.
                let (advantages, returns) = generalizedAdvantages(
                    rewards: rollout.rewards, values: rollout.values, terminated: rollout.terminated, truncated: rollout.truncated,
                    truncationValues: rollout.truncationValues, lastValues: lastValues, discount: h.discount, lambda: h.gaeLambda)

                // 3. K epochs of shuffled minibatches.
                var metrics = try update(on: rollout, advantages: advantages, returns: returns, shuffling: &shuffling, replicas: replicas)
                metrics["explained_variance"] = explainedVariance(predicted: rollout.values, targets: returns)
                return metrics
            }
            updates += 1
            try replicas.checkAgreement(parameters, update: updates)
            metrics["learning_rate"] = Double(optimizer.learningRate)
            log.record(metrics.merging(collector.times.metrics) { a, _ in a }, atStep: steps)
        }
        try replicas.verifyAgreement(parameters, update: updates)
    }

    /// The epochs of one iteration; returns the last epoch's mean losses, KL and clip fraction.
    private func update<Scalar>(on rollout: Rollout<Scalar>, advantages: [Float], returns: [Float],
                                shuffling: inout SeededGenerator,
                                replicas: Replicas) throws -> [String: Double] {
        let h = hyperparameters, size = h.minibatchSize
        var order = Array(0..<rollout.count)
        var input = Tensor(zeros: [size] + observationShape)
        var sums: [String: Double] = [:]
        for _ in 0..<h.epochs {
            shuffling.shuffle(&order)
            sums = [:]
            for start in stride(from: 0, to: order.count, by: size) {
                let indices = order[start..<(start + size)]
                rollout.encodeObservations(indices, into: &input)
                let (logits, values) = network.outputs(input)
                let loss = PPOLoss(logits: logits, values: values, actions: indices.map { rollout.actions[$0] },
                                   oldLogProbabilities: indices.map { rollout.logProbabilities[$0] },
                                   oldValues: indices.map { rollout.values[$0] }, advantages: indices.map { advantages[$0] },
                                   returns: indices.map { returns[$0] }, hyperparameters: h)
                var gradients = try replicas.gradients(loss.loss.gradients()[parameters], of: parameters)
                if let maxNorm = h.maxGradientNorm { clipByGlobalNorm(&gradients, maxNorm: maxNorm) }
                optimizer.update(parameters, with: gradients)
                for (name, value) in [("policy_loss", loss.policyLoss), ("value_loss", loss.valueLoss), ("entropy", loss.entropy),
                                      ("approx_kl", loss.approximateKL), ("clip_fraction", loss.clipFraction)] {
                    sums[name, default: 0] += Double(value) / Double(h.minibatches)
                }
            }
            // Every rank must stop at the same epoch: the KL is the mean over the ranks'.
            if let targetKL = h.targetKL, try replicas.mean(sums["approx_kl", default: 0]) > Double(targetKL) { break }
        }
        return sums
    }

    /// The most probable action under π(·|s): the greedy policy evaluation uses.
    public func action(for observation: UnsafeBufferPointer<Float>) -> Int {
        precondition(observation.count == actingInput.count, "this agent reads \(actingInput.count) inputs, got \(observation.count)")
        actingInput.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: observation.baseAddress!, count: observation.count) }
        let logits = withoutGradients { network(actingInput) }
        return logits.withUnsafeBufferPointer { CategoricalPolicy.mostProbable(logits: $0) }
    }
}

/// 1 − Var(targets − predicted) / Var(targets): how much of the returns' variance the critic
/// explains (1 perfect, 0 no better than a constant, negative worse), as CleanRL logs it.
func explainedVariance(predicted: [Float], targets: [Float]) -> Double {
    func variance(_ x: [Double]) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
    }
    let y = targets.map(Double.init)
    let total = variance(y)
    guard total > 0 else { return .nan }
    return 1 - variance(zip(y, predicted).map { $0 - Double($1) }) / total
}
