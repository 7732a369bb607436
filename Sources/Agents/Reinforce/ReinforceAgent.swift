import Gym
import NN
import Randomness
import Tensors

/// REINFORCE (Williams 1992, "Simple statistical gradient-following algorithms for
/// connectionist reinforcement learning"): play whole episodes with the stochastic policy
/// π(a|s), then step along ∇ Σₜ log π(aₜ|sₜ)·(Gₜ − b(sₜ)), where Gₜ is the discounted return
/// from step t on and b an optional learned baseline.
///
/// `train` reads top to bottom: play `episodesPerUpdate` episodes, compute their returns
/// backwards, normalize them per batch, form the loss, clip, step. Training samples actions;
/// `action(for:)`, used for evaluation, takes the most probable one.
public final class ReinforceAgent: Policy, Checkpointable {
    /// What `train` records after each update (value_loss with a learned baseline only).
    public static let metricNames = ["policy_loss", "value_loss", "entropy", "gradient_norm", "batch_steps"]

    public let hyperparameters: ReinforceHyperparameters
    /// Network inputs per observation (observations of any shape are read flat).
    public let observationSize: Int
    public let actionCount: Int
    /// Logits of π(·|s).
    public let policyNetwork: Sequential
    /// V(s), present when `learnedBaseline` is on.
    public let valueNetwork: Sequential?
    let optimizer: any Optimizer
    /// The agent's seed: its networks' initial weights, its action draws, its episode seeds.
    public let seed: UInt64
    private var generator: SeededGenerator

    /// Environment steps, finished episodes and updates so far; `train` continues from them.
    public private(set) var steps = 0
    public private(set) var episodes = 0
    public private(set) var updates = 0

    public init(observationSize: Int, actionCount: Int, hyperparameters: ReinforceHyperparameters,
                seed: UInt64) throws(InvalidHyperparameter) {
        try hyperparameters.validate()
        precondition(observationSize > 0 && actionCount > 0, "REINFORCE needs observations and actions, got \(observationSize), \(actionCount)")
        (self.observationSize, self.actionCount, self.hyperparameters, self.seed) = (observationSize, actionCount, hyperparameters, seed)
        var generator = SeededGenerator(seed: seed)
        policyNetwork = multilayerPerceptron(inputSize: observationSize, hiddenSizes: hyperparameters.hiddenSizes,
                                             outputSize: actionCount, activation: hyperparameters.activation,
                                             outputGain: 0.01, generator: &generator)
        valueNetwork = hyperparameters.learnedBaseline
            ? multilayerPerceptron(inputSize: observationSize, hiddenSizes: hyperparameters.hiddenSizes, outputSize: 1,
                                   activation: hyperparameters.activation, outputGain: 1, generator: &generator)
            : nil
        switch hyperparameters.optimizer {
        case .adam: optimizer = Adam(learningRate: hyperparameters.learningRate)
        case let .rmsprop(decay, epsilon): optimizer = RMSProp(learningRate: hyperparameters.learningRate, decay: decay, epsilon: epsilon)
        }
        self.generator = generator.split()
    }

    /// An agent sized for `env`'s observations and actions.
    public convenience init<E: Environment>(for env: E, hyperparameters: ReinforceHyperparameters,
                                            seed: UInt64) throws(InvalidHyperparameter) {
        try self.init(observationSize: env.observationSpace.count, actionCount: env.actionSpace.n,
                      hyperparameters: hyperparameters, seed: seed)
    }

    /// Every parameter, the policy's as "policy.…" and the baseline's as "value.…".
    public var namedParameters: [(name: String, parameter: Parameter)] {
        policyNetwork.namedParameters.map { ("policy.\($0.name)", $0.parameter) }
            + (valueNetwork?.namedParameters.map { ("value.\($0.name)", $0.parameter) } ?? [])
    }

