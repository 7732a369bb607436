import Gym
import NN
import Randomness
import Tensors

/// Deep Q-learning (Mnih et al. 2015, "Human-level control through deep reinforcement
/// learning", Algorithm 1), with double DQN (van Hasselt et al. 2016) and Polyak target
/// updates as options. Reads top to bottom as CleanRL's `dqn.py`: act ε-greedily, store the
/// transition, now and then regress Q(s, a) on r + γ·max Q⁻(s′, ·) from a replayed minibatch,
/// now and then move the target network towards the online one.
///
/// Vector observations go through an MLP and a `ReplayBuffer`; stacks of 84×84 frames through
/// the Nature CNN and a `FrameReplayBuffer`. Checkpoints are in DQNAgent+Checkpoint.swift.
public final class DQNAgent: Policy {
    /// What `train` records every `metricsInterval` steps: the mean Huber loss and Q(s, a) of
    /// the updates since the last report, ε, and the gradient steps so far.
    public static let metricNames = QLearningReport.metricNames

    public let hyperparameters: DQNHyperparameters
    public let observationShape: [Int]
    public let actionCount: Int
    /// Q(s, ·; θ), trained.
    public let onlineNetwork: Sequential
    /// Q(s, ·; θ⁻), a lagged copy that gives the TD targets, so that the regression target
    /// does not move with every update (Mnih et al. 2015, Methods).
    public let targetNetwork: Sequential
    let optimizer: any Optimizer
    let parameters: [Parameter]

    /// Environment steps taken in training, over every `train` call (and resumed runs).
    public internal(set) var steps = 0
    /// Gradient steps taken.
    public internal(set) var updates = 0
    /// Training games finished (`GameTally`).
    public internal(set) var episodes = 0
    /// The data-parallel job this agent trains in as one rank (`Replicas`): each rank keeps
    /// its own replay memory and environment, and every update applies the mean of the ranks'
    /// gradients, as OpenAI Baselines' MPI DQN did. nil: alone.
    public var processGroup: (any ProcessGroup)?

    /// Draws ε-greedy decisions and random actions while training.
    var exploration: SeededGenerator
    /// Draws minibatches.
    var sampling: SeededGenerator
    /// Draws evaluation-ε decisions in `action(for:)`.
    var evaluation: SeededGenerator
    /// The replay memory, made by the first `train` call for the environment's scalar type and
    /// kept for later calls; not part of a checkpoint (nor is it by default in
    /// Stable-Baselines3): a resumed run starts with an empty one.
    var replay: AnyObject?
    /// Transitions added to `replay` since it was made: learning waits for `learningStarts` of them.
    var collected = 0
    /// The next reset of an environment is the first of this agent (or of a resumed run).
    var needsSeededReset = true
    /// The minibatch, refilled in place.
    var batch: ReplayBatch
    /// One observation [1] + shape as network input, written in place for acting.
    var actingInput: Tensor
    /// Losses and Q-values since the metrics were last reported.
    var report = QLearningReport()

    /// An agent for observations of `observationShape` and `actionCount` actions; throws if a
    /// hyperparameter cannot work.
    public init(observationShape: [Int], actionCount: Int, hyperparameters: DQNHyperparameters) throws(DQNHyperparameterError) {
        try hyperparameters.validate()
        precondition(actionCount >= 1 && observationShape.allSatisfy { $0 >= 1 },
                     "DQN needs ≥ 1 action and a non-empty observation shape, got \(actionCount) and \(observationShape)")
        self.hyperparameters = hyperparameters
        self.observationShape = observationShape
        self.actionCount = actionCount
        var generator = SeededGenerator(seed: hyperparameters.seed)
        onlineNetwork = qNetwork(observationShape: observationShape, actions: actionCount,
                                 hiddenSizes: hyperparameters.hiddenSizes, generator: &generator)
        targetNetwork = qNetwork(observationShape: observationShape, actions: actionCount,
                                 hiddenSizes: hyperparameters.hiddenSizes, generator: &generator)
        try! targetNetwork.copyParameters(from: onlineNetwork)  // built alike: cannot fail
        parameters = onlineNetwork.parameters
        optimizer = hyperparameters.optimizer.make(learningRate: hyperparameters.learningRate)
        (exploration, sampling, evaluation) = Self.generators(seed: hyperparameters.seed, steps: 0)
        batch = ReplayBatch(size: hyperparameters.batchSize, observationShape: observationShape)
        actingInput = Tensor(zeros: [1] + observationShape)
    }

