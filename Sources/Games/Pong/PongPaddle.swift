/// A paddle: its top row and vertical speed, in subpixels (1/16 pixel) and subpixels a frame,
/// rows counting down the screen.
public struct PongPaddle: Equatable, Sendable {
    public var top: Int
    public var velocity: Int

    public init(top: Int, velocity: Int = 0) { (self.top, self.velocity) = (top, velocity) }

    /// A still paddle in the middle of the field.
    public static var centered: PongPaddle {
        let range = PongLayout.paddleTopRange
        return PongPaddle(top: (range.lowerBound + range.upperBound) / 2 * PongLayout.subpixels)
    }

    /// The top row on screen.
    public var topRow: Int { top >> 4 }

    // The agent's paddle keeps a little momentum rather than moving at a fixed speed: ALE Pong
    // reads a paddle controller that it turns by steps, and the paddle visibly runs on for a
    // frame or two after the joystick is let go. Here the joystick accelerates the paddle, and
    // letting go halves its speed each frame.
    static let acceleration = 16
    static let maximumSpeed = 48

    /// Advances the agent's paddle one frame with the joystick pushing it up (`direction` −1),
    /// down (+1) or neither (0).
    mutating func steer(_ direction: Int) {
        if direction == 0 {
            velocity -= velocity / 2
            if abs(velocity) < 2 { velocity = 0 }
        } else {
            velocity = min(max(velocity + direction * Self.acceleration, -Self.maximumSpeed), Self.maximumSpeed)
        }
        top += velocity
        keepInField()
    }

    /// Moves at most `speed` subpixels toward the top row `target` (in subpixels): the computer's
    /// paddle, which moves at a fixed speed.
    mutating func move(toward target: Int, speed: Int) {
        velocity = min(max(target - top, -speed), speed)
        top += velocity
        keepInField()
    }

    private mutating func keepInField() {
        let low = PongLayout.paddleTopRange.lowerBound * PongLayout.subpixels
        let high = PongLayout.paddleTopRange.upperBound * PongLayout.subpixels
        if top < low { (top, velocity) = (low, 0) }
        if top > high { (top, velocity) = (high, 0) }
    }
}
