import ArgumentParser

/// The rlrun command line.
struct RLRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rlrun",
        abstract: "Reinforcement learning on a tensor engine of its own.",
        subcommands: [DQNCommand.self, DRQNCommand.self, A3CCommand.self, UNREALCommand.self, PPOCommand.self, PQNCommand.self, ReinforceCommand.self, FitCommand.self, SampleCommand.self, CloneCommand.self, EvalCommand.self, WatchCommand.self, PlayCommand.self, ReplayCommand.self, CurveCommand.self, CompareCommand.self, StatusCommand.self, StyleCommand.self, ListCommand.self, DemoCommand.self, BenchCommand.self])
}
