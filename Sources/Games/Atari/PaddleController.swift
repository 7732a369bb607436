/// A 2600 paddle controller as the ALE turns it from the joystick: a resistance that RIGHT
/// lowers and LEFT raises by a step each frame, within ALE's range, from the middle at every
/// reset (ALE's `ale_state.cpp`: `PADDLE_DELTA`, `PADDLE_MIN`, `PADDLE_MAX`, `PADDLE_DEFAULT`).
/// Each game reads the resistance its own way (`BreakoutPaddle`, `PongGame`).
public struct PaddleController: Equatable, Sendable {
    public internal(set) var resistance = Self.middle

    static let minimum = 27450, maximum = 790_196, step = 23000
    static let middle = (maximum - minimum) / 2 + minimum

    /// RIGHT (with or without FIRE) lowers the resistance a step, LEFT raises it.
    mutating func turn(_ action: AtariAction) {
        if action.pushesRight { resistance = max(Self.minimum, resistance - Self.step) }
        if action.pushesLeft { resistance = min(Self.maximum, resistance + Self.step) }
    }
}
