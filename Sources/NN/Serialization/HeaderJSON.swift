/// The small JSON reader and writer behind safetensors headers.
///
/// Why not Foundation's JSONSerialization: it keeps only the last of two equal keys, so a
/// header naming one tensor twice would pass unseen, and it hands numbers back as Double,
/// whose conversion to Int traps past 2^63. Here objects keep their keys in file order with
/// duplicates visible, and numbers stay as their literal text until a reader that knows what
/// it wants (a non-negative Int) converts them with overflow checks.
///
/// Sendable is declared rather than inferred: inferring it for this recursive enum makes
/// Swift 6.3 report a "circular reference".
enum HeaderJSON: Sendable {
    case object([(key: String, value: HeaderJSON)])
    case array([HeaderJSON])
    case string(String)
    /// The literal as written, already checked against JSON's number grammar.
    case number(String)
    case bool(Bool)
    case null

    /// What this value is, in words for an error message ("a string", "an array").
    var kindDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number(let literal): "the number \(literal.prefix(24))"
        case .bool(let value): "\(value)"
        case .null: "null"
        }
    }

    /// The value as a non-negative Int, or nil when it is anything else (a fraction, an
    /// exponent, a negative number, a number too large for Int, not a number at all).
    var nonNegativeInt: Int? {
        guard case .number(let literal) = self else { return nil }
        var result = 0
        for byte in literal.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, o1) = result.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            result = sum
        }
        return literal.isEmpty ? nil : result
    }

    /// True for an integer literal with a minus sign ("-3"), so a shape can say "negative"
    /// rather than "not a number".
    var isNegativeInteger: Bool {
        guard case .number(let literal) = self, literal.hasPrefix("-") else { return false }
        return literal.utf8.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

/// A syntax error, with the byte offset into the header where it was found.
struct HeaderJSONSyntaxError: Error {
    let message: String
    let offset: Int
}

extension HeaderJSON {
    /// Nesting deeper than this is refused rather than recursed into, so "[[[[…" cannot
    /// overflow the stack. A safetensors header needs a depth of 3.
    static let maximumDepth = 64

    /// Parses one JSON value filling all of `bytes` but surrounding whitespace.
    /// `bytes` must be valid UTF-8 (checked by the caller), so strings can be decoded as is.
    static func parse(_ bytes: [UInt8]) throws(HeaderJSONSyntaxError) -> HeaderJSON {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        func error(_ message: String) -> HeaderJSONSyntaxError {
            HeaderJSONSyntaxError(message: message, offset: position)
        }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        mutating func expect(_ literal: String) throws(HeaderJSONSyntaxError) {
            for byte in literal.utf8 {
                guard current == byte else { throw error("expected '\(literal)'") }
                position += 1
            }
        }

        mutating func value(depth: Int) throws(HeaderJSONSyntaxError) -> HeaderJSON {
            guard depth < HeaderJSON.maximumDepth else { throw error("JSON nested deeper than \(HeaderJSON.maximumDepth) levels") }
            guard let byte = current else { throw error("the JSON ends where a value was expected") }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw error("unexpected character where a value was expected")
            }
        }

        mutating func object(depth: Int) throws(HeaderJSONSyntaxError) -> HeaderJSON {
            position += 1  // "{"
            var members: [(key: String, value: HeaderJSON)] = []
            skipWhitespace()
            if current == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw error("expected a string key in an object") }
                let key = try string()
                skipWhitespace()
                try expect(":")
                skipWhitespace()
                members.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                try expect("}")
                return .object(members)
            }
        }

        mutating func array(depth: Int) throws(HeaderJSONSyntaxError) -> HeaderJSON {
            position += 1  // "["
            var elements: [HeaderJSON] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                try expect("]")
                return .array(elements)
            }
        }

        /// RFC 8259 §6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        mutating func number() throws(HeaderJSONSyntaxError) -> String {
            let start = position
            func digits(_ parser: inout Parser) -> Int {
                let from = parser.position
                while let byte = parser.current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { parser.position += 1 }
                return parser.position - from
            }
            if current == UInt8(ascii: "-") { position += 1 }
            if current == UInt8(ascii: "0") {
                position += 1
            } else if digits(&self) == 0 {
                throw error("a number needs digits")
            }
            if current == UInt8(ascii: ".") {
                position += 1
                guard digits(&self) > 0 else { throw error("a number needs digits after '.'") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard digits(&self) > 0 else { throw error("a number needs digits in its exponent") }
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        mutating func string() throws(HeaderJSONSyntaxError) -> String {
            position += 1  // opening quote
            var utf8: [UInt8] = []
            while true {
                guard let byte = current else { throw error("a string is not closed") }
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    try escape(into: &utf8)
                case 0..<0x20:
                    throw error("a control character must be escaped inside a string")
                default:
                    utf8.append(byte)
                }
            }
        }

        mutating func escape(into utf8: inout [UInt8]) throws(HeaderJSONSyntaxError) {
            guard let byte = current else { throw error("a string ends inside an escape") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    // A high surrogate must be followed by an escaped low one (RFC 8259 §7).
                    try expect("\\u")
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("an unpaired UTF-16 surrogate in a \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("an unpaired UTF-16 surrogate in a \\u escape") }
                utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("an unknown escape in a string")
            }
        }

        mutating func hex4() throws(HeaderJSONSyntaxError) -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = current, let digit = Self.hexValue(byte) else { throw error("\\u needs four hex digits") }
                code = code << 4 | digit
                position += 1
            }
            return code
        }

        static func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }
    }
}

extension HeaderJSON {
    /// Compact JSON text (no spaces), object keys in the order given: the writer decides the
    /// order, so the same tensors always give the same bytes.
    var serialized: String {
        switch self {
        case .object(let members):
            "{" + members.map { Self.quoted($0.key) + ":" + $0.value.serialized }.joined(separator: ",") + "}"
        case .array(let elements): "[" + elements.map(\.serialized).joined(separator: ",") + "]"
        case .string(let text): Self.quoted(text)
        case .number(let literal): literal
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        }
    }

    /// A JSON string literal: quote, backslash and control characters escaped, everything
    /// else written as UTF-8 (RFC 8259 §7).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
