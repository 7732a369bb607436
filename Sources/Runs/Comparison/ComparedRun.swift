import Foundation
import Presets

/// A training run as `rlrun compare` reads it from its folder: its name, its configuration
/// (config.toml) and what it logged (progress.csv).
public struct ComparedRun {
    /// The folder's own name: `dqn-cartpole-20261206-101500`.
    public let name: String
    public let configuration: RunConfiguration
    public let history: ProgressHistory

    public init(name: String, configuration: RunConfiguration, history: ProgressHistory) {
        (self.name, self.configuration, self.history) = (name, configuration, history)
    }

    /// Reads the run in `path`; a folder that is not a training run, or has nothing logged
    /// yet, is refused in one line.
    public init(folder path: String) throws {
        let folder = try RunFolder.existing(at: path)
        name = String(folder.path.split(separator: "/").last ?? Substring(folder.path))
        configuration = try RunConfiguration(document: try TOMLParser.parse(folder.readConfiguration()), source: folder.configPath)
        history = ProgressHistory(contentsOf: folder.progressPath)
        guard !history.episodes.isEmpty || !history.evaluations.isEmpty else {
            throw RunFolderError("\(folder.progressPath): no game or evaluation logged yet; compare it once it has trained a while")
        }
    }

    /// What seeds of one configuration share: the configuration with its seed left out.
    public var configurationWithoutSeed: String {
        var document = configuration.document
        if case var .table(run)? = document["run"] {
            run["seed"] = nil
            document["run"] = .table(run)
        }
        return TOMLWriter.document(document)
    }

    /// The mean game score over the last `window` games, at each game: the smoothed curve.
    public func smoothedScores(window: Int) -> [Double] {
        runningMeans(history.episodes.map(\.episodeReturn), window: window)
    }

    /// Where each game ended, on `axis`.
    public func gamePositions(on axis: ComparisonAxis) -> [Double] {
        axis == .steps ? history.episodes.map { Double($0.step) } : history.episodeSeconds
    }

    /// Where each evaluation was made, on `axis`.
    public func evaluationPositions(on axis: ComparisonAxis) -> [Double] {
        axis == .steps ? history.evaluations.map { Double($0.step) } : history.evaluationSeconds
    }
}

/// The x axis of a comparison: environment steps, or training time in seconds.
public enum ComparisonAxis: String, CaseIterable, Sendable {
    case steps, time

    var title: String { self == .steps ? "environment steps" : "training time" }
}
