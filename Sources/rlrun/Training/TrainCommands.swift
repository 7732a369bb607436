import ArgumentParser

/// `rlrun dqn <env>`: trains DQN (Mnih et al. 2015) with agents/dqn.toml.
struct DQNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dqn", abstract: "Train DQN: rlrun dqn breakout, rlrun dqn cartpole.")
    @OptionGroup var options: TrainOptions
    func run() throws { try TrainingRun.start(agent: "dqn", options: options) }
}
