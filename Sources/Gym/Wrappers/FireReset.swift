/// Presses FIRE (action 1) and then action 2 after every reset, for games that wait for FIRE
/// before play starts (Breakout serves the ball on FIRE): Stable-Baselines3's `FireResetEnv`,
/// which CleanRL and the DQN baselines use. Without it an untrained agent can sit on a
/// frozen screen for a whole episode.
///
/// If the episode ends on either of those steps, the inner environment is reset again
/// (without the seed, which would replay the same end), as Stable-Baselines3 does.
public final class FireReset<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner

    /// Throws unless action 1 is FIRE and there are at least three actions.
    public init(_ inner: Inner) throws(EnvironmentError) {
        let meanings = inner.actionMeanings
        guard meanings.count >= 3, meanings[1] == "FIRE" else {
            throw .invalidOption(environment: inner.id, name: "fireReset",
                                 problem: "needs action 1 to be FIRE and at least 3 actions, but the actions are \(meanings); turn fireReset off for this environment")
        }
        self.inner = inner
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        var info = try inner.reset(seed: seed, options: options)
        for action in 1...2 {
            let outcome = try inner.step(action)
            info = outcome.isEpisodeOver ? try inner.reset(seed: nil, options: options) : outcome.info
        }
        info.episode = nil
        return info
    }
}
