import Agents
import Games
import Gym
import Testing

/// CartPole until its `failAt`-th step, which throws, as a broken emulator or a lost device
/// would: the agents that step copies on several threads must stop them all and give the
/// error back, not hang or lose it.
private final class FailingCartPole: EnvironmentWrapper {
    typealias Scalar = Float
    let inner = TimeLimit(CartPole(), maxEpisodeSteps: 500)
    let failAt: Int
    private var steps = 0
    init(failAt: Int) { self.failAt = failAt }
    func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo { try inner.reset(seed: seed, options: options) }
    func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        steps += 1
        if steps == failAt { throw EnvironmentError.invalidOption(environment: "FailingCartPole", name: "step", problem: "failed on purpose") }
        return try inner.step(action)
    }
}

@Suite struct FailingEnvironmentTests {
    private func isTheFailure(_ error: any Error) -> Bool { "\(error)".contains("failed on purpose") }

    /// One of A3C's two learner threads meets the failure: training ends with it.
    @Test func a3cEndsWithALearnersError() throws {
        let agent = try A3CAgent(for: FailingCartPole(failAt: .max), hyperparameters: testA3CHyperparameters(learners: 2), seed: 1)
        #expect(performing: {
            try agent.train(makeEnvironment: { i in FailingCartPole(failAt: i == 1 ? 300 : .max) }, steps: 100_000, log: TrainingHistory())
        }, throws: isTheFailure)
        #expect(agent.steps < 100_000)
    }

    /// A copy of PPO's and of PQN's vector environment, stepped on two threads, fails.
    @Test func vectorAgentsEndWithACopysError() throws {
        let ppo = try PPOAgent(for: FailingCartPole(failAt: .max), hyperparameters: smallPPOHyperparameters(environmentThreads: 2))
        #expect(performing: {
            try ppo.train(makeEnvironment: { i in FailingCartPole(failAt: i == 2 ? 700 : .max) }, steps: 100_000, log: TrainingHistory())
        }, throws: isTheFailure)
        let pqn = try PQNAgent(for: FailingCartPole(failAt: .max), hyperparameters: smallPQNHyperparameters(environmentThreads: 2))
        #expect(performing: {
            try pqn.train(makeEnvironment: { i in FailingCartPole(failAt: i == 3 ? 700 : .max) }, steps: 100_000, log: TrainingHistory())
        }, throws: isTheFailure)
        #expect(ppo.steps < 100_000 && pqn.steps < 100_000)
    }
}
