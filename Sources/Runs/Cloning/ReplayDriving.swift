import Gym

/// Puts a recorded episode's actions under an environment preset's preprocessing
/// (`ReplayActions` as the game's wrapper), and lets the caller read, after each step, what
/// the player does next.
public final class ReplayDriving: GameWrapping {
    public let replay: EpisodeReplay
    private var upcoming: () -> Int? = { nil }
    private var gameOver: () -> Bool = { true }
    /// The id of the game the preset made, when it is not the recording's.
    public private(set) var mismatchedGame: String?

    public init(replay: EpisodeReplay) { self.replay = replay }

    public func wrap<E: Environment>(_ game: E) -> AnyEnvironment<E.Scalar> {
        if game.id != replay.environmentID { mismatchedGame = game.id }
        let driven = ReplayActions(game, replay: replay)
        (upcoming, gameOver) = ({ driven.upcomingAction }, { driven.isGameOver })
        return AnyEnvironment(driven)
    }

    /// The player's next action; nil when the recording is played out.
    public var upcomingAction: Int? { upcoming() }
    /// Whether the recorded game has ended.
    public var isGameOver: Bool { gameOver() }
}
