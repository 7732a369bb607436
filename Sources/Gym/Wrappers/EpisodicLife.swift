/// Ends the agent's episode when a life is lost, but the game only when it is over: the
/// "terminal on life loss" of Mnih et al. (2015), as Stable-Baselines3's `EpisodicLifeEnv`
/// and Gymnasium's `AtariPreprocessing(terminal_on_life_loss=True)`. Value targets then stop
/// bootstrapping at each lost life, which helps DQN learn that losing one is bad.
///
/// A step whose `info.lives` dropped (and is still above 0: at 0 the game itself ends) reports
/// `terminated`. The following `reset()` does not restart the game: it takes one NOOP step
/// (action 0, NOOP in the ALE's action sets) and play goes on from there. Only when the game
/// itself ended, or when `reset` is given a seed or options, is the inner environment reset.
/// Environments that report no lives pass through unchanged.
///
/// Episode statistics: placed outside this wrapper, `RecordEpisodeStatistics` would report one
/// "episode" per life. Put it inside (as `atariPreprocessing` does) to count whole games; the
/// NOOP steps taken here then count in the game's length, being steps of the game. A game
/// that ends on that NOOP step is reset at once and its statistics are not reported.
public final class EpisodicLife<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner

    /// Read and written every step, behind a pointer so that a step pays no run-time
    /// exclusivity checks on class properties.
    private struct State {
        /// Lives at the last step or reset.
        var lives = 0
        /// The inner game ended (or never started): the next reset must be a real one.
        var gameOver = true
        /// The agent's episode ended (a life lost, or the game over): stepping now is misuse.
        var episodeOver = false
    }

    private let state = UnsafeMutablePointer<State>.allocate(capacity: 1)

    public init(_ inner: Inner) {
        self.inner = inner
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Whether the last episode ended with the game (so the next reset restarts it).
    public var isGameOver: Bool { state.pointee.gameOver }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        var info: StepInfo
        if state.pointee.gameOver || seed != nil || !options.isEmpty {
            info = try inner.reset(seed: seed, options: options)
        } else {
            let outcome = try inner.step(0)
            info = outcome.isEpisodeOver ? try inner.reset(seed: nil, options: options) : outcome.info
            info.episode = nil
        }
        state.pointee = State(lives: info.lives ?? 0, gameOver: false, episodeOver: false)
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        // The inner game goes on after a lost life, so it would not catch this itself.
        if state.pointee.episodeOver { throw .stepAfterEpisodeEnd(environment: id) }
        var outcome = try inner.step(action)
        state.pointee.gameOver = outcome.isEpisodeOver
        if let lives = outcome.info.lives {
            if lives > 0 && lives < state.pointee.lives { outcome.terminated = true }
            state.pointee.lives = lives
        }
        state.pointee.episodeOver = outcome.isEpisodeOver
        return outcome
    }
}
