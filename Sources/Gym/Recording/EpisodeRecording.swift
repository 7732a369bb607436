import Foundation

/// Saves a recorded episode the way `--record` leaves it in `recordings/`: a `.replay` file to
/// play it again and, when there are frames, a `.gif` of it beside it.
public enum EpisodeRecording {
    /// "<environment id>-seed<seed>-<index>", with every character other than letters, digits,
    /// '.', '_' and '-' replaced by '_' (Gymnasium ids such as "ALE/Pong-v5" have a slash).
    public static func baseName(for replay: EpisodeReplay, index: Int) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        let id = String(replay.environmentID.map { allowed.contains($0) ? $0 : "_" })
        return "\(id)-seed\(replay.seed)-\(index)"
    }

    /// Writes `<baseName>.replay` and, unless `frames` is empty, `<baseName>.gif` into
    /// `directory`, making it (and its parents) if missing. Both writes are atomic.
    /// `baseName` defaults to `baseName(for: replay, index: 0)`.
    ///
    /// Throws `ReplayError` for the directory or the replay file, `GIFError` for the GIF.
    public static func save(replay: EpisodeReplay, frames: [RGBFrame], framesPerSecond: Double,
                            directory: URL, baseName: String? = nil, downscale: Int = 1) throws -> (replay: URL, gif: URL?) {
        do {
            try RecordingFile.makeDirectory(directory.path)
        } catch {
            throw ReplayError.cannotWrite(path: directory.path, reason: error.reason)
        }
        let name = baseName ?? self.baseName(for: replay, index: 0)
        let replayURL = directory.appendingPathComponent(name + "." + EpisodeReplay.fileExtension)
        try replay.write(to: replayURL)
        guard !frames.isEmpty else { return (replayURL, nil) }
        let gifURL = directory.appendingPathComponent(name + ".gif")
        try GIFWriter(framesPerSecond: framesPerSecond, downscale: downscale).write(frames, to: gifURL)
        return (replayURL, gifURL)
    }

    /// Saves what an `EpisodeRecorder` handed over, as `<id>-seed<seed>-<index>`, its GIF
    /// playing at the real-time rate of the frames it kept.
    public static func save(_ episode: RecordedEpisode, directory: URL, index: Int, downscale: Int = 1) throws -> (replay: URL, gif: URL?) {
        try save(replay: episode.replay, frames: episode.frames, framesPerSecond: episode.framesPerSecond,
                 directory: directory, baseName: baseName(for: episode.replay, index: index), downscale: downscale)
    }
}
