import Foundation
import Gym

/// A wrapper for an environment's game, put below its preprocessing (`EnvironmentPreset.make`).
public protocol GameWrapping {
    func wrap<E: Environment>(_ game: E) -> AnyEnvironment<E.Scalar>
}

/// Where `--record` saves episodes and how: a `.replay` file and a GIF per episode in
/// `directory`, frames taken every `frameInterval` steps of the game.
public final class RecordingSettings: GameWrapping, @unchecked Sendable {
    public let directory: String
    public let seed: UInt64
    public let frameInterval: Int
    /// The files saved so far, in order.
    public private(set) var saved: [String] = []
    private var episodes = 0

    public init(directory: String, seed: UInt64, frameInterval: Int) {
        (self.directory, self.seed, self.frameInterval) = (directory, seed, frameInterval)
    }

    public func wrap<E: Environment>(_ game: E) -> AnyEnvironment<E.Scalar> { AnyEnvironment(recorder(game)) }

    /// `env` wrapped in a recorder that saves each finished episode.
    func recorder<E: Environment>(_ env: E) -> EpisodeRecorder<E> {
        EpisodeRecorder(env, seed: seed, frameInterval: frameInterval, maximumFramesPerEpisode: 1024, keepsEpisodes: false) { [self] episode in
            do {
                let files = try EpisodeRecording.save(episode, directory: URL(fileURLWithPath: directory), index: episodes)
                episodes += 1
                saved.append(files.replay.path)
                if let gif = files.gif { saved.append(gif.path) }
            } catch {
                saved.append("could not save an episode: \(error)")
            }
        }
    }
}
