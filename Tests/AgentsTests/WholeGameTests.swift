import Agents
import Games
import Gym
import Testing

/// Counts the whole games the environment itself reports (`info.episode` from inside the
/// life-loss and clipping wrappers), to check what an agent logs against.
private final class GameWitness<Inner: Environment>: EnvironmentWrapper {
    typealias Scalar = Inner.Scalar
    let inner: Inner
    var games: [EpisodeStatistics] = []
    init(_ inner: Inner) { self.inner = inner }
    func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo { try inner.reset(seed: seed, options: options) }
    func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        let outcome = try inner.step(action)
        if let game = outcome.info.episode { games.append(game) }
        return outcome
    }
}

/// Breakout's state vector with a lost ball ending the agent's episode, as envs/breakout-state.toml.
private func breakoutLives() throws -> GameWitness<AnyEnvironment<Float>> {
    let game = try AnyEnvironment<Float>(erasing: environments.make("Breakout-state"))
    return GameWitness(try atariStatePreprocessing(game, terminalOnLifeLoss: true))
}

/// The training log holds whole games in real score, as the literature reports them: not one
/// line per lost ball, not clipped rewards.
@Suite struct WholeGameTests {
    @Test func dqnLogsWholeGames() throws {
        let env = try breakoutLives()
        let agent = try DQNAgent(for: env, hyperparameters: smallDQNHyperparameters())
        let history = TrainingHistory()
        try agent.train(in: env, steps: 1500, log: history)
        #expect(env.games.count >= 3)
        #expect(history.episodes.map(\.episode) == env.games)
    }

    @Test func a3cLogsWholeGames() throws {
        let witnesses = try (0..<2).map { _ in try breakoutLives() }
        let hyperparameters = A3CHyperparameters(learners: 2, tMax: 5, discount: 0.99, learningRate: 1e-3, learningRateDecaySteps: nil,
                                                 rmspropDecay: 0.99, rmspropEpsilon: 1e-5, entropyCoefficient: 0.01,
                                                 valueLossCoefficient: 0.5, maxGradientNorm: 40, hiddenSizes: [32], activation: .relu)
        let agent = try A3CAgent(for: witnesses[0], hyperparameters: hyperparameters, seed: 3)
        let history = TrainingHistory()
        let made = UncheckedWitnesses(witnesses)
        try agent.train(makeEnvironment: { made.value[$0] }, steps: 3000, log: history)
        let games = witnesses.flatMap(\.games)
        #expect(games.count >= 3)
        #expect(history.episodes.map(\.episode).sorted(by: byReturnThenLength) == games.sorted(by: byReturnThenLength))
    }

    private func byReturnThenLength(_ a: EpisodeStatistics, _ b: EpisodeStatistics) -> Bool {
        (a.episodeReturn, a.length) < (b.episodeReturn, b.length)
    }
}

/// The witnesses handed to A3C's learner factory; each learner uses its own.
private struct UncheckedWitnesses: @unchecked Sendable {
    let value: [GameWitness<AnyEnvironment<Float>>]
    init(_ value: [GameWitness<AnyEnvironment<Float>>]) { self.value = value }
}
