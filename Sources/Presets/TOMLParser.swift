import OneLineText

/// A mistake in a TOML file, with the line it is on.
public struct TOMLError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    /// One line whatever the input: a control character the message quotes shows as its escape.
    public var description: String { "line \(line): \(message.escapingControlCharacters)" }
}

/// Reads the part of TOML 1.0 that presets need: comments, `[table]` and `[dotted.table]`
/// headers, `key = value` with bare, quoted or dotted keys, and values that are basic or
/// literal strings, integers (with `_`), floats (with exponents, `inf`, `nan`), booleans,
/// arrays (over several lines, trailing comma allowed) and inline tables. Multi-line strings,
/// dates and arrays of tables are refused with an error that says so. A key defined twice is
/// an error, as TOML requires.
public struct TOMLParser {
    private let text: [Unicode.Scalar]
    private var position = 0
    private var line = 1

    public static func parse(_ source: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(text: Array(source.unicodeScalars))
        return try parser.document()
    }

    private init(text: [Unicode.Scalar]) { self.text = text }

    static func isBareKeyCharacter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    // MARK: Document structure

    private mutating func document() throws(TOMLError) -> TOMLTable {
        var root = TOMLTable()
        var current: [String] = []
        var definedTables: Set<[String]> = []
        while true {
            skipBlankLinesAndComments()
            guard let c = peek() else { return root }
            if c == "[" {
                advance()
                if peek() == "[" { throw error("arrays of tables ([[…]]) are not supported in presets") }
                skipSpaces()
                let path = try keyPath()
                skipSpaces()
                try expect("]", "to close the table header")
                try endOfLine()
                guard definedTables.insert(path).inserted else { throw error("table [\(path.joined(separator: "."))] is defined twice") }
                try Self.ensureTable(path, in: &root, line: line)
                current = path
            } else {
                let path = try keyPath()
                skipSpaces()
                try expect("=", "after the key '\(path.joined(separator: "."))'")
                skipSpaces()
                let value = try self.value()
                try endOfLine()
                try Self.insert(value, at: current + path, in: &root, line: line)
            }
        }
    }

    private static func ensureTable(_ path: [String], in table: inout TOMLTable, line: Int) throws(TOMLError) {
        guard let first = path.first else { return }
        var child: TOMLTable
        switch table[first] {
        case nil: child = TOMLTable()
        case let .table(existing): child = existing
        case let other?: throw TOMLError(line: line, message: "'\(first)' is a \(other.typeName), not a table")
        }
        try ensureTable(Array(path.dropFirst()), in: &child, line: line)
        table[first] = .table(child)
    }

    private static func insert(_ value: TOMLValue, at path: [String], in table: inout TOMLTable, line: Int) throws(TOMLError) {
        let key = path[0]
        if path.count == 1 {
            guard table[key] == nil else { throw TOMLError(line: line, message: "key '\(key)' is defined twice") }
            table[key] = value
            return
        }
        var child: TOMLTable
        switch table[key] {
        case nil: child = TOMLTable()
        case let .table(existing): child = existing
        case let other?: throw TOMLError(line: line, message: "'\(key)' is a \(other.typeName), not a table")
        }
        try insert(value, at: Array(path.dropFirst()), in: &child, line: line)
        table[key] = .table(child)
    }

    private mutating func keyPath() throws(TOMLError) -> [String] {
        var path = [try key()]
        while true {
            skipSpaces()
            guard peek() == "." else { return path }
            advance()
            skipSpaces()
            path.append(try key())
        }
    }

    private mutating func key() throws(TOMLError) -> String {
        switch peek() {
        case "\"": return try basicString()
        case "'": return try literalString()
        case let c? where Self.isBareKeyCharacter(c):
            var key = ""
            while let c = peek(), Self.isBareKeyCharacter(c) { key.unicodeScalars.append(c); advance() }
            return key
        default: throw error("expected a key (letters, digits, '_' or '-', or a quoted string)")
        }
    }

    // MARK: Values

    private mutating func value() throws(TOMLError) -> TOMLValue {
        switch peek() {
        case "\"": return .string(try basicString())
        case "'": return .string(try literalString())
        case "[": return try array()
        case "{": return try inlineTable()
        case nil: throw error("expected a value at the end of the file")
        default: return try scalar()
        }
    }

    private mutating func array() throws(TOMLError) -> TOMLValue {
        advance()
        var values: [TOMLValue] = []
        while true {
            skipBlankLinesAndComments()
            if peek() == "]" { advance(); return .array(values) }
            values.append(try value())
            skipBlankLinesAndComments()
            if peek() == "," { advance(); continue }
            try expect("]", "or ',' in the array")
            return .array(values)
        }
    }

