/// The ball, in the game's own units: its column is `x − 49` on the screen and its top row
/// `y − 14`. It moves a whole number of pixels a frame each way (`dx` + right, `dy` + down):
/// 1 across at every serve, 1 more (up to 4) for each return the agent makes with FIRE held;
/// up or down by the paddle zone it comes off (`PongGame`). While out of play its `y` is 0 and
/// it keeps its last velocity, whose vertical sign picks the next serve's.
public struct PongBall: Equatable, Sendable {
    public internal(set) var x = 0
    public internal(set) var y = 0
    public internal(set) var dx = 0
    public internal(set) var dy = 0
    public internal(set) var inPlay = false

    /// The fastest the ball goes across and up or down, in pixels a frame.
    public static let maximumDX = 4, maximumDY = 3

    /// The screen column of the ball's left edge and the screen row of its top.
    public var screenX: Int { x - 49 }
    public var screenY: Int { y - 14 }

    /// The top row the game's collisions take the ball at: right of column 135, from an even
    /// row (measure_pong.py's model, exact against the ALE's memory). What the screen shows
    /// there is finer still: `PongGame.draw` follows the kernel's writes pixel by pixel.
    var collisionTop: Int { screenX < 135 ? screenY : (y & ~1) - 14 }
}
