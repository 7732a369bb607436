import Agents
import Datasets
import Foundation
import Gym

/// Recorded games (.replay files, from `rlrun play --record` or `rlrun eval --record`) as a
/// labelled dataset for behaviour cloning: every observation the agent's environment preset
/// makes of each game — frames skipped, shrunk and stacked as in training — paired with the
/// action the player took next (at the first frame of a skipped group), as network inputs.
public enum Demonstrations {
    public struct Episode: Sendable {
        public let source: String
        public let pairs: Int
        public let recordedReturn: Double
    }

    public static func collect(_ recordings: [(source: String, replay: EpisodeReplay)], environment preset: EnvironmentPreset)
        throws -> (dataset: LabelledDataset, episodes: [Episode]) {
        var features: [Float] = [], labels: [Int] = [], shape: [Int] = [], actionCount = 0
        var episodes: [Episode] = []
        for (source, replay) in recordings {
            let driver = ReplayDriving(replay: replay)
            let before = labels.count
            let made = try preset.make(wrappingGame: driver)
            if let game = driver.mismatchedGame {
                throw DatasetError("\(source): recorded in \(replay.environmentID), not \(game); give recordings of the game being cloned")
            }
            switch made {
            case let .pixels(env):
                try play(env, driver: driver, features: &features, labels: &labels)
                (shape, actionCount) = (env.observationSpace.shape, env.actionSpace.n)
            case let .vector(env):
                try play(env, driver: driver, features: &features, labels: &labels)
                (shape, actionCount) = (env.observationSpace.shape, env.actionSpace.n)
            }
            episodes.append(Episode(source: source, pairs: labels.count - before, recordedReturn: replay.episodeReturn))
        }
        guard !labels.isEmpty else { throw DatasetError("the recordings hold no steps to learn from; record some play with rlrun play <game> --record") }
        return (LabelledDataset(features: features, exampleShape: shape, labels: labels, classCount: actionCount), episodes)
    }

    /// Plays the recording through `env`, appending each observation and the next action.
    private static func play<Scalar: AgentObservation>(_ env: AnyEnvironment<Scalar>, driver: ReplayDriving,
                                                       features: inout [Float], labels: inout [Int]) throws {
        let size = env.observationSpace.count
        try env.reset(seed: driver.replay.seed)
        while let action = driver.upcomingAction {
            let start = features.count
            features.append(contentsOf: repeatElement(0, count: size))
            features.withUnsafeMutableBufferPointer { target in
                env.withObservation { Scalar.encode($0, into: target.baseAddress! + start) }
            }
            labels.append(action)
            let outcome = try env.step(action)
            guard outcome.isEpisodeOver else { continue }
            // A life lost under EpisodicLife ends the agent's episode, not the game.
            if driver.isGameOver { break }
            do {
                try env.reset(seed: nil)
            } catch {
                // The recording may run out inside the reset's own steps (no-ops, FIRE).
                guard driver.isGameOver else { throw error }
                break
            }
        }
    }

    /// The .replay files among `paths`: files as they are, folders searched (not recursively).
    public static func replayFiles(in paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw DatasetError("\(path): no such file or folder; give .replay files or folders of them (rlrun play <game> --record writes them)")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.hasSuffix("." + EpisodeReplay.fileExtension) }.sorted().map { path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        guard !files.isEmpty else { throw DatasetError("\(paths.joined(separator: ", ")): no .replay files there; record some with rlrun play <game> --record") }
        return files
    }
}
