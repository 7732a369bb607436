import Gym
import NN
import Randomness
import Tensors

/// Deep recurrent Q-learning (Hausknecht & Stone 2015, "Deep Recurrent Q-Learning for
/// Partially Observable MDPs"): DQN with an LSTM in its Q-network, which sees one observation
/// a step and carries what it has seen in its state. It is trained on sequences replayed from
/// the memory, each starting at a random step of an episode, the LSTM's state first warmed up
/// over `burnIn` earlier steps without gradients (Kapturowski et al. 2019) and then unrolled
/// over `sequenceLength` steps through which the loss's gradients flow back.
///
/// Everything else is DQN's (`DQNAgent`): ε-greedy acting, the Huber loss on TD targets of a
/// lagged target network (its state warmed up alike), double DQN as an option. The replay
/// memory stores each observation once, in the order played (`FrameReplayBuffer` with no
/// stacking). The LSTM's state restarts at every episode's start, when training and when
/// acting as a policy (`episodeStarted()`).
public final class DRQNAgent: Policy {
    /// What `train` records every `metricsInterval` steps, as DQN does: the mean Huber loss and
    /// Q(s, a) of the updates since the last report, ε, and the gradient steps so far.
    public static let metricNames = DQNAgent.metricNames

    public let hyperparameters: DRQNHyperparameters
    public let observationShape: [Int]
    public let actionCount: Int
    public let onlineNetwork: RecurrentQNetwork
    public let targetNetwork: RecurrentQNetwork
    let optimizer: any Optimizer
    let parameters: [Parameter]

    public internal(set) var steps = 0, updates = 0, episodes = 0
    var exploration: SeededGenerator, sampling: SeededGenerator, evaluation: SeededGenerator
    /// The replay memory (a `FrameReplayBuffer` of the environment's scalar), made by the first
    /// `train` call; not saved with a checkpoint.
    var replay: AnyObject?
    var collected = 0
    var needsSeededReset = true
    var batch: SequenceBatch
    /// One observation as network input [1, 1] + shape (one sequence of one step).
    var actingInput: Tensor
    /// The LSTM's state in the episode being trained on, and in the one being played as a
    /// policy: nil (zeros) at an episode's start.
    var trainingState: RecurrentQNetwork.State?, policyState: RecurrentQNetwork.State?
    var report = QLearningReport()

    public init(observationShape: [Int], actionCount: Int, hyperparameters: DRQNHyperparameters) throws(DQNHyperparameterError) {
        try hyperparameters.validate()
        precondition(actionCount >= 1 && observationShape.allSatisfy { $0 >= 1 },
                     "DRQN needs ≥ 1 action and a non-empty observation shape, got \(actionCount) and \(observationShape)")
        (self.hyperparameters, self.observationShape, self.actionCount) = (hyperparameters, observationShape, actionCount)
        let h = hyperparameters
        var generator = SeededGenerator(seed: h.q.seed)
        func network() -> RecurrentQNetwork {
            RecurrentQNetwork(observationShape: observationShape, actions: actionCount, lstmSize: h.lstmSize,
                              hiddenSizes: h.q.hiddenSizes, generator: &generator)
        }
        (onlineNetwork, targetNetwork) = (network(), network())
        try! targetNetwork.copyParameters(from: onlineNetwork)  // built alike: cannot fail
        parameters = onlineNetwork.parameters
        optimizer = h.q.optimizer.make(learningRate: h.q.learningRate)
        (exploration, sampling, evaluation) = DQNAgent.generators(seed: h.q.seed, steps: 0)
        batch = SequenceBatch(size: h.q.batchSize, burnIn: h.burnIn, length: h.sequenceLength, observationShape: observationShape)
        actingInput = Tensor(zeros: [1, 1] + observationShape)
    }

    public convenience init<E: Environment>(for env: E, hyperparameters: DRQNHyperparameters) throws(DQNHyperparameterError) {
        try self.init(observationShape: env.observationSpace.shape, actionCount: env.actionSpace.n, hyperparameters: hyperparameters)
    }

    // MARK: Acting

    /// Q(h, ·) [actions] after `actingInput`, moving `state` on by that step; records no graph.
    func actingQ(state: inout RecurrentQNetwork.State?) -> Tensor {
        let (q, next) = withoutGradients { onlineNetwork(actingInput, state: state) }
        state = next
        return q
    }

