/// ε of ε-greedy exploration, annealed linearly from `start` to `end` over the first `steps`
/// environment steps and held at `end` afterwards (Mnih et al. 2015: 1 → 0.1 over the first
/// million frames; CleanRL's `linear_schedule`).
public struct LinearEpsilonSchedule: Sendable, Equatable {
    public let start: Float
    public let end: Float
    public let steps: Int

    public init(start: Float, end: Float, steps: Int) {
        precondition(steps >= 0, "an ε schedule needs steps ≥ 0, got \(steps)")
        (self.start, self.end, self.steps) = (start, end, steps)
    }

    /// ε for the action taken after `step` environment steps (0 for the first action).
    public func epsilon(at step: Int) -> Float {
        guard step < steps else { return end }
        return start + (end - start) * Float(step) / Float(steps)
    }
}
