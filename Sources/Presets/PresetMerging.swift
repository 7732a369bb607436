import OneLineText

/// Layers of configuration, each overriding the last: an agent's defaults, its section for the
/// environment, the command line's `--set`. An override may only change keys the defaults
/// already have, so a misspelt key is caught where it is written.
public enum PresetMerging {
    /// `base` with the plain keys of `overrides` replacing its own. Sub-tables of `base` are
    /// left as they are (they are sections for other environments). Throws for a key `base`
    /// does not have.
    public static func merge(_ overrides: TOMLTable, into base: TOMLTable, source: String) throws(PresetError) -> TOMLTable {
        var merged = base
        for entry in overrides.entries {
            if case .table = entry.value { continue }
            guard let current = base[entry.key] else {
                let known = base.entries.filter { if case .table = $0.value { false } else { true } }.map(\.key)
                throw PresetError("\(source): unknown key '\(entry.key)'; known keys: \(known.joined(separator: ", "))")
            }
            if case .table = current { throw PresetError("\(source): '\(entry.key)' is a section, not a value") }
            merged[entry.key] = entry.value
        }
        return merged
    }

    /// The command line's `--set` assignments split into the main preset's keys (`key=value`)
    /// and those of its one section (`<section>.key=value`); anything else is refused with
    /// `usage`, which says what the keys are.
    public static func splitAssignments(_ assignments: [String], section: String, usage: String) throws(PresetError)
        -> (main: TOMLTable, section: TOMLTable) {
        var main = TOMLTable(), sectioned = TOMLTable()
        for text in assignments {
            let (path, value) = try parseAssignment(text)
            switch path.count {
            case 1: main[path[0]] = value
            case 2 where path[0] == section: sectioned[path[1]] = value
            default: throw PresetError("--set \(text): \(usage)")
            }
        }
        return (main, sectioned)
    }

    /// Reads `--set key=value`: the key (possibly dotted, "env.frame_stack") and the value as
    /// TOML would read it; a word that is not a TOML value is taken as a string, so that
    /// `--set optimizer=adam` needs no quotes.
    public static func parseAssignment(_ text: String) throws(PresetError) -> (path: [String], value: TOMLValue) {
        // A message shows the assignment with its control characters (line breaks among them)
        // as escapes, so that the message stays one line.
        let shown = text.escapingControlCharacters
        guard !text.contains(where: \.isNewline) else {
            throw PresetError("--set \(shown): an assignment is one line, key=value")
        }
        guard let equals = text.firstIndex(of: "=") else {
            throw PresetError("--set \(shown): write key=value, e.g. --set learning_rate=0.0001")
        }
        let key = text[..<equals].trimmingSpaces(), raw = text[text.index(after: equals)...].trimmingSpaces()
        let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !key.isEmpty, path.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(TOMLParser.isBareKeyCharacter) }) else {
            throw PresetError("--set \(shown): '\(key)' is not a key; keys are letters, digits, '_' and '-', e.g. learning_rate")
        }
        guard !raw.isEmpty else { throw PresetError("--set \(shown): no value after '='") }
        if let parsed = try? TOMLParser.parse("v = \(raw)"), let value = parsed["v"] { return (path, value) }
        return (path, .string(raw))
    }
}

private extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
