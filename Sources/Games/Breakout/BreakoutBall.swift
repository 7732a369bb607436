/// The ball in play: its position in sixteenths of a pixel (so speeds between whole pixels a
/// frame stay exact integers), its direction, and what it has done since it was served.
///
/// Speed and angle are levels looked up in small tables rather than free velocities, as on the
/// 2600: the ball starts slow at every serve and speeds up one level on its 4th and 12th paddle
/// hit and on its first contact with the orange and with the red row (Atari's Breakout manual);
/// the paddle section it comes off picks one of four angles.
public struct BreakoutBall: Equatable, Sendable {
    /// Sixteenths of a pixel in a pixel.
    static let subpixels = 16

    /// Left edge and top edge, in sixteenths of a pixel.
    public internal(set) var x: Int
    public internal(set) var y: Int
    public internal(set) var movingRight: Bool
    public internal(set) var movingUp: Bool
    /// 0 (steepest, closest to vertical) to 3 (shallowest).
    public internal(set) var angle: Int
    /// Speed-ups so far, 0 at the serve to 4 after all of them.
    public internal(set) var speed = 0
    /// Times the paddle has sent this ball back.
    public internal(set) var paddleHits = 0
    public internal(set) var hasTouchedOrange = false
    public internal(set) var hasTouchedRed = false

    /// The most speed-ups a ball can have: two for paddle hits, one each for orange and red.
    public static let maximumSpeed = 4

    init(pixelX: Int, pixelY: Int, movingRight: Bool, movingUp: Bool, angle: Int) {
        x = pixelX * Self.subpixels
        y = pixelY * Self.subpixels
        (self.movingRight, self.movingUp, self.angle) = (movingRight, movingUp, angle)
    }

    /// The pixel column of the left edge and the pixel row of the top edge.
    public var pixelX: Int { x >> 4 }
    public var pixelY: Int { y >> 4 }

    /// Vertical movement a frame at `speed`, in sixteenths of a pixel: 1.5 pixels a frame at
    /// the serve up to 3.5, always below a brick's height of 6 so a row is never jumped over.
    static func verticalStep(speed: Int) -> Int { 24 + 8 * speed }

    /// Horizontal movement a frame, as a multiple of the vertical one: ½, ¾, 1¼ or 2, from
    /// `angle` 0 to 3 (in quarters, so it stays an integer).
    static func horizontalStep(speed: Int, angle: Int) -> Int {
        let quarters = switch angle {
        case 0: 2
        case 1: 3
        case 2: 5
        default: 8
        }
        return verticalStep(speed: speed) * quarters / 4
    }

    /// Velocity in sixteenths of a pixel a frame, signed: x to the right, y down.
    public var dx: Int {
        let step = Self.horizontalStep(speed: speed, angle: angle)
        return movingRight ? step : -step
    }
    public var dy: Int {
        let step = Self.verticalStep(speed: speed)
        return movingUp ? -step : step
    }

    mutating func move() {
        x += dx
        y += dy
    }

    mutating func speedUp() { speed = min(speed + 1, Self.maximumSpeed) }

    /// The paddle, `width` pixels wide from column `paddleX`, sends the ball back up. The side
    /// of the paddle it lands on picks the horizontal direction (the middle keeps it), and how
    /// far from the middle picks the angle: the middle sends it up steeply, the edges out
    /// shallow, in four sections a side. The 4th and 12th hits speed the ball up.
    mutating func bounce(offPaddleAt paddleX: Int, width: Int) {
        // Twice the distance from the paddle's middle to the ball's, in pixels.
        let offset = 2 * pixelX + BreakoutLayout.ballWidth - (2 * paddleX + width)
        if offset != 0 { movingRight = offset > 0 }
        angle = min(3, abs(offset) * 2 / (width / 2 + 2))
        movingUp = true
        paddleHits += 1
        if paddleHits == 4 || paddleHits == 12 { speedUp() }
    }
}