    private mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        advance()
        var table = TOMLTable()
        skipSpaces()
        if peek() == "}" { advance(); return .table(table) }
        while true {
            skipSpaces()
            let path = try keyPath()
            skipSpaces()
            try expect("=", "after the key '\(path.joined(separator: "."))'")
            skipSpaces()
            try Self.insert(try value(), at: path, in: &table, line: line)
            skipSpaces()
            if peek() == "," { advance(); continue }
            try expect("}", "or ',' in the inline table")
            return .table(table)
        }
    }

    /// A bare word: boolean, integer or float.
    private mutating func scalar() throws(TOMLError) -> TOMLValue {
        var word = ""
        while let c = peek(), !" \t\r\n,]}#".unicodeScalars.contains(c) { word.unicodeScalars.append(c); advance() }
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        guard !word.isEmpty else { throw error("expected a value") }
        let digits = word.replacingUnderscoresBetweenDigits()
        if let digits, digits.allSatisfy({ "0123456789+-.eE".contains($0) }) {
            if let integer = Int(digits), !digits.contains(where: { "eE.".contains($0) }) {
                let unsigned = digits.trimmingSign()
                if unsigned.count > 1, unsigned.first == "0" { throw error("'\(word)': TOML integers have no leading zeros") }
                return .integer(integer)
            }
            if digits.first(where: { !"+-".contains($0) }) != ".", digits.last != ".", !digits.contains(".e"), !digits.contains(".E"),
               let float = Double(digits), float.isFinite {
                return .float(float)
            }
        }
        if word.hasPrefix("0x") || word.hasPrefix("0o") || word.hasPrefix("0b") {
            throw error("'\(word)': write integers in decimal in presets")
        }
        throw error("'\(word)' is not a value: strings need quotes (\"…\"); numbers, true and false don't")
    }

    private mutating func basicString() throws(TOMLError) -> String {
        advance()
        if peek() == "\"" && peek(1) == "\"" { throw error("multi-line strings (\"\"\"…\"\"\") are not supported in presets") }
        var out = ""
        while true {
            guard let c = peek(), c != "\n" else { throw error("a string is not closed on its line") }
            advance()
            switch c {
            case "\"": return out
            case "\\":
                guard let escape = peek() else { throw error("a string ends in the middle of an escape") }
                advance()
                switch escape {
                case "\"": out += "\""
                case "\\": out += "\\"
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                case "b": out += "\u{8}"
                case "f": out += "\u{C}"
                case "u", "U":
                    let length = escape == "u" ? 4 : 8
                    var hex = ""
                    for _ in 0..<length {
                        guard let h = peek(), h.properties.isASCIIHexDigit else { throw error("\\\(escape) needs \(length) hex digits") }
                        hex.unicodeScalars.append(h)
                        advance()
                    }
                    guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                        throw error("\\\(escape)\(hex) is not a Unicode scalar")
                    }
                    out.unicodeScalars.append(scalar)
                default: throw error("unknown escape \\\(escape) in a string")
                }
            default:
                try checkNotControl(c)
                out.unicodeScalars.append(c)
            }
        }
    }

    /// TOML 1.0 allows no control character but tab in a string as written: the others must be
    /// escapes.
    private func checkNotControl(_ c: Unicode.Scalar) throws(TOMLError) {
        guard c == "\t" || !(c.value < 0x20 || c.value == 0x7F) else {
            let hex = String(c.value, radix: 16, uppercase: true)
            let code = String(repeating: "0", count: 4 - hex.count) + hex
            throw error("a string holds the control character U+\(code); write it as the escape \\u\(code) in a \"…\" string")
        }
    }

    private mutating func literalString() throws(TOMLError) -> String {
        advance()
        if peek() == "'" && peek(1) == "'" { throw error("multi-line strings ('''…''') are not supported in presets") }
        var out = ""
        while true {
            guard let c = peek(), c != "\n" else { throw error("a string is not closed on its line") }
            advance()
            if c == "'" { return out }
            try checkNotControl(c)
            out.unicodeScalars.append(c)
        }
    }

    // MARK: Characters

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < text.count ? text[position + offset] : nil
    }

    private mutating func advance() {
        if text[position] == "\n" { line += 1 }
        position += 1
    }

    private mutating func skipSpaces() {
        while let c = peek(), c == " " || c == "\t" { advance() }
    }

    private mutating func skipComment() {
        if peek() == "#" { while let c = peek(), c != "\n" { advance() } }
    }

    private mutating func skipBlankLinesAndComments() {
        while true {
            skipSpaces()
            skipComment()
            guard let c = peek(), c == "\n" || c == "\r" else { return }
            advance()
        }
    }

    /// After a value or header: spaces, maybe a comment, then a newline or the end.
    private mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        skipComment()
        if peek() == "\r" { advance() }
        guard let c = peek() else { return }
        guard c == "\n" else { throw error("unexpected '\(c)' after the value; one key = value per line") }
        advance()
    }

    private mutating func expect(_ c: Unicode.Scalar, _ context: String) throws(TOMLError) {
        guard peek() == c else { throw error("expected '\(c)' \(context)") }
        advance()
    }

    private func error(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }
}

private extension String {
    /// The number with TOML's digit-separating underscores removed, or nil when an underscore
    /// is not between two digits.
    func replacingUnderscoresBetweenDigits() -> String? {
        let characters = Array(self)
        var out = ""
        for (i, c) in characters.enumerated() {
            if c == "_" {
                guard i > 0, i + 1 < characters.count, characters[i - 1].isNumber, characters[i + 1].isNumber else { return nil }
                continue
            }
            out.append(c)
        }
        return out
    }

    func trimmingSign() -> Substring { first == "+" || first == "-" ? dropFirst() : self[...] }
}
