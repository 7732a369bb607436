/// Where Pong's pieces sit on the ALE's 160 × 210 screen, in pixels, and the colours they are
/// drawn in, as measured on ALE Pong frames (Tests/GamesTests/Fixtures/ALE/measure_pong.py): a
/// brown field between a white bar at the top (rows 24–33) and a taller one at the bottom
/// (rows 194–209), the computer's orange paddle at columns 16–19, the agent's green one at
/// 140–143, a white 2 × 4 ball, and the scores above the top bar. The paddles and the ball
/// slide under the bars, which hide what overlaps them.
public enum PongLayout {
    /// The field, rows fieldTop..<fieldBottom: all that shows of the paddles and the ball.
    public static let fieldTop = 34
    public static let fieldBottom = 194
    /// The bars that bound the field, full width.
    public static let topBarRows = 24..<34
    public static let bottomBarRows = 194..<210

    public static let paddleWidth = 4
    public static let paddleHeight = 16
    /// Left columns of the paddles: the computer plays on the left, the agent on the right.
    public static let opponentPaddleColumn = 16
    public static let agentPaddleColumn = 140

    public static let ballWidth = 2
    public static let ballHeight = 4

    /// Scores: the 3 × 5 font scaled to Atari's big digits (12 × 20 pixels each), the
    /// computer's ending at column 48, the agent's at column 128.
    static let scoreRow = 1
    static let scoreScale = 4
    static let opponentScoreRightEdge = 48
    static let agentScoreRightEdge = 128
}

/// The colours of ALE Pong, indices into `PongGame.palette`.
enum PongColor {
    static let field: UInt8 = 0
    static let white: UInt8 = 1
    static let agent: UInt8 = 2
    static let opponent: UInt8 = 3

    static let palette = Palette([
        (144, 72, 17),  // field
        (236, 236, 236),  // bars and ball
        (92, 186, 92),  // agent's paddle and score
        (213, 130, 74),  // computer's paddle and score
    ])
}
