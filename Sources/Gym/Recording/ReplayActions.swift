/// Plays a recorded episode whatever it is asked to do: its first reset is the recording's
/// reset, and each step takes the recording's next action instead of the one it is given.
/// Put under a preprocessing stack (frame skipping, stacking, no-op and FIRE resets), it drives
/// that stack through the recorded game frame by frame, so that the stack's observations are
/// the ones an agent would have seen of that game: behaviour cloning pairs each with the
/// action the player took next (`upcomingAction`).
public final class ReplayActions<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner
    public let replay: EpisodeReplay
    /// Recorded actions played so far.
    public private(set) var position = 0
    /// Whether the game itself has ended (or the recording has run out).
    public private(set) var isGameOver = false
    private var hasReset = false

    public init(_ inner: Inner, replay: EpisodeReplay) { (self.inner, self.replay) = (inner, replay) }

    /// The recorded action the next step will play; nil once the recording is played out.
    public var upcomingAction: Int? { position < replay.actions.count && !isGameOver ? replay.actions[position] : nil }

    /// The recording's own reset, whatever seed is asked for; a stack may reset again only
    /// without the game having ended (a life lost under EpisodicLife does not reset the game).
    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        guard !hasReset else { throw .stepAfterEpisodeEnd(environment: id) }
        hasReset = true
        return try inner.reset(seed: replay.seed, options: replay.options)
    }

    /// The next recorded action, in place of `action`. Past the last one the episode is
    /// over: truncated, as a recording cut short would be.
    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        guard let recorded = upcomingAction else {
            isGameOver = true
            return StepOutcome(reward: 0, terminated: false, truncated: true)
        }
        position += 1
        let outcome = try inner.step(recorded)
        if outcome.isEpisodeOver || position == replay.actions.count { isGameOver = true }
        return outcome
    }
}
