import Foundation

/// One recorded episode, enough to play it again exactly: the environment id, the seed and
/// options `reset` was given, and the actions taken, with the return and length they gave, to
/// check the playback against. Frames are not kept: a replay regenerates them.
///
/// The file (extension `.replay`) is binary, little-endian, `formatVersion` 1:
///
///     bytes  field
///     8      magic "RLREPLAY"
///     2      format version (UInt16)
///     4      body size B (UInt32)
///     B      body:
///              2 + n   environment id: UTF-8 byte count (UInt16), then the bytes
///              8       reset seed (UInt64)
///              2       number of options K (UInt16), then K times:
///                        2 + n name (as the id), 8 value (Float64 bits)
///              8       return (Float64 bits, so it compares exactly)
///              4       length L, the number of actions (UInt32)
///              1       action coding: 0 = each action an unsigned LEB128 varint;
///                                     1 = runs, each the action then the run's length
///                                         (both LEB128, length ≥ 1)
///              …       the L actions in that coding
///     4      CRC-32 of every byte before it
///
/// The writer picks whichever coding is shorter. An action below 128 (every ALE action set has
/// at most 18) is one byte in coding 0, so a file never holds more than one byte per action:
/// a 20,000-step Pong game is at most about 20 kB, and far less when actions repeat.
///
/// The sizes let a reader tell a truncated file from a corrupt one, and the checksum catches
/// damaged bytes before any field is trusted; `read(from:)` reports each as a `ReplayError`.
public struct EpisodeReplay: Equatable, Sendable {
    /// The version of the file format this build writes and reads.
    public static let formatVersion = 1
    public static let fileExtension = "replay"
    /// Longer than any game episode (Pong's longest are ~20,000 steps); it bounds the memory a
    /// damaged length field could ask for.
    public static let maximumLength = 1 << 26
    static let magicText = "RLREPLAY"
    static let magic = Array(magicText.utf8)

    /// The registry id of the environment played ("CartPole-v1").
    public var environmentID: String
    /// The seed `reset` was given; the recorder always gives one.
    public var seed: UInt64
    /// The options `reset` was given (empty for none).
    public var options: [String: Double]
    /// The action of every step, in order.
    public var actions: [Int]
    /// The sum of the episode's rewards.
    public var episodeReturn: Double

    public init(environmentID: String, seed: UInt64, options: [String: Double] = [:], actions: [Int], episodeReturn: Double) {
        (self.environmentID, self.seed, self.options, self.actions, self.episodeReturn) = (environmentID, seed, options, actions, episodeReturn)
    }

    /// The number of steps: one action each.
    public var length: Int { actions.count }

    /// The return and length, as the episode-statistics info reports them.
    public var statistics: EpisodeStatistics { EpisodeStatistics(episodeReturn: episodeReturn, length: length) }

    /// Reads the replay file at `url`; every way the file can be wrong is a `ReplayError`
    /// naming it.
    public static func read(from url: URL) throws(ReplayError) -> EpisodeReplay {
        let path = url.path
        let bytes: [UInt8]
        do {
            bytes = try RecordingFile.read(path)
        } catch {
            if error.code == ENOENT { throw .missingFile(path: path) }
            throw .unreadable(path: path, reason: error.reason)
        }
        return try EpisodeReplay(decoding: bytes, path: path)
    }

    /// A replay from the bytes of its file; `path` names them in errors.
    public init(decoding bytes: [UInt8], path: String) throws(ReplayError) {
        self = try ReplayCoding.decode(bytes, path: path)
    }

    /// Writes the replay to `url` atomically (a temporary file in the same directory, flushed,
    /// then renamed over `url`), so a reader never sees half a file.
    public func write(to url: URL) throws(ReplayError) {
        let path = url.path
        let bytes = try ReplayCoding.encode(self, path: path)
        do {
            try RecordingFile.writeAtomically(bytes, to: path)
        } catch {
            throw .cannotWrite(path: path, reason: error.reason)
        }
    }
}
