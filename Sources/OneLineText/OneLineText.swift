extension String {
    /// The text with its control characters and line breaks written as escapes (`\n`, `\u{1B}`):
    /// for error messages that quote what a file holds (a tensor's name, a metadata value),
    /// which must stay one line whatever the file.
    public var escapingControlCharacters: String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let isBreak = scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
                if scalar.value < 0x20 || scalar.value == 0x7F || isBreak {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
