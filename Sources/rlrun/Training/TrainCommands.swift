import ArgumentParser

/// `rlrun dqn <env>`: trains DQN (Mnih et al. 2015) with agents/dqn.toml.
struct DQNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dqn", abstract: "Train DQN: rlrun dqn breakout, rlrun dqn cartpole.")
    @OptionGroup var options: TrainOptions
    func run() throws { try TrainingRun.start(agent: "dqn", options: options) }
}

/// `rlrun drqn <env>`: trains DRQN (Hausknecht & Stone 2015) with agents/drqn.toml.
struct DRQNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drqn", abstract: "Train DRQN (an LSTM Q-network on single frames): rlrun drqn flickering-pong.")
    @OptionGroup var options: TrainOptions
    func run() throws { try TrainingRun.start(agent: "drqn", options: options) }
}

/// `rlrun reinforce <env>`: trains REINFORCE (Williams 1992) with agents/reinforce.toml.
struct ReinforceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reinforce", abstract: "Train REINFORCE (policy gradients): rlrun reinforce cartpole.")
    @OptionGroup var options: TrainOptions
    func run() throws { try TrainingRun.start(agent: "reinforce", options: options) }
}

/// `rlrun a3c <env>`: trains A3C (Mnih et al. 2016) with agents/a3c.toml.
struct A3CCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "a3c", abstract: "Train A3C, one learner thread per core: rlrun a3c pong.")
    @OptionGroup var options: TrainOptions
    func run() throws { try TrainingRun.start(agent: "a3c", options: options) }
}

/// `rlrun unreal <env>`: trains UNREAL (Jaderberg et al. 2016) with agents/unreal.toml.
struct UNREALCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unreal", abstract: "Train UNREAL (A3C with auxiliary tasks on replayed steps): rlrun unreal breakout.")
    @OptionGroup var options: TrainOptions
    func run() throws { try TrainingRun.start(agent: "unreal", options: options) }
}

/// `rlrun ppo <env>`: trains PPO (Schulman et al. 2017) with agents/ppo.toml.
struct PPOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ppo", abstract: "Train PPO on a batch of environment copies: rlrun ppo pong.")
    @OptionGroup var options: TrainOptions
    func run() throws { try TrainingRun.start(agent: "ppo", options: options) }
}

/// `rlrun pqn <env>`: trains PQN (Gallici et al. 2024) with agents/pqn.toml.
struct PQNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pqn", abstract: "Train PQN (Q-learning on a batch of environment copies, no replay): rlrun pqn breakout.")
    @OptionGroup var options: TrainOptions
    func run() throws { try TrainingRun.start(agent: "pqn", options: options) }
}
