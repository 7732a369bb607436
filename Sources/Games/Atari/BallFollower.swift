import Gym

/// A scripted player that keeps its paddle under (Breakout) or level with (Pong) the ball it
/// sees on the screen: the second fixed policy, beside the random agent, by which rlrun's games
/// are compared with the ALE's (bench/ale_policies.py plays the same rule on the ALE's screens).
/// It reads only the 160 × 210 RGB screen, by the exact colours both draw, so the same rule runs
/// unchanged on either.
public enum BallFollower {
    /// The ball and the paddle are within this many pixels: stand still.
    static let deadZone = 2

    /// Whether it plays the game `environmentID` names: Breakout or Pong, by any of their ids.
    public static func plays(_ environmentID: String) -> Bool {
        environmentID.hasPrefix(BreakoutGame.name) || environmentID.hasPrefix(PongGame.name)
    }

    /// The action for `screen` in the game `environmentID` names, or nil for a game it does
    /// not play.
    public static func action(for screen: RGBFrame, in environmentID: String) -> Int? {
        if environmentID.hasPrefix(BreakoutGame.name) { return breakoutAction(screen) }
        if environmentID.hasPrefix(PongGame.name) { return pongAction(screen) }
        return nil
    }

    /// Breakout (actions NOOP, FIRE, RIGHT, LEFT): the paddle is the red in rows 189–192 between
    /// the walls (the right wall is red there too), the ball the red between the bricks and the
    /// paddle (rows 93–188). Either missing: FIRE, which serves a waiting ball and does nothing else.
    static func breakoutAction(_ screen: RGBFrame) -> Int {
        let red = (200, 72, 72)
        guard let paddle = span(of: red, in: screen, rows: 189...192, columns: 8..<152, alongRows: false),
              let ball = span(of: red, in: screen, rows: 93...188, columns: 0..<screen.width, alongRows: false) else { return 1 }
        return steer(toward: ball, from: paddle, forward: 2, backward: 3)
    }

    /// Pong (actions NOOP, FIRE, RIGHT = up, LEFT = down, …): the agent's paddle is the green in
    /// columns 140–143, the ball the white inside the field (rows 34–193). Either missing: NOOP.
    static func pongAction(_ screen: RGBFrame) -> Int {
        guard let paddle = span(of: (92, 186, 92), in: screen, rows: 34...193, columns: 140..<144, alongRows: true),
              let ball = span(of: (236, 236, 236), in: screen, rows: 34...193, columns: 0..<screen.width, alongRows: true) else { return 0 }
        // Rows grow downward, and RIGHT moves the paddle up.
        return steer(toward: ball, from: paddle, forward: 3, backward: 2)
    }

    /// `forward` when `target` lies beyond `position` by more than the dead zone, `backward`
    /// when before it, NOOP within it. Both are twice a centre (first + last + 1), in pixels.
    private static func steer(toward target: Int, from position: Int, forward: Int, backward: Int) -> Int {
        let delta = target - position
        if delta > 2 * deadZone { return forward }
        if delta < -2 * deadZone { return backward }
        return 0
    }

    /// Twice the centre (first + last + 1) of the pixels of `color` within `rows` × `columns`:
    /// of their rows when `alongRows`, else of their columns; nil when there are none.
    private static func span(of color: (Int, Int, Int), in screen: RGBFrame, rows: ClosedRange<Int>, columns: Range<Int>,
                             alongRows: Bool) -> Int? {
        var first = Int.max, last = Int.min
        screen.pixels.withUnsafeBufferPointer { pixels in
            for y in rows where y < screen.height {
                for x in columns where x < screen.width {
                    let i = (y * screen.width + x) * 3
                    guard Int(pixels[i]) == color.0, Int(pixels[i + 1]) == color.1, Int(pixels[i + 2]) == color.2 else { continue }
                    let place = alongRows ? y : x
                    first = min(first, place)
                    last = max(last, place)
                }
            }
        }
        return first <= last ? first + last + 1 : nil
    }
}
