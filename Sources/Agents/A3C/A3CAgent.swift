import Dispatch
import Gym
import NN
import Randomness
import Tensors

/// Asynchronous advantage actor-critic (Mnih et al. 2016, "Asynchronous Methods for Deep
/// Reinforcement Learning", Algorithm S3): several actor-learners, each with its own
/// environment, compute n-step actor-critic gradients on their own copies of one shared
/// network and apply them to it with shared RMSProp statistics.
///
/// The schedule is deterministic, so that the same seed and learner count give the same run,
/// bit for bit. Training proceeds in rounds:
/// 1. In parallel, on one thread per learner: every learner copies the shared θ (all see the
///    same θ, the one the previous round left), acts up to t_max steps in its environment
///    and computes its gradient. Nothing shared is written in this half.
/// 2. On the training thread, in learner order 0, 1, …: each gradient is applied to θ with
///    the shared RMSProp, and the learner's finished episodes are reported.
/// Learner i's gradient is thus computed at a θ that is i updates old when it is applied:
/// the staleness of asynchronous A3C, bounded and fixed instead of left to the scheduler.
/// Free-running Hogwild updates (Recht et al. 2011), the paper's own arrangement, give runs
/// that depend on thread timing and cannot be reproduced; they are not offered.
///
/// What is reproducible: with the same seed, learner count, hyperparameters, environments
/// from `makeEnvironment` and step budgets, the weights, RMSProp statistics, counters and
/// every logged episode and metric are identical, whatever the machine's load. BLAS runs one
/// thread per learner during training, and the engine's own kernels split work without
/// changing results, so the arithmetic does not depend on timing either.
public final class A3CAgent: Policy, Checkpointable {
    /// What `train` records now and then: the learners' losses, policy entropy and gradient
    /// norm averaged since the last report, and the learning rate.
    public static let metricNames = ["policy_loss", "value_loss", "entropy", "gradient_norm", "learning_rate"]
    /// UNREAL's metrics: A3C's and each auxiliary loss.
    public static let unrealMetricNames = metricNames + ["pixel_control_loss", "reward_prediction_loss", "value_replay_loss"]

    public let hyperparameters: A3CHyperparameters
    public let observationShape: [Int]
    public let actionCount: Int
    public let seed: UInt64
    /// θ and the shared RMSProp statistics.
    let shared: SharedActorCritic
    /// The shared network (read it only outside `train`).
    public var network: ActorCriticNetwork { shared.network }

    /// Environment steps over all learners, finished episodes, gradients applied, rounds.
    public private(set) var steps = 0
    public private(set) var episodes = 0
    public private(set) var updates = 0
    /// The data-parallel job this agent trains in as one rank (`Replicas`); nil: alone.
    public var processGroup: (any ProcessGroup)?

    /// Metrics are averaged over the rounds of this many environment steps before they are
    /// recorded, so that a long run's log stays a readable size.
    public static let metricsInterval = 1_000

    public init(observationShape: [Int], actionCount: Int, hyperparameters: A3CHyperparameters,
                seed: UInt64) throws(InvalidHyperparameter) {
        try hyperparameters.validate()
        precondition(observationShape.reduce(1, *) > 0 && actionCount > 0, "A3C needs observations and actions, got \(observationShape), \(actionCount)")
        (self.observationShape, self.actionCount, self.hyperparameters, self.seed) = (observationShape, actionCount, hyperparameters, seed)
        var generator = SeededGenerator(seed: seed)
        let network = ActorCriticNetwork(observationShape: observationShape, actionCount: actionCount,
                                         hiddenSizes: hyperparameters.hiddenSizes, activation: hyperparameters.activation,
                                         auxiliaryTasks: hyperparameters.auxiliaryTasks, generator: &generator)
        let optimizer = RMSProp(learningRate: hyperparameters.learningRate, decay: hyperparameters.rmspropDecay,
                                epsilon: hyperparameters.rmspropEpsilon, epsilonPlacement: .insideSquareRoot)
        shared = SharedActorCritic(network: network, optimizer: optimizer)
    }

    /// An agent sized for `env`'s observations and actions.
    public convenience init<E: Environment>(for env: E, hyperparameters: A3CHyperparameters,
                                            seed: UInt64) throws(InvalidHyperparameter) {
        try self.init(observationShape: env.observationSpace.shape, actionCount: env.actionSpace.n,
                      hyperparameters: hyperparameters, seed: seed)
    }

    /// α at `step`: linear decay to 0 over `learningRateDecaySteps` when set.
    public func learningRate(atStep step: Int) -> Float {
        guard let decaySteps = hyperparameters.learningRateDecaySteps else { return hyperparameters.learningRate }
        return LinearDecay(from: hyperparameters.learningRate, to: 0, over: decaySteps).learningRate(at: step)
    }

