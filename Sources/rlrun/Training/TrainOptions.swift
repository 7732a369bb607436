import ArgumentParser

/// What every training command takes: `rlrun <agent> <env> [options]`.
struct TrainOptions: ParsableArguments {
    @Argument(help: "The environment: cartpole, breakout or pong (envs/*.toml). Not needed with --resume.")
    var environment: String?

    @Option(name: .customLong("set"), help: "Override a preset value: key=value for the agent (learning_rate=1e-4), env.key=value for the environment (repeatable).")
    var assignments: [String] = []

    @Option(help: "Environment steps of the run (default: the preset's).")
    var steps: Int?

    @Option(help: "Seed of the run (default: the preset's).")
    var seed: UInt64?

    @Option(name: .customLong("run-dir"), help: "The run folder (default: runs/<agent>-<env>-<date>-<time>).")
    var runDirectory: String?

    @Option(help: "Continue the run in this folder from its latest checkpoint.")
    var resume: String?

    @Option(name: .customLong("init"), help: "Start the network from a cloned one (best.safetensors of rlrun clone; a3c, dqn, ppo and pqn).")
    var initialization: String?

    @Flag(help: "Show training live in a window, one episode in --render-every (the others are not drawn).")
    var render = false

    @Option(name: .customLong("render-every"), help: "With --render, show every Nth episode.")
    var renderEvery = 10

    @Option(name: .customLong("render-fps"), help: "With --render, frames a second in the shown episodes (default: the game's own, 60 for Pong and Breakout; 0: as fast as they are played).")
    var renderFramesPerSecond: Int?

    @Option(name: .customLong("eval-every"), help: "Evaluate the greedy policy every N steps (best.safetensors is the best evaluation); 0 turns it off. Default: a twentieth of the run.")
    var evaluationInterval: Int?

    @Option(name: .customLong("eval-episodes"), help: "Episodes in each of those evaluations.")
    var evaluationEpisodes = 10

    @Option(name: .customLong("stop-at"), help: "Stop training once an evaluation's mean return reaches this (CartPole: 475).")
    var stopAt: Double?

    @Option(name: .customLong("save-every"), help: "Seconds between saves of latest.safetensors while training (it is also saved at the end and on Ctrl-C).")
    var secondsBetweenSaves: Double = 60

    @Flag(name: .customLong("save-replay"), help: "DQN: save the replay memory too (latest.replay, beside latest.safetensors, about 7 KB a stored Atari frame), so that --resume goes on with it as if the run had not stopped; a resumed run that has one keeps saving it.")
    var saveReplay = false

    @Option(name: .customLong("rank-timeout"), help: "Under mpirun: seconds a rank waits for the others in a collective before it asks whether they are there; ranks that do not answer within as long again end the job.")
    var rankTimeout: Double = 60

    func validate() throws {
        if !(secondsBetweenSaves > 0) { throw ValidationError("--save-every \(secondsBetweenSaves): give a number of seconds above 0") }
        if !(rankTimeout > 0) { throw ValidationError("--rank-timeout \(rankTimeout): give a number of seconds above 0") }
        if let evaluationInterval, evaluationInterval < 0 { throw ValidationError("--eval-every \(evaluationInterval): give 0 (off) or a number of steps") }
        if evaluationEpisodes < 1 { throw ValidationError("--eval-episodes \(evaluationEpisodes): evaluate at least 1 episode") }
        if let renderFramesPerSecond, renderFramesPerSecond < 0 {
            throw ValidationError("--render-fps \(renderFramesPerSecond): give 0 (as fast as they are played) or more frames a second")
        }
        if renderEvery < 1 { throw ValidationError("--render-every \(renderEvery): show at least every 1st episode") }
        if resume == nil && environment == nil { throw ValidationError("name an environment (rlrun dqn cartpole), or --resume a run folder") }
        if let steps, steps < 1 { throw ValidationError("--steps \(steps): a run needs at least one step") }
        if resume != nil && initialization != nil {
            throw ValidationError("--init starts a new run from a cloned network; --resume continues a run from its own checkpoint: give one of them")
        }
        if resume != nil && (!assignments.isEmpty || runDirectory != nil || seed != nil) {
            throw ValidationError("--resume continues a run as it was configured; --set, --seed and --run-dir do not apply (--steps sets a new total)")
        }
    }
}
