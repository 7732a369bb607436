/// Writes a table as a TOML document: its plain keys first, then each sub-table as a
/// `[section]` (nested ones as `[a.b]`), in the order they were added. `config.toml` in a run
/// folder is written this way and read back with `TOMLParser`.
public enum TOMLWriter {
    public static func document(_ table: TOMLTable, comment: String? = nil) -> String {
        var lines: [String] = comment.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" } } ?? []
        write(table, path: [], into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func write(_ table: TOMLTable, path: [String], into lines: inout [String]) {
        let plain = table.entries.filter { if case .table = $0.value { false } else { true } }
        if !path.isEmpty && (!plain.isEmpty || table.entries.isEmpty) {
            if !lines.isEmpty { lines.append("") }
            lines.append("[" + path.map(TOMLValue.key).joined(separator: ".") + "]")
        }
        for entry in plain { lines.append("\(TOMLValue.key(entry.key)) = \(entry.value)") }
        for entry in table.entries {
            if case let .table(child) = entry.value { write(child, path: path + [entry.key], into: &lines) }
        }
    }
}
