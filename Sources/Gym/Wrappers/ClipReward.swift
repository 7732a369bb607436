/// Replaces each reward by its sign, −1, 0 or +1: the reward clipping of Mnih et al. (2015),
/// Stable-Baselines3's `ClipRewardEnv` and CleanRL's `ClipRewardEnv`, which lets one learning
/// rate serve games whose scores differ by orders of magnitude. Record episode statistics
/// inside this wrapper to report the game's real score.
public final class ClipReward<Inner: Environment>: EnvironmentWrapper {
    public typealias Scalar = Inner.Scalar
    public let inner: Inner

    public init(_ inner: Inner) { self.inner = inner }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        var outcome = try inner.step(action)
        outcome.reward = outcome.reward > 0 ? 1 : outcome.reward < 0 ? -1 : 0
        return outcome
    }
}
