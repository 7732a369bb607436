/// A reinforcement-learning environment with Gymnasium's shape: `reset(seed:options:)` starts
/// an episode, `step(_:)` advances it and reports the reward and whether the episode
/// terminated (the task ended) or was truncated (a limit cut it short).
///
/// Observations are not returned by value: the environment keeps the latest one in a buffer of
/// its own, read with `withObservation` (or copied with `observation()`), so that a step
/// allocates nothing. Vector environments copy it straight into their batch buffer.
///
/// Errors a user can cause (an action outside the space, stepping before `reset` or after the
/// episode ended, bad options) are thrown as `EnvironmentError`, never trapped.
public protocol Environment: AnyObject, SendableMetatype {
    /// Float for state vectors, UInt8 for pixels.
    associatedtype Scalar: ObservationScalar

    /// The registry id ("CartPole-v1").
    var id: String { get }
    var observationSpace: Box<Scalar> { get }
    var actionSpace: Discrete { get }
    /// What each action does, in the ALE's words ("NOOP", "FIRE", "RIGHT", …); wrappers such
    /// as fire-on-reset look up the action they need here.
    var actionMeanings: [String] { get }

    /// Starts an episode and writes its first observation. With a seed, the environment's
    /// generator starts again from it (as Gymnasium's `reset(seed=…)`); without one, the
    /// generator goes on from where it was.
    @discardableResult
    func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo

    /// Applies `action` for one step and writes the next observation.
    func step(_ action: Int) throws(EnvironmentError) -> StepOutcome

    /// Reads the latest observation; valid until the next `reset` or `step`.
    func withObservation<Result>(_ body: (UnsafeBufferPointer<Scalar>) throws -> Result) rethrows -> Result

    /// How the environment shows itself, chosen when it is made (Gymnasium's `render_mode`).
    var renderMode: RenderMode { get }

    /// The rate the environment runs at in real time, for a window that shows it
    /// (Gymnasium's `metadata["render_fps"]`): 50 for CartPole, 60 for the Atari games.
    var framesPerSecond: Int { get }

    /// The current state as a picture, in render modes rgb_array and human; nil in mode none.
    func render() -> RGBFrame?

    /// Releases what the environment holds (a window, say). Safe to call more than once.
    func close()
}

extension Environment {
    /// Starts an episode with Gymnasium's defaults: no new seed, no options.
    @discardableResult
    public func reset(seed: UInt64? = nil) throws(EnvironmentError) -> StepInfo {
        try reset(seed: seed, options: [:])
    }

    /// A copy of the latest observation, in row-major order.
    public func observation() -> [Scalar] { withObservation { Array($0) } }
}

/// What a step produced besides the observation: Gymnasium's reward, terminated, truncated
/// and info.
public struct StepOutcome: Equatable, Sendable {
    public var reward: Double
    /// The episode reached a terminal state of the task (the pole fell, the last ball was lost).
    public var terminated: Bool
    /// The episode was cut short from outside the task (a time limit).
    public var truncated: Bool
    public var info: StepInfo

    public init(reward: Double, terminated: Bool, truncated: Bool = false, info: StepInfo = StepInfo()) {
        (self.reward, self.terminated, self.truncated, self.info) = (reward, terminated, truncated, info)
    }

    /// Whether the episode is over, one way or the other.
    public var isEpisodeOver: Bool { terminated || truncated }
}

/// Gymnasium's `info` dictionary, as a struct of the entries rlrun's environments and
/// wrappers produce, so that a step allocates nothing.
public struct StepInfo: Equatable, Sendable {
    /// Lives left, for games that have them (the ALE reports `lives`).
    public var lives: Int?
    /// Steps taken in the current episode so far.
    public var elapsedSteps: Int?
    /// On the step that ends an episode, its return and length (Gymnasium's `info["episode"]`,
    /// set by the episode-statistics wrapper).
    public var episode: EpisodeStatistics?

    public init(lives: Int? = nil, elapsedSteps: Int? = nil, episode: EpisodeStatistics? = nil) {
        (self.lives, self.elapsedSteps, self.episode) = (lives, elapsedSteps, episode)
    }
}

/// The return and length of one finished episode (Gymnasium's `info["episode"]`).
public struct EpisodeStatistics: Equatable, Sendable {
    public var episodeReturn: Double
    public var length: Int

    public init(episodeReturn: Double, length: Int) {
        (self.episodeReturn, self.length) = (episodeReturn, length)
    }
}

/// Mistakes in using an environment, each with a message that says what to do instead.
public enum EnvironmentError: Error, Equatable, CustomStringConvertible {
    case actionOutsideSpace(environment: String, action: Int, space: Discrete)
    case stepBeforeReset(environment: String)
    case stepAfterEpisodeEnd(environment: String)
    case unknownEnvironment(id: String, known: [String])
    case invalidOption(environment: String, name: String, problem: String)

    public var description: String {
        switch self {
        case let .actionOutsideSpace(environment, action, space):
            "\(environment): action \(action) is outside the action space \(space); use an action in 0..<\(space.n)"
        case let .stepBeforeReset(environment):
            "\(environment): step() was called before reset(); call reset(seed:) to start an episode"
        case let .stepAfterEpisodeEnd(environment):
            "\(environment): step() was called after the episode ended (terminated or truncated); call reset() to start the next one"
        case let .unknownEnvironment(id, known):
            "unknown environment '\(id)'; known environments: \(known.joined(separator: ", "))"
        case let .invalidOption(environment, name, problem):
            "\(environment): option '\(name)' \(problem)"
        }
    }
}