    /// An agent for `env`'s observation and action spaces.
    public convenience init<E: Environment>(for env: E, hyperparameters: DQNHyperparameters) throws(DQNHyperparameterError) {
        try self.init(observationShape: env.observationSpace.shape, actionCount: env.actionSpace.n,
                      hyperparameters: hyperparameters)
    }

    /// The random streams of a run that starts (or resumes) after `steps` steps: a resumed run
    /// draws the same numbers whichever process resumes it.
    static func generators(seed: UInt64, steps: Int) -> (SeededGenerator, SeededGenerator, SeededGenerator) {
        var root = SeededGenerator(seed: seed ^ (UInt64(steps) &* 0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
        return (root.split(), root.split(), root.split())
    }

    // MARK: Acting

    /// The action for one observation given as network inputs: greedy, or random with
    /// probability `evaluationEpsilon` (Nature evaluated at ε = 0.05).
    public func action(for observation: UnsafeBufferPointer<Float>) -> Int {
        precondition(observation.count == actingInput.count,
                     "DQN observations have \(actingInput.count) elements, got \(observation.count)")
        if hyperparameters.evaluationEpsilon > 0 && evaluation.nextUniform() < hyperparameters.evaluationEpsilon {
            return evaluation.nextInt(below: actionCount)
        }
        actingInput.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: observation.baseAddress!, count: observation.count) }
        return greedyAction()
    }

    /// argmax_a Q(s, a) for `actingInput`, recording no graph.
    func greedyAction() -> Int {
        withoutGradients { onlineNetwork(actingInput) }.argmax()
    }

    // MARK: Training

    /// Trains for `steps` more environment steps, continuing the agent's counters and ε
    /// schedule. Starts with a reset: seeded with `seed` on the agent's first (with `seed` +
    /// steps on a resumed agent's first), unseeded afterwards. Reports each finished game
    /// (`GameTally`: whole games in real score, not the lives the agent's episodes end at) and, every
    /// `metricsInterval` steps, the mean loss and Q(s, a) of the updates since, and ε. Stops
    /// early when `log.shouldStop`; an unfinished last episode is not reported.
    public func train<E: Environment>(in env: E, steps count: Int, log: some TrainingLog) throws
        where E.Scalar: AgentObservation {
        guard env.observationSpace.shape == observationShape, env.actionSpace.n == actionCount else {
            throw DQNError("\(env.id) observes \(env.observationSpace.shape) with \(env.actionSpace.n) actions, "
                           + "but this agent was built for \(observationShape) with \(actionCount); build the agent for this environment")
        }
        let h = hyperparameters, schedule = h.epsilonSchedule, replicas = Replicas(group: processGroup)
        let replay = replayBuffer(for: E.Scalar.self)
        try replicas.start(parameters)
        if needsSeededReset && replicas.rank != 0 {
            (exploration, sampling, _) = Self.generators(seed: replicas.seed(h.seed), steps: steps)
        }

        try env.reset(seed: needsSeededReset ? replicas.seed(h.seed &+ UInt64(steps)) : nil)
        needsSeededReset = false
        var observation = env.observation(), nextObservation = observation
        var tally = GameTally()

        // The ranks step in lockstep, one environment step each per turn, so the step counter
        // (every rank's steps) moves by the number of ranks; an interval's work is done when
        // the counter crosses one of its multiples.
        let end = steps + count
        var gamesEnded = 0   // in the last turn, on this rank
        while steps < end {
            // Every rank stops at the same turn; the agreement also counts every rank's games.
            let agreed = try replicas.agree(stop: log.shouldStop, counts: [gamesEnded])
            (episodes, gamesEnded) = (episodes + agreed.counts[0], 0)
            if agreed.stop { break }
            // ε-greedy: a random action with probability ε(t), else argmax_a Q(s, a).
            let epsilon = schedule.epsilon(at: steps)
            let action: Int
            if exploration.nextUniform() < epsilon {
                action = exploration.nextInt(below: actionCount)
            } else {
                actingInput.withUnsafeMutableBufferPointer { input in
                    observation.withUnsafeBufferPointer { E.Scalar.encode($0, into: input.baseAddress!) }
                }
                action = greedyAction()
            }

            let outcome = try env.step(action)
            let before = steps
            steps += replicas.count
            let game = tally.add(outcome)
            nextObservation.withUnsafeMutableBufferPointer { next in
                env.withObservation { _ = next.update(fromContentsOf: $0) }
            }

            // s′ is the step's own observation even when the episode ends: a truncated
            // episode bootstraps from it; only `terminated` stops the bootstrap.
            observation.withUnsafeBufferPointer { s in
                nextObservation.withUnsafeBufferPointer { next in
                    replay.add(observation: s, action: action, reward: Float(outcome.reward), nextObservation: next,
                               terminated: outcome.terminated, truncated: outcome.truncated)
                }
            }
            collected += 1

            if let game {
                // Alone, a game counts at once (a checkpoint saved as it is reported holds it);
                // across ranks, at the next turn's agreement, with every rank's.
                if replicas.count == 1 { episodes += 1 } else { gamesEnded += 1 }
                log.episodeEnded(game, atStep: steps)
            }
            if outcome.isEpisodeOver {
                try env.reset()
                observation.withUnsafeMutableBufferPointer { s in env.withObservation { _ = s.update(fromContentsOf: $0) } }
            } else {
                swap(&observation, &nextObservation)
            }

            func crossings(_ interval: Int) -> Int { steps / interval - before / interval }
            if collected * replicas.count >= Swift.max(h.learningStarts, 1) {
                for _ in 0..<(crossings(h.trainFrequency) * h.gradientSteps) { try learn(from: replay, replicas: replicas) }
                if crossings(h.targetUpdateInterval) > 0 { updateTargetNetwork(targetNetwork, from: onlineNetwork, tau: h.tau) }
            }

            if crossings(h.metricsInterval) > 0 { log.record(report.take(epsilon: epsilon, updates: updates), atStep: steps) }
        }
        episodes += try replicas.agree(stop: false, counts: [gamesEnded]).counts[0]
        try replicas.verifyAgreement(parameters, update: updates)
    }

