/// The keys the games are played with, as held down at the last `Window.pollEvents()`.
public struct Keyboard: Equatable, Sendable {
    public var left = false
    public var right = false
    public var up = false
    public var down = false
    public var space = false
    /// Return: start again after an episode ends.
    public var enter = false

    public init() {}
}
