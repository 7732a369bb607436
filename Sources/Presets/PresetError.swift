import OneLineText

/// A mistake in a preset or an override, naming where it is and what would fix it.
public struct PresetError: Error, Equatable, CustomStringConvertible {
    public let description: String
    /// The values it quotes come from files and the command line: kept to one line.
    public init(_ description: String) { self.description = description.escapingControlCharacters }
}