    /// One gradient step on the Huber loss of Q(s, a) against the TD targets of a minibatch.
    func learn(from replay: any ExperienceReplay, replicas: Replicas = Replicas(group: nil)) throws {
        replay.sample(into: &batch, using: &sampling)
        let h = hyperparameters
        let targets = withoutGradients {
            temporalDifferenceTargets(rewards: batch.rewards, terminated: batch.terminated,
                                      nextTargetQ: targetNetwork(batch.nextObservations),
                                      nextOnlineQ: h.doubleDQN ? onlineNetwork(batch.nextObservations) : nil,
                                      discount: h.discount)
        }
        let q = onlineNetwork(batch.observations).gather(alongAxis: 1, indices: batch.actions)
        let loss = huberLoss(predicted: q, target: targets, delta: h.huberDelta)
        var gradients = try replicas.gradients(loss.gradients()[parameters], of: parameters)
        if let maxNorm = h.maxGradientNorm { clipByGlobalNorm(&gradients, maxNorm: maxNorm) }
        optimizer.update(parameters, with: gradients)
        updates += 1
        try replicas.checkAgreement(parameters, update: updates)
        report.add(loss: loss.scalar, q: q.detached().mean().scalar)
    }



    /// The replay memory for observations of `Scalar`, made on first use: frames stored once
    /// for pixel stacks, whole observations otherwise.
    private func replayBuffer<Scalar: AgentObservation>(for _: Scalar.Type) -> any ExperienceReplay<Scalar> {
        if let existing = replay as? any ExperienceReplay<Scalar> { return existing }
        let made: any ExperienceReplay<Scalar> = if isPixelStack(observationShape) {
            FrameReplayBuffer<Scalar>(capacity: hyperparameters.replayCapacity, observationShape: observationShape)
        } else {
            ReplayBuffer<Scalar>(capacity: hyperparameters.replayCapacity, observationSize: observationShape.reduce(1, *))
        }
        (replay, collected) = (made, 0)
        return made
    }
}

/// Something that stops a DQN agent: an environment it was not built for, a checkpoint of
/// another network. One line that says what to do.
public struct DQNError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
