import Agents
import Games
import Gym

/// CartPole-v1 as Gymnasium registers it.
func cartPoleV1() -> TimeLimit<CartPole> { TimeLimit(CartPole(), maxEpisodeSteps: 500) }

/// Small, fast settings for tests on CartPole: a 2×64 MLP, Adam, learning after 100 steps.
/// Each test changes what it is about.
func smallDQNHyperparameters(seed: UInt64 = 1) -> DQNHyperparameters {
    DQNHyperparameters(
        learningRate: 1e-3, optimizer: .adam(epsilon: 1e-8), discount: 0.99, batchSize: 32, replayCapacity: 1000,
        learningStarts: 100, trainFrequency: 2, gradientSteps: 1, targetUpdateInterval: 50, tau: 1,
        epsilonStart: 1, epsilonEnd: 0.05, explorationFraction: 0.5, totalSteps: 1000, evaluationEpsilon: 0,
        huberDelta: 1, maxGradientNorm: 10, doubleDQN: false, hiddenSizes: [64, 64], metricsInterval: 100, seed: seed)
}

extension Agents.DQNAgent {
    /// Every checkpoint tensor's values, by name, for bit-for-bit comparisons.
    var checkpointScalars: [String: [Float]] { checkpointTensors().mapValues(\.scalars) }
}
