import NN

/// What DQN and DRQN report every `metricsInterval` steps: the mean Huber loss and Q(s, a) of
/// the updates since the last report, ε, and the gradient steps so far.
struct QLearningReport {
    static let metricNames = ["loss", "q_mean", "epsilon", "updates"]

    private var lossSum = 0.0, qSum = 0.0, count = 0

    /// Counts one update's loss and mean Q(s, a).
    mutating func add(loss: Float, q: Float) {
        (lossSum, qSum, count) = (lossSum + Double(loss), qSum + Double(q), count + 1)
    }

    /// The metrics since the last report (loss and Q only if an update came), then starts over.
    mutating func take(epsilon: Float, updates: Int) -> [String: Double] {
        var metrics = ["epsilon": Double(epsilon), "updates": Double(updates)]
        if count > 0 {
            metrics["loss"] = lossSum / Double(count)
            metrics["q_mean"] = qSum / Double(count)
        }
        self = QLearningReport()
        return metrics
    }
}

/// θ⁻ ← τ·θ + (1 − τ)·θ⁻ for a target network built like `online`: the DQN paper's hard copy
/// at τ = 1, Polyak averaging below (Lillicrap et al. 2016).
func updateTargetNetwork(_ target: some Layer, from online: some Layer, tau: Float) {
    if tau == 1 {
        try! target.copyParameters(from: online)   // built alike: cannot fail
    } else {
        try! target.blendParameters(from: online, tau: tau)
    }
}
