#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cart-pole system of Barto, Sutton & Anderson (1983), "Neuronlike adaptive elements that
/// can solve difficult learning control problems", integrated exactly as Gymnasium's
/// CartPole-v1 does: the equations of motion from Florian (2007), "Correct equations for the
/// dynamics of the cart-pole system", explicit Euler with τ = 0.02 s, state in Double.
///
/// Every expression keeps Gymnasium's order of operations, so that the same state and push
/// give the same bits (checked against trajectories recorded from Gymnasium itself).
public struct CartPolePhysics: Equatable, Sendable {
    public static let gravity = 9.8
    public static let massCart = 1.0
    public static let massPole = 0.1
    public static let totalMass = massPole + massCart
    /// Half the pole's length, as Gymnasium names it.
    public static let length = 0.5
    public static let poleMassLength = massPole * length
    public static let forceMagnitude = 10.0
    /// Seconds between state updates.
    public static let tau = 0.02
    /// The episode ends when the pole leans past ±12°…
    public static let thetaThresholdRadians = 12 * 2 * Double.pi / 360
    /// …or the cart leaves ±2.4.
    public static let xThreshold = 2.4

    /// Cart position and velocity, pole angle (radians, 0 upright) and angular velocity.
    public var x, xDot, theta, thetaDot: Double

    public init(x: Double, xDot: Double, theta: Double, thetaDot: Double) {
        (self.x, self.xDot, self.theta, self.thetaDot) = (x, xDot, theta, thetaDot)
    }

    /// One step of τ with the cart pushed right (action 1) or left (action 0).
    public mutating func step(pushRight: Bool) {
        let force = pushRight ? Self.forceMagnitude : -Self.forceMagnitude
        let cosTheta = cos(theta), sinTheta = sin(theta)
        let temp = (force + Self.poleMassLength * (thetaDot * thetaDot) * sinTheta) / Self.totalMass
        let thetaAcc = (Self.gravity * sinTheta - cosTheta * temp)
            / (Self.length * (4.0 / 3.0 - Self.massPole * (cosTheta * cosTheta) / Self.totalMass))
        let xAcc = temp - Self.poleMassLength * thetaAcc * cosTheta / Self.totalMass
        // Explicit Euler: every update reads the state from before the step.
        x = x + Self.tau * xDot
        xDot = xDot + Self.tau * xAcc
        theta = theta + Self.tau * thetaDot
        thetaDot = thetaDot + Self.tau * thetaAcc
    }

    /// Whether the cart has left the track or the pole has fallen (strict comparisons, as
    /// Gymnasium's: exactly ±2.4 or ±12° is still in play).
    public var hasFailed: Bool {
        x < -Self.xThreshold || x > Self.xThreshold
            || theta < -Self.thetaThresholdRadians || theta > Self.thetaThresholdRadians
    }

    /// The state as Gymnasium returns it: [x, ẋ, θ, θ̇] rounded to Float32.
    public var observation: (Float, Float, Float, Float) { (Float(x), Float(xDot), Float(theta), Float(thetaDot)) }
}
