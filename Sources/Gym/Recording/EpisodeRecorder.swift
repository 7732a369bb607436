import Randomness

/// A finished episode as the recorder hands it over: the replay, and the frames drawn for a GIF
/// (empty when the environment does not render).
public struct RecordedEpisode: Equatable, Sendable {
    public var replay: EpisodeReplay
    /// Frames after the reset and then every `frameInterval` steps: `frames[i]` shows the
    /// state after step `i × frameInterval`.
    public var frames: [RGBFrame]
    /// Steps between two frames; larger than the recorder's own when the frame cap thinned them.
    public var frameInterval: Int
    /// The rate the frames play at in real time: the environment's rate over `frameInterval`.
    public var framesPerSecond: Double

    public init(replay: EpisodeReplay, frames: [RGBFrame], frameInterval: Int, framesPerSecond: Double) {
        (self.replay, self.frames, self.frameInterval, self.framesPerSecond) = (replay, frames, frameInterval, framesPerSecond)
    }
}

/// Records every episode played through it, for `--record`: the seed and options of each reset
/// and the actions taken, so that `EpisodeReplay.play(in:)` can play the episode again, and,
/// when the environment draws, the frames for a GIF.
///
/// Seeds: the recorder always resets the inner environment with an explicit seed, so that every
/// episode can be replayed on its own. When the caller gives none (`reset()`), the recorder
/// draws the next one from its own `SeededGenerator`, seeded at `init`; when the caller gives
/// one, that seed is used and the recorder's generator restarts from it, so a run is
/// determined by its first seed as under Gymnasium. (Unseeded episodes therefore differ from
/// those of the bare environment, whose generator simply runs on.)
///
/// Frames: with a render mode that draws, `render()` is kept after the reset and after every
/// `frameInterval`-th step. At most `maximumFramesPerEpisode` frames are held: when that many
/// are, every other one is dropped and the interval doubles, so a long episode is still shown
/// whole, at a coarser step, and memory stays below `maximumFramesPerEpisode` frames
/// (width × height × 3 bytes each: 128 CartPole frames are 92 MB, 128 Pong frames 13 MB).
///
/// Put the recorder outside every wrapper that ends episodes (TimeLimit), so it sees the ends.
/// When an episode ends (terminated or truncated) its replay is appended to `episodes` (when
/// `keepsEpisodes`), the whole `RecordedEpisode` becomes `lastEpisode`, and `onEpisodeEnd` is
/// called with it. An episode cut short by a reset before it ended is dropped.
///
/// To record the `any Environment` the registry makes, wrap it inside a generic function (as
/// the registry does for `HumanRendering`) and collect the episodes through `onEpisodeEnd`.
public final class EpisodeRecorder<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    /// Steps between two frames kept, before any thinning.
    public let frameInterval: Int
    /// The most frames held for one episode.
    public let maximumFramesPerEpisode: Int
    /// Whether finished replays are appended to `episodes` (turn off for very long runs that
    /// save each episode from `onEpisodeEnd`).
    public let keepsEpisodes: Bool
    /// Called with every finished episode.
    public var onEpisodeEnd: ((RecordedEpisode) -> Void)?

    /// The replays of all finished episodes, in order.
    public private(set) var episodes: [EpisodeReplay] = []
    /// The last finished episode, frames included.
    public private(set) var lastEpisode: RecordedEpisode?

    private var seeds: SeededGenerator
    /// The episode being played; nil before the first reset and after an episode ends.
    private var current: RecordedEpisode?
    private var stepsTaken = 0

    /// `seed` starts the generator that seeds unseeded resets. `frameInterval` and
    /// `maximumFramesPerEpisode` (at least 2, so thinning keeps the first frame and another)
    /// only matter when `inner` draws.
    public init(_ inner: Inner, seed: UInt64, frameInterval: Int = 1, maximumFramesPerEpisode: Int = 128,
                keepsEpisodes: Bool = true, onEpisodeEnd: ((RecordedEpisode) -> Void)? = nil) {
        precondition(frameInterval >= 1, "EpisodeRecorder needs a frame interval of at least 1 step, got \(frameInterval)")
        precondition(maximumFramesPerEpisode >= 2, "EpisodeRecorder needs room for at least 2 frames per episode, got \(maximumFramesPerEpisode)")
        (self.inner, self.frameInterval, self.maximumFramesPerEpisode) = (inner, frameInterval, maximumFramesPerEpisode)
        (self.keepsEpisodes, self.onEpisodeEnd) = (keepsEpisodes, onEpisodeEnd)
        seeds = SeededGenerator(seed: seed)
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        let episodeSeed: UInt64
        if let seed {
            seeds = SeededGenerator(seed: seed)
            episodeSeed = seed
        } else {
            episodeSeed = seeds.next()
        }
        current = nil
        let info = try inner.reset(seed: episodeSeed, options: options)
        let replay = EpisodeReplay(environmentID: inner.id, seed: episodeSeed, options: options, actions: [], episodeReturn: 0)
        current = RecordedEpisode(replay: replay, frames: [], frameInterval: frameInterval,
                                  framesPerSecond: Double(inner.framesPerSecond) / Double(frameInterval))
        stepsTaken = 0
        keepFrame()
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        let outcome = try inner.step(action)
        guard current != nil else { return outcome }
        current?.replay.actions.append(action)
        current?.replay.episodeReturn += outcome.reward
        stepsTaken += 1
        if let interval = current?.frameInterval, stepsTaken % interval == 0 { keepFrame() }
        if outcome.isEpisodeOver, let finished = current {
            current = nil
            if keepsEpisodes { episodes.append(finished.replay) }
            lastEpisode = finished
            onEpisodeEnd?(finished)
        }
        return outcome
    }

    /// Adds the current picture, first thinning the frames held if the cap is reached.
    private func keepFrame() {
        guard inner.renderMode != .none, var episode = current, let frame = inner.render() else { return }
        current = nil  // so that `episode` holds the only reference to the frames, and no copy is made
        defer { current = episode }
        if episode.frames.count >= maximumFramesPerEpisode {
            // Frames sit at steps 0, k, 2k, …; the even-numbered ones are those at 0, 2k, 4k, …
            episode.frames = stride(from: 0, to: episode.frames.count, by: 2).map { episode.frames[$0] }
            episode.frameInterval *= 2
            episode.framesPerSecond /= 2
            // A frame at an odd multiple of the old interval falls between the new ones.
            guard stepsTaken % episode.frameInterval == 0 else { return }
        }
        episode.frames.append(frame)
    }
}
