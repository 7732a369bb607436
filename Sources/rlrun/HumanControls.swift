import Display

/// Turns the keys a person holds into one of an environment's actions, by the actions' ALE
/// names: Space is FIRE; Right or Up is RIGHT and Left or Down is LEFT. Pong's paddle moves
/// up on RIGHT (as in the ALE), so Up and Down play Pong and Left and Right play Breakout.
enum HumanControls {
    /// The action the keys ask for, or nil when the environment has none that matches (CartPole
    /// has no NOOP: the caller keeps the last action).
    static func action(for keys: Keyboard, meanings: [String]) -> Int? {
        let direction = keys.right || keys.up ? "RIGHT" : keys.left || keys.down ? "LEFT" : ""
        let wanted = keys.space ? (direction.isEmpty ? "FIRE" : direction + "FIRE") : (direction.isEmpty ? "NOOP" : direction)
        // A game without the combined action still moves, or fires.
        for candidate in [wanted, direction, keys.space ? "FIRE" : "", "NOOP"] where !candidate.isEmpty {
            if let index = meanings.firstIndex(of: candidate) { return index }
        }
        return nil
    }
}
