/// Reads typed values out of a resolved preset table for one consumer (an agent's
/// hyperparameters, an environment's wrappers), with one-line errors that name the key, the
/// type wanted and where the table came from. `finish()` then refuses keys nobody read: a
/// misspelt key in a preset is an error, not a silent default.
public struct PresetReader {
    public let table: TOMLTable
    /// Where the table came from, for messages ("agents/dqn.toml [breakout]").
    public let source: String
    private var read: Set<String> = []

    public init(_ table: TOMLTable, source: String) { (self.table, self.source) = (table, source) }

    public mutating func double(_ key: String) throws(PresetError) -> Double {
        switch try value(key) {
        case let .float(value): return value
        case let .integer(value): return Double(value)
        case let other: throw wrongType(key, other, wanted: "a number, such as 0.001")
        }
    }

    public mutating func float(_ key: String) throws(PresetError) -> Float { Float(try double(key)) }

    public mutating func int(_ key: String) throws(PresetError) -> Int {
        switch try value(key) {
        case let .integer(value): return value
        case let .float(value) where value == value.rounded() && abs(value) < 1e15: return Int(value)
        case let other: throw wrongType(key, other, wanted: "a whole number, such as 32")
        }
    }

    public mutating func bool(_ key: String) throws(PresetError) -> Bool {
        let found = try value(key)
        guard case let .boolean(value) = found else { throw wrongType(key, found, wanted: "true or false") }
        return value
    }

    public mutating func string(_ key: String) throws(PresetError) -> String {
        let found = try value(key)
        guard case let .string(value) = found else { throw wrongType(key, found, wanted: "a quoted string") }
        return value
    }

    /// One of `choices`, for settings such as the optimizer.
    public mutating func choice(_ key: String, of choices: [String]) throws(PresetError) -> String {
        let value = try string(key)
        guard choices.contains(value) else {
            throw PresetError("\(source): \(key) = \(TOMLValue.string(value)) is not one of \(choices.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        return value
    }

    public mutating func ints(_ key: String) throws(PresetError) -> [Int] {
        let found = try value(key)
        guard case let .array(values) = found else { throw wrongType(key, found, wanted: "an array of whole numbers, such as [64, 64]") }
        var result: [Int] = []
        for value in values {
            guard case let .integer(n) = value else { throw wrongType(key, .array(values), wanted: "an array of whole numbers, such as [64, 64]") }
            result.append(n)
        }
        return result
    }

    public mutating func strings(_ key: String) throws(PresetError) -> [String] {
        let found = try value(key)
        let wanted = "an array of quoted strings, such as [\"flatten\", \"dense 10\"]"
        guard case let .array(values) = found else { throw wrongType(key, found, wanted: wanted) }
        var result: [String] = []
        for value in values {
            guard case let .string(text) = value else { throw wrongType(key, .array(values), wanted: wanted) }
            result.append(text)
        }
        return result
    }

    /// Throws for the first key of the table that was never read.
    public func finish() throws(PresetError) {
        let unread = table.entries.filter { entry in
            if case .table = entry.value { return false }
            return !read.contains(entry.key)
        }
        if let first = unread.first {
            throw PresetError("\(source): unknown key '\(first.key)'; known keys: \(read.sorted().joined(separator: ", "))")
        }
    }

    private mutating func value(_ key: String) throws(PresetError) -> TOMLValue {
        read.insert(key)
        guard let value = table[key] else { throw PresetError("\(source): '\(key)' is missing; add it, e.g. \(key) = …") }
        return value
    }

    private func wrongType(_ key: String, _ value: TOMLValue, wanted: String) -> PresetError {
        PresetError("\(source): \(key) = \(value) is a \(value.typeName); it must be \(wanted)")
    }
}
