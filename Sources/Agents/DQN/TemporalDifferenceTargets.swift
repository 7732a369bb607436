import Tensors

/// The DQN regression targets y = r + γ·(1 − terminated)·Q⁻(s′, a*) for a minibatch
/// (Mnih et al. 2015, Algorithm 1), all [batch, 1] but the Q-values [batch, actions]:
///
/// - DQN: a* = argmax_a′ Q⁻(s′, a′), i.e. the target network's max.
/// - Double DQN (van Hasselt et al. 2016, eq. 4): a* = argmax_a′ Q(s′, a′) of the online
///   network (pass `nextOnlineQ`), valued by the target network.
///
/// `terminated` is 1 only where the task ended; a truncated step has 0 and bootstraps.
/// Call inside `withoutGradients`: the target is a constant of the loss.
public func temporalDifferenceTargets(rewards: Tensor, terminated: Tensor, nextTargetQ: Tensor,
                                      nextOnlineQ: Tensor?, discount: Float) -> Tensor {
    precondition(nextTargetQ.rank == 2 && rewards.shape == [nextTargetQ.shape[0], 1] && terminated.shape == rewards.shape,
                 "TD targets need Q [batch, actions] with rewards and terminated [batch, 1], got \(nextTargetQ.shape), \(rewards.shape), \(terminated.shape)")
    let nextValue: Tensor
    if let nextOnlineQ {
        precondition(nextOnlineQ.shape == nextTargetQ.shape, "double DQN needs online and target Q of one shape")
        nextValue = nextTargetQ.gather(alongAxis: 1, indices: nextOnlineQ.argmax(alongAxis: 1))
    } else {
        nextValue = nextTargetQ.max(alongAxis: 1, keepingDims: true)
    }
    return rewards + discount * (1 - terminated) * nextValue
}
