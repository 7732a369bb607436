import Agents

/// Small, fast PPO settings for CartPole tests; each test changes what it is about.
func smallPPOHyperparameters(seed: UInt64 = 1, environments: Int = 4, environmentThreads: Int = 1,
                             totalSteps: Int = 30_000) -> PPOHyperparameters {
    PPOHyperparameters(environments: environments, environmentThreads: environmentThreads, rolloutSteps: 128, epochs: 4,
                       minibatches: 4, learningRate: 2.5e-3, annealLearningRate: true, adamEpsilon: 1e-5, discount: 0.99,
                       gaeLambda: 0.95, clipCoefficient: 0.2, clipValueLoss: true, normalizeAdvantages: true,
                       entropyCoefficient: 0.01, valueLossCoefficient: 0.5, maxGradientNorm: 0.5, targetKL: nil,
                       totalSteps: totalSteps, hiddenSizes: [64, 64], activation: .tanh, sharedTrunk: false, seed: seed)
}

/// Small, fast PQN settings for CartPole tests (agents/pqn.toml's [cartpole]); each test
/// changes what it is about.
func smallPQNHyperparameters(seed: UInt64 = 1, environmentThreads: Int = 1, totalSteps: Int = 30_000) -> PQNHyperparameters {
    PQNHyperparameters(environments: 4, environmentThreads: environmentThreads, rolloutSteps: 32, epochs: 2, minibatches: 16,
                       optimizer: .adam, learningRate: 1e-3, annealLearningRate: true, discount: 0.99, qLambda: 0.65,
                       maxGradientNorm: 10, epsilonStart: 1, epsilonEnd: 0.05, explorationFraction: 0.2,
                       totalSteps: totalSteps, hiddenSizes: [120, 84], seed: seed)
}
