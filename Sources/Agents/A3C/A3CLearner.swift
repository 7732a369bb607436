import Gym
import NN
import Randomness
import Tensors

/// One A3C actor-learner (Mnih et al. 2016, Algorithm S3): its own environment, its own copy
/// θ′ of the network and its own generator for action draws. Each round it synchronizes θ′
/// with the shared θ, acts for up to t_max steps, and computes the gradient of
///
///     loss = −mean log π(aₜ|sₜ)·(Rₜ − V(sₜ)) − β·mean H(π(·|sₜ)) + c·mean (Rₜ − V(sₜ))²
///
/// with Rₜ the n-step return, bootstrapped from V of the state the rollout stopped in unless
/// the episode terminated there (a time limit's truncation is not the task's end). The mean
/// over the rollout's steps, as A2C implementations take it; the paper sums, which is the
/// same with α scaled by t_max.
///
/// With `auxiliary`, the learner is one of UNREAL's (Jaderberg et al. 2016): it keeps its steps
/// in a small replay memory and adds the auxiliary losses on replayed steps to the loss above.
///
/// `@unchecked Sendable`: a learner is used by one thread at a time — a worker in the parallel
/// half of a round, the training thread in the other half — with the round's barrier between.
final class A3CLearner<E: Environment>: @unchecked Sendable where E.Scalar: AgentObservation {
    let index: Int
    let env: E
    /// θ′: this learner's copy of the shared parameters.
    let network: ActorCriticNetwork
    /// UNREAL's replay memory and auxiliary losses (nil: plain A3C).
    let auxiliary: AuxiliaryLearning<E.Scalar>?
    /// The observation a step is taken in, as the environment gives it, for `auxiliary`.
    private var stepObservation: [E.Scalar] = []
    private var generator: SeededGenerator
    private let inputSize: Int
    private var input: [Float]
    /// The seed of the next reset; nil after the first, so that episodes continue the
    /// environment's own generator.
    private var resetSeed: UInt64?
    private var needsReset = true
    private var tally = GameTally()

    // What the latest round produced, read by the training thread after the barrier.
    private(set) var rolloutSteps = 0
    /// Games that ended in the rollout (`GameTally`), with the rollout step (from 1) they ended on.
    private(set) var finishedEpisodes: [(step: Int, episode: EpisodeStatistics)] = []
    private(set) var gradients: [Tensor?] = []
    private(set) var metrics: [String: Double] = [:]
    private(set) var failure: (any Error)?

    init(index: Int, env: E, network: ActorCriticNetwork, auxiliary: AuxiliaryLearning<E.Scalar>? = nil,
         environmentSeed: UInt64, actionSeed: UInt64) {
        (self.index, self.env, self.network, self.auxiliary) = (index, env, network, auxiliary)
        generator = SeededGenerator(seed: actionSeed)
        resetSeed = environmentSeed
        inputSize = env.observationSpace.count
        input = [Float](repeating: 0, count: inputSize)
    }

    /// One round's work: synchronize, roll out, differentiate. Errors are kept in `failure`
    /// for the training thread to throw.
    func runRound(shared: SharedActorCritic, hyperparameters hp: A3CHyperparameters) {
        do {
            try runRoundOrThrow(shared: shared, hyperparameters: hp)
        } catch {
            failure = error
            gradients = []
        }
    }

    private func runRoundOrThrow(shared: SharedActorCritic, hyperparameters hp: A3CHyperparameters) throws {
        // θ′ ← θ.
        shared.copyParameters(into: network)
        if needsReset {
            try env.reset(seed: resetSeed)
            resetSeed = nil
            needsReset = false
        }

        // Act with π(·|s; θ′) for up to t_max steps or to the end of the episode.
        var observations: [Float] = []
        var actions: [Int] = []
        var rewards: [Float] = []
        finishedEpisodes.removeAll(keepingCapacity: true)
        var terminated = false
        for t in 0..<hp.tMax {
            readObservation()
            observations += input
            if auxiliary != nil { stepObservation = env.observation() }
            let logits = withoutGradients { network(Tensor(shape: [1, inputSize], scalars: input)) }
            let action = logits.withUnsafeBufferPointer { CategoricalPolicy.sample(logits: $0, using: &generator) }
            let outcome = try env.step(action)
            actions.append(action)
            rewards.append(Float(outcome.reward))
            if let auxiliary {
                env.withObservation { next in
                    stepObservation.withUnsafeBufferPointer {
                        auxiliary.record(observation: $0, action: action, reward: Float(outcome.reward), ended: outcome.isEpisodeOver, next: next)
                    }
                }
            }
            if let game = tally.add(outcome) { finishedEpisodes.append((t + 1, game)) }
            if outcome.isEpisodeOver {
                terminated = outcome.terminated
                needsReset = true
                break
            }
        }
        rolloutSteps = actions.count

        // R = 0 at a terminal state, else V(s) of the state the rollout stopped in.
        var bootstrap: Float = 0
        if !terminated {
            readObservation()
            bootstrap = withoutGradients { network.outputs(Tensor(shape: [1, inputSize], scalars: input)).values }.scalar
        }
        let returns = discountedReturns(rewards: rewards, discount: hp.discount, bootstrapValue: bootstrap)

        // The actor-critic loss and its gradient with respect to θ′.
        let n = actions.count
        let (logits, values) = network.outputs(Tensor(shape: [n, inputSize], scalars: observations))
        let advantages = zip(returns, values.scalars).map { $0 - $1 }
        let policyLoss = PolicyGradient.loss(logits: logits, actions: actions, advantages: advantages)
        let entropy = PolicyGradient.entropy(logits: logits)
        let valueLoss = (Tensor(returns) - values).squared().mean()
        var loss = policyLoss - hp.entropyCoefficient * entropy + hp.valueLossCoefficient * valueLoss
        let auxiliaryLosses = auxiliary?.loss(network: network, discount: hp.discount, valueLossCoefficient: hp.valueLossCoefficient)
        if let auxiliaryLosses { loss = loss + auxiliaryLosses.loss }
        gradients = loss.gradients()[network.parameters]
        let norm = hp.maxGradientNorm.map { clipByGlobalNorm(&gradients, maxNorm: $0) } ?? globalNorm(gradients)
        metrics = ["policy_loss": Double(policyLoss.scalar), "value_loss": Double(valueLoss.scalar),
                   "entropy": Double(entropy.scalar), "gradient_norm": Double(norm)]
        metrics.merge(auxiliaryLosses?.metrics ?? [:]) { _, auxiliary in auxiliary }
    }

    private func readObservation() {
        input.withUnsafeMutableBufferPointer { env.writeNetworkInput(into: $0.baseAddress!) }
    }
}
