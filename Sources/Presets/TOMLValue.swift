/// A value in a TOML document (https://toml.io/en/v1.0.0), as far as rlrun's presets use the
/// language: strings, integers, floats, booleans, arrays and tables.
public enum TOMLValue: Equatable, Sendable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    /// Equal values of the same type; nan equals nan, since both documents say the same.
    public static func == (a: TOMLValue, b: TOMLValue) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): x == y
        case let (.integer(x), .integer(y)): x == y
        case let (.float(x), .float(y)): x == y || (x.isNaN && y.isNaN)
        case let (.boolean(x), .boolean(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.table(x), .table(y)): x == y
        default: false
        }
    }

    /// The name of the value's type, for error messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .array: "array"
        case .table: "table"
        }
    }

    /// The value written as TOML.
    public var description: String {
        switch self {
        case let .string(text): TOMLValue.quoted(text)
        case let .integer(value): String(value)
        case let .float(value):
            if value.isNaN { "nan" } else if value.isInfinite { value < 0 ? "-inf" : "inf" }
            // Always with a point or exponent, so that it reads back as a float.
            else { value == value.rounded() && abs(value) < 1e15 ? String(format1: value) : "\(value)" }
        case let .boolean(value): value ? "true" : "false"
        case let .array(values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case let .table(table): "{ " + table.entries.map { "\(TOMLValue.key($0.key)) = \($0.value)" }.joined(separator: ", ") + " }"
        }
    }

    /// A basic string with the escapes TOML requires.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                // C0 controls, DEL, and the line breaks beyond ASCII (NEL, LS, PS).
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A key, bare when it may be.
    static func key(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy { TOMLParser.isBareKeyCharacter($0) }
        return bare ? key : quoted(key)
    }
}

private extension String {
    /// "3.0" for 3: TOML needs the point to keep a float a float.
    init(format1 value: Double) { self = String(Int(value)) + ".0" }
}

/// A TOML table: keys in the order they were written, each with its value.
public struct TOMLTable: Equatable, Sendable {
    public private(set) var entries: [(key: String, value: TOMLValue)] = []

    public init() {}

    public subscript(key: String) -> TOMLValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    public var keys: [String] { entries.map(\.key) }

    /// The same keys with equal values, in any order: TOML's tables are unordered (the order
    /// kept here is only for writing them back readably).
    public static func == (a: TOMLTable, b: TOMLTable) -> Bool {
        a.entries.count == b.entries.count && a.entries.allSatisfy { b[$0.key] == $0.value }
    }
}
