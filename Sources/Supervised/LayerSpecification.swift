/// One layer of a model preset, as a line of text: the layer's kind, an optional main number
/// and `key=value` options — "conv2d 32 kernel=3 padding=1", "maxpool2d 2", "dense classes",
/// "dropout 0.2", "lstm 256 layers=2". The words are Keras's and PyTorch's; sizes the data
/// decides (input sizes, the vocabulary) are not written.
public struct LayerSpecification: Sendable, Equatable {
    public let kind: String
    /// The number after the kind (units, filters, a pool's window, a rate), or nil; "classes"
    /// stands for the dataset's class count (`usesClassCount`).
    public let size: Double?
    public let usesClassCount: Bool
    public let options: [String: Double]
    /// The line as written, for messages.
    public let text: String

    /// Reads `text`; `place` names it in errors ("models/cnn.toml layers[3]").
    public init(_ text: String, place: String) throws(ModelSpecificationError) {
        self.text = text
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first else { throw ModelSpecificationError("\(place): an empty layer; write a layer such as \"dense 128\"") }
        kind = first.lowercased()
        var rest = words.dropFirst()
        var size: Double?, usesClassCount = false
        if let word = rest.first, !word.contains("=") {
            if word == "classes" {
                usesClassCount = true
            } else if let number = Double(word), number > 0 {
                size = number
            } else {
                throw ModelSpecificationError("\(place) \"\(text)\": '\(word)' is not a positive number (or \"classes\")")
            }
            rest = rest.dropFirst()
        }
        var options: [String: Double] = [:]
        for word in rest {
            let parts = word.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Double(parts[1]) else {
                throw ModelSpecificationError("\(place) \"\(text)\": '\(word)' is not an option; write key=number, such as padding=1")
            }
            options[String(parts[0])] = value
        }
        (self.size, self.usesClassCount, self.options) = (size, usesClassCount, options)
    }
}

/// A model preset that cannot be built, in one line naming the layer and what to write instead.
public struct ModelSpecificationError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