    /// The greedy action for the next observation of the episode being played (or random with
    /// probability `evaluationEpsilon`); the LSTM's state moves on either way.
    public func action(for observation: UnsafeBufferPointer<Float>) -> Int {
        precondition(observation.count == actingInput.count, "DRQN observations have \(actingInput.count) elements, got \(observation.count)")
        actingInput.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: observation.baseAddress!, count: observation.count) }
        let q = actingQ(state: &policyState)
        let epsilon = hyperparameters.q.evaluationEpsilon
        if epsilon > 0 && evaluation.nextUniform() < epsilon { return evaluation.nextInt(below: actionCount) }
        return q.argmax()
    }

    /// A new episode: the LSTM forgets the last one.
    public func episodeStarted() { policyState = nil }

    // MARK: Training

    /// Trains for `steps` more environment steps, continuing the agent's counters and ε
    /// schedule, as `DQNAgent.train` does (its first reset seeded, games reported whole,
    /// metrics every `metricsInterval` steps, an early stop when `log.shouldStop`).
    public func train<E: Environment>(in env: E, steps count: Int, log: some TrainingLog) throws
        where E.Scalar: AgentObservation {
        guard env.observationSpace.shape == observationShape, env.actionSpace.n == actionCount else {
            throw DQNError("\(env.id) observes \(env.observationSpace.shape) with \(env.actionSpace.n) actions, "
                           + "but this agent was built for \(observationShape) with \(actionCount); build the agent for this environment")
        }
        let h = hyperparameters.q, schedule = h.epsilonSchedule
        let replay = replayMemory(for: E.Scalar.self)
        try env.reset(seed: needsSeededReset ? h.seed &+ UInt64(steps) : nil)
        needsSeededReset = false
        trainingState = nil
        var observation = env.observation(), nextObservation = observation
        var tally = GameTally()
        let end = steps + count
        while steps < end && !log.shouldStop {
            // The network reads every observation, random action or not: its state must follow the episode.
            actingInput.withUnsafeMutableBufferPointer { input in
                observation.withUnsafeBufferPointer { E.Scalar.encode($0, into: input.baseAddress!) }
            }
            let q = actingQ(state: &trainingState)
            let epsilon = schedule.epsilon(at: steps)
            let action = exploration.nextUniform() < epsilon ? exploration.nextInt(below: actionCount) : q.argmax()

            let outcome = try env.step(action)
            let before = steps
            steps += 1
            nextObservation.withUnsafeMutableBufferPointer { next in env.withObservation { _ = next.update(fromContentsOf: $0) } }
            observation.withUnsafeBufferPointer { s in
                nextObservation.withUnsafeBufferPointer { next in
                    replay.add(observation: s, action: action, reward: Float(outcome.reward), nextObservation: next,
                               terminated: outcome.terminated, truncated: outcome.truncated)
                }
            }
            collected += 1
            if let game = tally.add(outcome) {
                episodes += 1
                log.episodeEnded(game, atStep: steps)
            }
            if outcome.isEpisodeOver {
                try env.reset()
                observation.withUnsafeMutableBufferPointer { s in env.withObservation { _ = s.update(fromContentsOf: $0) } }
                trainingState = nil
            } else {
                swap(&observation, &nextObservation)
            }

            func crossings(_ interval: Int) -> Int { steps / interval - before / interval }
            if collected >= Swift.max(h.learningStarts, 1) {
                for _ in 0..<(crossings(h.trainFrequency) * h.gradientSteps) { learn(from: replay) }
                if crossings(h.targetUpdateInterval) > 0 { updateTargetNetwork(targetNetwork, from: onlineNetwork, tau: h.tau) }
            }
            if crossings(h.metricsInterval) > 0 { log.record(report.take(epsilon: epsilon, updates: updates), atStep: steps) }
        }
    }

    /// One gradient step on the Huber loss of Q(h_t, a_t) against the TD targets over a
    /// minibatch of sequences, the padding masked out.
    func learn<Scalar>(from replay: FrameReplayBuffer<Scalar>) {
        replay.sampleSequences(into: &batch, using: &sampling)
        let h = hyperparameters.q, (n, burnIn, length) = (batch.size, batch.burnIn, batch.length)
        let trained = burnIn..<batch.steps
        let observations = batch.observations.slice(axis: 1, trained), resets = batch.resets.slice(axis: 1, trained)
        // Burn-in: both networks' states warmed up on the first steps, without gradients.
        var onlineStart: RecurrentQNetwork.State?, targetStart: RecurrentQNetwork.State?
        if burnIn > 0 {
            withoutGradients {
                let warmUp = batch.observations.slice(axis: 1, 0..<burnIn), warmUpResets = batch.resets.slice(axis: 1, 0..<burnIn)
                onlineStart = onlineNetwork(warmUp, state: nil, resets: warmUpResets).state
                targetStart = targetNetwork(warmUp, state: nil, resets: warmUpResets).state
            }
        }
        // Q over the trained steps and the last s′: positions 0..<length are Q(s_t, ·), 1...length Q(s′_t, ·).
        let q = onlineNetwork(observations, state: onlineStart, resets: resets).q
        func rows(_ q: Tensor, _ positions: Range<Int>) -> Tensor { q.slice(axis: 1, positions).reshaped([n * length, actionCount]) }
        let targets = withoutGradients {
            temporalDifferenceTargets(rewards: batch.rewards, terminated: batch.terminated,
                                      nextTargetQ: rows(targetNetwork(observations, state: targetStart, resets: resets).q, 1..<length + 1),
                                      nextOnlineQ: h.doubleDQN ? rows(q.detached(), 1..<length + 1) : nil, discount: h.discount)
        }
        let taken = rows(q, 0..<length).gather(alongAxis: 1, indices: batch.actions)
        // The mean over real transitions: padding rows count for nothing.
        let realCount = Swift.max(batch.mask.sum().scalar, 1)
        let loss = (huberLoss(predicted: taken, target: targets, delta: h.huberDelta, reduction: .none) * batch.mask).sum() / realCount
        var gradients = loss.gradients()[parameters]
        if let maxNorm = h.maxGradientNorm { clipByGlobalNorm(&gradients, maxNorm: maxNorm) }
        optimizer.update(parameters, with: gradients)
        updates += 1
        report.add(loss: loss.scalar, q: (taken.detached() * batch.mask).sum().scalar / realCount)
    }



    /// The replay memory for observations of `Scalar`: one entry per observation, unstacked.
    private func replayMemory<Scalar: AgentObservation>(for _: Scalar.Type) -> FrameReplayBuffer<Scalar> {
        if let existing = replay as? FrameReplayBuffer<Scalar> { return existing }
        let made = FrameReplayBuffer<Scalar>(capacity: hyperparameters.q.replayCapacity, observationShape: [1] + observationShape)
        (replay, collected) = (made, 0)
        return made
    }
}
