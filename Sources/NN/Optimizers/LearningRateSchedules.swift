#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A learning rate as a function of the update step (counted from 0). Drive an optimizer with
/// `optimizer.setLearningRate(from: schedule, at: step)` before each update.
public protocol LearningRateSchedule: Sendable {
    func learningRate(at step: Int) -> Float
}

/// The same rate at every step.
public struct ConstantLearningRate: LearningRateSchedule {
    public let value: Float
    public init(_ value: Float) { self.value = value }
    public func learningRate(at step: Int) -> Float { value }
}

/// From `initial` to `final` in a straight line over `steps` steps, then `final`: the
/// annealing of PPO and A2C (`initial·(1 − step/steps)` with final 0).
public struct LinearDecay: LearningRateSchedule {
    public let initial: Float, final: Float, steps: Int
    public init(from initial: Float, to final: Float = 0, over steps: Int) {
        precondition(steps > 0, "LinearDecay needs steps > 0, got \(steps)")
        (self.initial, self.final, self.steps) = (initial, final, steps)
    }
    public func learningRate(at step: Int) -> Float {
        let fraction = Float(Swift.min(Swift.max(step, 0), steps)) / Float(steps)
        // Weighted so that both ends are exact in Float.
        return initial * (1 - fraction) + final * fraction
    }
}

/// `initial·factor^⌊step/every⌋`: multiplied by `factor` every `every` steps
/// (`torch.optim.lr_scheduler.StepLR`).
public struct StepDecay: LearningRateSchedule {
    public let initial: Float, factor: Float, every: Int
    public init(initial: Float, factor: Float, every: Int) {
        precondition(every > 0, "StepDecay needs every > 0, got \(every)")
        (self.initial, self.factor, self.every) = (initial, factor, every)
    }
    public func learningRate(at step: Int) -> Float { initial * powf(factor, Float(Swift.max(step, 0) / every)) }
}

/// `initial·rate^(step/decaySteps)`: smooth exponential decay, by `rate` every `decaySteps`
/// (TensorFlow's `ExponentialDecay`; decaySteps 1 is PyTorch's `ExponentialLR`).
public struct ExponentialDecay: LearningRateSchedule {
    public let initial: Float, rate: Float, decaySteps: Int
    public init(initial: Float, rate: Float, decaySteps: Int = 1) {
        precondition(decaySteps > 0, "ExponentialDecay needs decaySteps > 0, got \(decaySteps)")
        (self.initial, self.rate, self.decaySteps) = (initial, rate, decaySteps)
    }
    public func learningRate(at step: Int) -> Float {
        initial * powf(rate, Float(Swift.max(step, 0)) / Float(decaySteps))
    }
}
