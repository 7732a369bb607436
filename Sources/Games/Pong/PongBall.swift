/// The ball: its top-left corner and velocity in subpixels (1/16 pixel) and subpixels a frame.
/// Out of play (between a point and the next serve) it waits, still, at the serving spot.
public struct PongBall: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var dx: Int
    public var dy: Int
    public var inPlay: Bool

    public init(x: Int, y: Int, dx: Int, dy: Int, inPlay: Bool) {
        (self.x, self.y, self.dx, self.dy, self.inPlay) = (x, y, dx, dy, inPlay)
    }

    /// Out of play in the middle of the screen.
    public static var waiting: PongBall {
        let range = PongLayout.ballTopRange
        return PongBall(x: PongLayout.serveColumn * PongLayout.subpixels,
                        y: (range.lowerBound + range.upperBound) / 2 * PongLayout.subpixels, dx: 0, dy: 0, inPlay: false)
    }

    /// The leftmost column and the top row on screen (rounding down, also off the left edge).
    public var column: Int { x >> 4 }
    public var row: Int { y >> 4 }

    // Speeds. The ball is served at 1.5 pixels a frame across; every 3 returns of a rally add
    // a quarter pixel, up to 3.5, as the 2600's ball speeds up along a rally (so that rallies
    // end: late in one the computer cannot reach even gentle angles). A return off the very
    // edge of a paddle goes half a pixel a frame faster still.
    static let serveSpeed = 24
    static let speedUpStep = 4
    static let returnsPerSpeedUp = 3
    static let fastestRallySpeed = 56
    static let edgeBoost = 8
    /// The fastest the ball ever goes, across and up or down (for scaling the state vector).
    static let maximumDX = fastestRallySpeed + edgeBoost
    static let maximumDY = maximumDX * 3 / 2

    /// Moves one frame, bouncing off the bars like a mirror.
    mutating func move() {
        x += dx
        y += dy
        let top = PongLayout.ballTopRange.lowerBound * PongLayout.subpixels
        let bottom = PongLayout.ballTopRange.upperBound * PongLayout.subpixels
        if y < top { (y, dy) = (2 * top - y, -dy) }
        if y > bottom { (y, dy) = (2 * bottom - y, -dy) }
    }

    /// Where the ball meets a paddle whose top row is `paddleTopRow`, as one of the 2600's seven
    /// return angles (mathpirate.net, "Atari 2600 Pong Paddle Zones", 2009): −3 steepest up,
    /// 0 straight across, +3 steepest down; nil when the two do not overlap. The 19 rows of
    /// contact (a 4-row ball against a 16-row paddle) split into a straight middle of 3 rows
    /// and, each way, zones of 3 and 4 rows and then the last row at the very edge, which
    /// takes aim to hit.
    static func zone(ballRow: Int, paddleTopRow: Int) -> Int? {
        // The ball's centre less the paddle's, in rows: −9 (touching the top) … +9 (the bottom).
        let offset = ballRow + PongLayout.ballHeight / 2 - (paddleTopRow + PongLayout.paddleHeight / 2)
        let distance = abs(offset)
        guard distance <= (PongLayout.ballHeight + PongLayout.paddleHeight) / 2 - 1 else { return nil }
        let steepness = switch distance {
        case 0...1: 0
        case 2...4: 1
        case 5...8: 2
        default: 3
        }
        return offset < 0 ? -steepness : steepness
    }

    /// The speed across of a return: faster every few returns of the rally, and faster again
    /// off a paddle's edge.
    static func returnSpeed(rallyReturns: Int, zone: Int) -> Int {
        let rally = min(serveSpeed + speedUpStep * (rallyReturns / returnsPerSpeedUp), fastestRallySpeed)
        return abs(zone) == 3 ? rally + edgeBoost : rally
    }

    /// Sends the ball back from a paddle whose face is at `faceColumn`, heading right
    /// (`direction` +1) or left (−1), at the slope `zone` sets: rise over run 0, ½, 1 or 1½.
    mutating func bounce(offFace faceColumn: Int, direction: Int, zone: Int, rallyReturns: Int) {
        let speed = Self.returnSpeed(rallyReturns: rallyReturns, zone: zone)
        dx = direction * speed
        dy = speed * zone / 2
        // The ball leaves from the paddle's face, as if reflected there.
        x = direction > 0 ? faceColumn * PongLayout.subpixels : (faceColumn - PongLayout.ballWidth) * PongLayout.subpixels
    }
}
