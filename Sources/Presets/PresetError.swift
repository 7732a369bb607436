/// A mistake in a preset or an override, naming where it is and what would fix it.
public struct PresetError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
