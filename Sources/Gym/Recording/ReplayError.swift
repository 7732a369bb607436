/// What can go wrong reading, writing or playing back a replay, each as one line that names
/// the file (or the episode) and says what to do.
public enum ReplayError: Error, Equatable, CustomStringConvertible {
    /// No file at `path`.
    case missingFile(path: String)
    /// The file exists but could not be read (permissions, a directory, …).
    case unreadable(path: String, reason: String)
    /// The file does not start with the replay magic: it is something else.
    case notAReplay(path: String)
    /// The file is a replay of a format version this build does not read.
    case unsupportedVersion(path: String, version: Int, supported: Int)
    /// The file ends before the length its header gives.
    case truncated(path: String, size: Int, expected: Int)
    /// The bytes are damaged: a checksum mismatch, or a field that makes no sense.
    case corrupt(path: String, problem: String)
    /// The replay could not be written to `path`.
    case cannotWrite(path: String, reason: String)
    /// The replay holds something the format cannot store (a negative action, say).
    case unencodable(path: String, problem: String)
    /// The replay was recorded in another environment than the one it is played in.
    case wrongEnvironment(recorded: String, given: String)
    /// The environment rejected a reset or a step while playing back.
    case environmentFailed(EnvironmentError)
    /// Playing back gave another outcome than the recording: the environment is not the same
    /// (another version, another seed handling) or not deterministic.
    case outcomeMismatch(environment: String, seed: UInt64, recorded: EpisodeStatistics,
                         replayed: EpisodeStatistics, episodeEnded: Bool)

    public var description: String {
        switch self {
        case let .missingFile(path):
            "\(path): no such replay file; check the path (replays are written by --record, with extension .replay)"
        case let .unreadable(path, reason):
            "\(path): cannot read the replay: \(reason)"
        case let .notAReplay(path):
            "\(path): not an rlrun replay file (it does not start with \"\(EpisodeReplay.magicText)\"); give a .replay file written by --record"
        case let .unsupportedVersion(path, version, supported):
            "\(path): replay format version \(version) is not supported (this rlrun reads version \(supported)); play it with the rlrun that recorded it"
        case let .truncated(path, size, expected):
            "\(path): the replay is truncated: it has \(size) bytes but needs \(expected); the copy is incomplete, copy or record it again"
        case let .corrupt(path, problem):
            "\(path): the replay is corrupt: \(problem); copy or record it again"
        case let .cannotWrite(path, reason):
            "\(path): cannot write the replay: \(reason)"
        case let .unencodable(path, problem):
            "\(path): cannot write the replay: \(problem)"
        case let .wrongEnvironment(recorded, given):
            "the replay was recorded in \(recorded) but is being played in \(given); make the environment '\(recorded)' to play it"
        case let .environmentFailed(error):
            "playing back the replay failed: \(error)"
        case let .outcomeMismatch(environment, seed, recorded, replayed, ended):
            "\(environment) seed \(seed): the replay diverged: recorded return \(recorded.episodeReturn) over \(recorded.length) steps, "
                + "replayed return \(replayed.episodeReturn) over \(replayed.length) steps\(ended ? "" : " without the episode ending")"
                + "; the environment differs from the one recorded (version, options) or is not deterministic"
        }
    }
}