    /// Trains for at least `steps` more environment steps over all learners (stopping early if
    /// `log.shouldStop`), continuing from the agent's counters. Learner i plays in
    /// `makeEnvironment(i)`, reset first with a seed derived from the agent's seed, i and the
    /// steps so far. Training stops at the first round boundary at or past the budget, so it
    /// may run up to learners × t_max − 1 steps over.
    public func train<E: Environment>(makeEnvironment: @Sendable (Int) throws -> E, steps budget: Int,
                                      log: some TrainingLog) throws where E.Scalar: AgentObservation {
        let hp = hyperparameters, replicas = Replicas(group: processGroup)
        try replicas.start(shared.network.parameters)
        let end = steps + budget
        let learners = try (0..<hp.learners).map { i in
            let env = try makeEnvironment(i)
            precondition(env.observationSpace.shape == observationShape && env.actionSpace.n == actionCount,
                         "this agent was made for observations \(observationShape) and \(actionCount) actions; environment \(i) has \(env.observationSpace.shape) and \(env.actionSpace.n)")
            var unused = SeededGenerator(seed: 0)   // θ′ is overwritten from θ before every use
            let copy = ActorCriticNetwork(observationShape: observationShape, actionCount: actionCount,
                                          hiddenSizes: hp.hiddenSizes, activation: hp.activation,
                                          auxiliaryTasks: hp.auxiliaryTasks, generator: &unused)
            // UNREAL: each learner replays its own recent steps (a resumed run starts the memory empty).
            let auxiliary = hp.auxiliaryTasks.map { tasks in
                AuxiliaryLearning<E.Scalar>(tasks: tasks, observationShape: observationShape, controlsPixels: copy.auxiliary?.hasPixelControl ?? false,
                                            seed: replicas.seed(derivedSeed(seed, 3, UInt64(i), UInt64(steps))))
            }
            return A3CLearner(index: i, env: env, network: copy, auxiliary: auxiliary,
                              environmentSeed: replicas.seed(derivedSeed(seed, 1, UInt64(i), UInt64(steps))),
                              actionSeed: replicas.seed(derivedSeed(seed, 2, UInt64(i), UInt64(steps))))
        }
        // Each learner runs its own products on its own thread: one engine thread each.
        let engineThreads = engineThreadCount
        engineThreadCount = 1
        defer { engineThreadCount = engineThreads }
        let shared = self.shared
        var pending = MetricsAverage()

        var rounds = 0
        while steps < end, !(try replicas.anyStops(log.shouldStop)) {
            let learningRate = learningRate(atStep: steps)

            // 1. In parallel: synchronize θ′ ← θ, act up to t_max steps, compute the gradient.
            DispatchQueue.concurrentPerform(iterations: learners.count) { i in
                learners[i].runRound(shared: shared, hyperparameters: hp)
            }
            for learner in learners { if let failure = learner.failure { throw failure } }

            // Across ranks: learner i's gradient becomes the mean of every rank's learner i, and
            // the round's steps and games are every rank's.
            let roundSteps = learners.reduce(0) { $0 + $1.rolloutSteps }
            let games = learners.reduce(0) { $0 + $1.finishedEpisodes.count }
            let agreed = try replicas.agree(stop: false, counts: [roundSteps, games])
            let gradients = try replicas.gradients(learners.map(\.gradients), of: shared.network.parameters)
            let (roundStart, episodesBefore) = (steps, episodes)

            // 2. In learner order: apply each gradient to θ.
            for (learner, gradient) in zip(learners, gradients) {
                shared.apply(gradient, learningRate: learningRate)
                updates += 1
                pending.add(learner.metrics)
            }
            steps = roundStart + agreed.counts[0]   // every rank's
            // 3. Report the games each learner finished, in learner order. The agent is whole
            // here (the round applied, its steps counted), so a checkpoint a report saves is
            // consistent, and it counts the games whose rows progress.csv already holds.
            var offset = roundStart
            for learner in learners {
                for (step, episode) in learner.finishedEpisodes {
                    episodes += 1
                    log.episodeEnded(episode, atStep: offset + step)
                }
                offset += learner.rolloutSteps
            }
            episodes = episodesBefore + agreed.counts[1]   // every rank's (alone: the count reached)
            rounds += 1
            try replicas.checkAgreement(shared.network.parameters, update: rounds)
            if pending.steps(adding: agreed.counts[0]) >= Self.metricsInterval || steps >= end {
                log.record(pending.mean(with: ["learning_rate": Double(learningRate)]), atStep: steps)
                pending = MetricsAverage()
            }
        }
        try replicas.verifyAgreement(shared.network.parameters, update: updates)
    }

    /// The most probable action under the shared π(·|s): the greedy policy evaluation uses.
    /// Not to be called while `train` runs.
    public func action(for observation: UnsafeBufferPointer<Float>) -> Int {
        precondition(observation.count == observationShape.reduce(1, *),
                     "this agent reads \(observationShape.reduce(1, *)) inputs, got \(observation.count)")
        let logits = withoutGradients { network(Tensor(shape: [1, observation.count], scalars: Array(observation))) }
        return logits.withUnsafeBufferPointer { CategoricalPolicy.mostProbable(logits: $0) }
    }

    func setCounters(steps: Int, episodes: Int, updates: Int) {
        (self.steps, self.episodes, self.updates) = (steps, episodes, updates)
    }
}

/// Learners' metrics summed until they are recorded, then averaged, each over the reports
/// that had it (UNREAL's auxiliary losses only come once a learner's replay memory is full).
struct MetricsAverage {
    private var sums: [String: Double] = [:]
    private var counts: [String: Int] = [:]
    private var stepCount = 0

    mutating func add(_ metrics: [String: Double]) {
        for (name, value) in metrics {
            sums[name, default: 0] += value
            counts[name, default: 0] += 1
        }
    }

    /// Counts `steps` more environment steps and returns the total since the last record.
    mutating func steps(adding steps: Int) -> Int {
        stepCount += steps
        return stepCount
    }

    func mean(with extra: [String: Double]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: sums.map { ($0.key, $0.value / Double(counts[$0.key]!)) }).merging(extra) { _, new in new }
    }
}
