/// Where Breakout's pieces sit on the Atari's 160 × 210 screen, in pixels (x to the right,
/// y down), as they appear in the ALE's Breakout frames.
enum BreakoutLayout {
    /// The gray bar along the top (the back wall): rows 17–31, the full width.
    static let topWallTop = 17
    static let topWallBottom = 32
    /// The side walls, 8 pixels wide, from the top bar down to row 195; beside the paddle's rows
    /// (189–195) the left one is drawn teal and the right one red (in rows 189–194).
    static let sideWallWidth = 8
    static let sideWallBottom = 196
    static let wallFootTop = 189
    /// The inside edges of the walls: the ball and paddle stay within `playLeft..<playRight`.
    static let playLeft = 8
    static let playRight = 152

    /// Six rows of eighteen bricks, each 8 × 6, filling x 8..<152 from row 57 down to row 92.
    static let brickTop = 57
    static let brickHeight = 6
    static let brickWidth = 8
    static let brickBottom = brickTop + BrickWall.rows * brickHeight

    /// The paddle's top row and height, and its width before and after it shrinks
    /// (breakout_ball_phases.json: 12 pixels once shrunk). How it moves: `BreakoutPaddle`.
    static let paddleTop = 189
    static let paddleHeight = 4
    static let paddleWidth = 16
    static let shrunkPaddleWidth = 12

    /// The ball is 2 × 4 (5 rows tall just above the bricks' bottom: `BreakoutBall.screenRows`).
    static let ballWidth = 2
    static let ballHeight = 4
    /// The game's row (`BreakoutBall.row`) a serve starts from (drawn at screen row 122 after
    /// its first frame's move), the row at which a ball is lost (breakout_lost_ball.json), and
    /// the row above which a playfield touch is the back wall rather than a brick.
    static let serveRow = 112
    static let lostRow = 208
    static let backWallRow = 40
    /// The points of a whole wall: 18 × 2 × (7 + 4 + 1).
    static let wallPoints = 432

    /// The score and ball count at the top, in 3 × 5 block digits drawn 4 × 2 times as large
    /// (12 × 10 pixels, rows 5–14), one digit every 16 pixels.
    static let digitTop = 5
    static let digitScaleX = 4
    static let digitScaleY = 2
    static let digitPitch = 16
    static let scoreLeft = 36
    static let livesLeft = 100
    /// The player number the 2600 shows at the right ("1": rlrun plays one player).
    static let playerLeft = 132
}
