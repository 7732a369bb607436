import ArgumentParser
import Foundation
import Presets
import Runs

/// `rlrun status <run>`: a run's state from its folder alone, while it trains or after: whether
/// a process is training it, its steps, games, evaluations and training time, and whether each
/// checkpoint loads into its agent (a damaged one makes the command fail).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a run's state from its folder: rlrun status runs/<run>.",
        discussion: "Exits non-zero if a checkpoint of the run does not load.")

    @Argument(help: "A run folder.")
    var runFolder: String

    func run() throws {
        let folder = try RunFolder.existing(at: runFolder)
        let configuration = try RunConfiguration(document: try TOMLParser.parse(folder.readConfiguration()), source: folder.configPath)
        let history = ProgressHistory(contentsOf: folder.progressPath)
        // Each checkpoint there is, with the steps it holds, or why it does not load.
        let checkpoints = try [folder.latestCheckpointPath, folder.bestCheckpointPath]
            .filter { FileManager.default.fileExists(atPath: $0) }
            .map { path in (path, try Self.load(path, configuration: configuration)) }
        let saved = checkpoints.first { $0.0 == folder.latestCheckpointPath }?.1["steps"]

        let total = configuration.steps
        let state: String
        if let process = folder.trainingProcess {
            state = "training (process \(process))"
        } else if let saved, saved >= total {
            state = "finished"
        } else {
            let from = saved.map { "step \(ProgressLine.grouped($0))" } ?? "the start (no checkpoint yet)"
            state = "stopped; rlrun \(configuration.agent) --resume \(folder.path) continues from \(from)"
        }
        print("\(folder.path): \(configuration.agent) on \(configuration.environment), seed \(configuration.seed): \(state)")
        let reached = history.lastStep
        print(String(format: "  steps: %@ saved, %@ logged, of %@ (%.0f%%); training time %@", saved.map(ProgressLine.grouped) ?? "none",
                     ProgressLine.grouped(reached), ProgressLine.grouped(total), 100 * Double(saved ?? 0) / Double(max(total, 1)), Self.duration(history.seconds)))
        let recent = history.episodes.suffix(100).map(\.episodeReturn)
        if !recent.isEmpty {
            print(String(format: "  games: %d; mean game score of the last %d %.2f", history.episodes.count, recent.count,
                         recent.reduce(0, +) / Double(recent.count)))
        }
        if let last = history.evaluations.last, let best = history.evaluations.max(by: { $0.meanReturn < $1.meanReturn }) {
            print(String(format: "  evaluations: %d; last %.2f at step %@, best %.2f at step %@", history.evaluations.count,
                         last.meanReturn, ProgressLine.grouped(last.step), best.meanReturn, ProgressLine.grouped(best.step)))
        }
        if let events = EventFile.paths(in: folder.path).last {
            let count = (try? EventFile.events(at: events).count).map { "\($0) events" } ?? "its last record cut short (a resumed run cuts it)"
            print("  TensorBoard: \(events.split(separator: "/").last!), \(count); tensorboard --logdir \(folder.path)")
        }
        for (path, counters) in checkpoints {
            let others = counters.keys.sorted().filter { $0 != "steps" }.map { "\($0) \(ProgressLine.grouped(counters[$0]!))" }
            print("  \(path.split(separator: "/").last!): step \(ProgressLine.grouped(counters["steps"] ?? 0)), \(others.joined(separator: ", ")); loads")
        }
    }

    /// Reads the checkpoint and restores its agent, as --resume and eval would; its counters.
    static func load(_ path: String, configuration: RunConfiguration) throws -> [String: Int] {
        let checkpoint = try Checkpoint.read(from: path)
        try checkpoint.check(agent: configuration.agent, environment: configuration.environment, path: path)
        let settings = try EnvironmentPreset(configuration.environmentSettings, source: path + " [env]")
        switch try settings.make() {
        case let .pixels(env): _ = try AgentFactory.restored(checkpoint, in: env, configuration: configuration, path: path)
        case let .vector(env): _ = try AgentFactory.restored(checkpoint, in: env, configuration: configuration, path: path)
        }
        return checkpoint.counters
    }

    /// 3725 seconds as "1h02m05s".
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let (h, m, s) = (whole / 3600, whole % 3600 / 60, whole % 60)
        return h > 0 ? String(format: "%dh%02dm%02ds", h, m, s) : String(format: "%dm%02ds", m, s)
    }
}