    /// Trains for `steps` more environment steps (stopping early if `log.shouldStop`), in
    /// updates of `episodesPerUpdate` whole episodes. An episode the budget cuts short is
    /// dropped: REINFORCE needs each episode's end. The first episode of each call is reset with
    /// a seed derived from the agent's seed and its episode count; later ones continue the
    /// environment's generator, so a run is reproducible from the seed.
    public func train<E: Environment>(in env: E, steps budget: Int, log: some TrainingLog) throws
        where E.Scalar: AgentObservation {
        precondition(env.observationSpace.count == observationSize && env.actionSpace.n == actionCount,
                     "this agent was made for \(observationSize) inputs and \(actionCount) actions, the environment has \(env.observationSpace.count) and \(env.actionSpace.n)")
        let end = steps + budget
        let hp = hyperparameters
        var resetSeed: UInt64? = derivedSeed(seed, UInt64(episodes))
        // Whole games, across the episodes a lost life ends (`GameTally`).
        var tally = GameTally()
        var batch = EpisodeBatch()
        var input = [Float](repeating: 0, count: observationSize)

        while steps < end && !log.shouldStop {
            // 1. Play whole episodes with the stochastic policy.
            batch.removeAll()
            episodeLoop: for _ in 0..<hp.episodesPerUpdate {
                try env.reset(seed: resetSeed)
                resetSeed = nil
                let start = batch.actions.count
                var rewards: [Float] = []
                while true {
                    if steps >= end {
                        batch.dropSteps(after: start)
                        break episodeLoop
                    }
                    input.withUnsafeMutableBufferPointer { env.writeNetworkInput(into: $0.baseAddress!) }
                    let action = sampleAction(for: input)
                    let outcome = try env.step(action)
                    steps += 1
                    batch.append(observation: input, action: action)
                    rewards.append(Float(outcome.reward))
                    let game = tally.add(outcome)
                    guard outcome.isEpisodeOver else { continue }
                    // 2. Returns backwards. A time limit is not the task's end: with a
                    // baseline in return units, the unseen rest is worth V(s_T).
                    var bootstrap: Float = 0
                    if !outcome.terminated, let valueNetwork, !hp.normalizeReturns {
                        input.withUnsafeMutableBufferPointer { env.writeNetworkInput(into: $0.baseAddress!) }
                        bootstrap = withoutGradients { valueNetwork(Tensor(shape: [1, observationSize], scalars: input)) }.scalar
                    }
                    batch.returns += discountedReturns(rewards: rewards, discount: hp.discount, bootstrapValue: bootstrap,
                                                       endingAtRewards: hp.returnsEndAtReward)
                    if let game {
                        episodes += 1
                        log.episodeEnded(game, atStep: steps)
                    }
                    break
                }
            }
            if batch.actions.isEmpty { break }

            // 3. One gradient step on the batch.
            log.record(update(on: batch), atStep: steps)
        }
    }

    /// Forms the loss on one batch of whole episodes and takes one optimizer step; returns the
    /// update's metrics.
    func update(on batch: EpisodeBatch) -> [String: Double] {
        let hp = hyperparameters
        let n = batch.actions.count
        let returns = hp.normalizeReturns ? normalizedPerBatch(batch.returns) : batch.returns
        let observations = Tensor(shape: [n, observationSize], scalars: batch.observations)
        let logits = policyNetwork(observations)
        var advantages = returns
        var loss = Tensor(0)
        var metrics: [String: Double] = [:]
        if let valueNetwork {
            let values = valueNetwork(observations).reshaped([n])
            advantages = zip(returns, values.scalars).map { $0 - $1 }
            let valueLoss = (values - Tensor(returns)).squared().mean()
            loss = hp.valueLossCoefficient * valueLoss
            metrics["value_loss"] = Double(valueLoss.scalar)
        }
        let policyLoss = PolicyGradient.loss(logits: logits, actions: batch.actions, advantages: advantages)
        let entropy = PolicyGradient.entropy(logits: logits)
        loss = loss + policyLoss - hp.entropyCoefficient * entropy

        let parameters = namedParameters.map(\.parameter)
        var gradients = loss.gradients()[parameters]
        let norm = hp.maxGradientNorm.map { clipByGlobalNorm(&gradients, maxNorm: $0) } ?? globalNorm(gradients)
        optimizer.update(parameters, with: gradients)
        updates += 1

        metrics["policy_loss"] = Double(policyLoss.scalar)
        metrics["entropy"] = Double(entropy.scalar)
        metrics["gradient_norm"] = Double(norm)
        metrics["batch_steps"] = Double(n)
        return metrics
    }

    func setCounters(steps: Int, episodes: Int, updates: Int) {
        (self.steps, self.episodes, self.updates) = (steps, episodes, updates)
    }

    /// An action drawn from π(·|s) with the agent's generator.
    private func sampleAction(for input: [Float]) -> Int {
        let logits = withoutGradients { policyNetwork(Tensor(shape: [1, observationSize], scalars: input)) }
        return logits.withUnsafeBufferPointer { CategoricalPolicy.sample(logits: $0, using: &generator) }
    }

    /// The most probable action under π(·|s): the greedy policy evaluation uses.
    public func action(for observation: UnsafeBufferPointer<Float>) -> Int {
        precondition(observation.count == observationSize, "this agent reads \(observationSize) inputs, got \(observation.count)")
        let logits = withoutGradients { policyNetwork(Tensor(shape: [1, observationSize], scalars: Array(observation))) }
        return logits.withUnsafeBufferPointer { CategoricalPolicy.mostProbable(logits: $0) }
    }
}

/// The steps of the episodes of one update, flat: observation t is
/// `observations[t·size ..< (t+1)·size]`.
struct EpisodeBatch {
    var observations: [Float] = []
    var actions: [Int] = []
    /// Gₜ of each step, filled in when its episode ends.
    var returns: [Float] = []

    mutating func append(observation: [Float], action: Int) {
        observations += observation
        actions.append(action)
    }

    /// Forgets the steps from `start` on (an episode the step budget cut short).
    mutating func dropSteps(after start: Int) {
        let size = actions.isEmpty ? 0 : observations.count / actions.count
        observations.removeLast(observations.count - start * size)
        actions.removeLast(actions.count - start)
    }

    mutating func removeAll() {
        observations.removeAll(keepingCapacity: true)
        actions.removeAll(keepingCapacity: true)
        returns.removeAll(keepingCapacity: true)
    }
}
