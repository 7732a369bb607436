/// The bytes of a replay file and back; the layout is documented on `EpisodeReplay`.
enum ReplayCoding {
    /// Magic, version and body size.
    static let headerSize = 14
    static let checksumSize = 4

    enum ActionCoding: UInt8 {
        case varints = 0
        case runs = 1
    }

    // MARK: Encoding

    /// The file's bytes; `path` only names the file in errors.
    static func encode(_ replay: EpisodeReplay, path: String) throws(ReplayError) -> [UInt8] {
        func check(_ condition: Bool, _ problem: @autoclosure () -> String) throws(ReplayError) {
            if !condition { throw .unencodable(path: path, problem: problem()) }
        }
        if let bad = replay.actions.first(where: { $0 < 0 || $0 > Int(Int32.max) }) {
            throw .unencodable(path: path, problem: "action \(bad) is not in 0...\(Int32.max); a replay stores the actions of a Discrete space (0, 1, …)")
        }
        try check(replay.length <= EpisodeReplay.maximumLength, "\(replay.length) steps is more than the \(EpisodeReplay.maximumLength) a replay holds; record shorter episodes")
        try check(replay.options.count <= Int(UInt16.max), "\(replay.options.count) options is more than the \(UInt16.max) a replay holds")
        var body: [UInt8] = []
        try appendText(replay.environmentID, what: "the environment id", to: &body, path: path)
        appendInteger(replay.seed, to: &body)
        appendInteger(UInt16(replay.options.count), to: &body)
        // Sorted by name, so the same replay always gives the same bytes.
        for (name, value) in replay.options.sorted(by: { $0.key < $1.key }) {
            try appendText(name, what: "option name '\(name.prefix(20))…'", to: &body, path: path)
            appendInteger(value.bitPattern, to: &body)
        }
        appendInteger(replay.episodeReturn.bitPattern, to: &body)
        appendInteger(UInt32(replay.length), to: &body)
        let varints = encodeVarints(replay.actions)
        let runs = encodeRuns(replay.actions)
        if runs.count < varints.count {
            body.append(ActionCoding.runs.rawValue)
            body += runs
        } else {
            body.append(ActionCoding.varints.rawValue)
            body += varints
        }
        try check(body.count <= Int(UInt32.max), "the replay's body of \(body.count) bytes does not fit the format's 32-bit size")

        var file = EpisodeReplay.magic
        appendInteger(UInt16(EpisodeReplay.formatVersion), to: &file)
        appendInteger(UInt32(body.count), to: &file)
        file += body
        appendInteger(CRC32.checksum(file), to: &file)
        return file
    }

    static func encodeVarints(_ actions: [Int]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(actions.count)
        for action in actions { appendVarint(UInt64(action), to: &bytes) }
        return bytes
    }

    static func encodeRuns(_ actions: [Int]) -> [UInt8] {
        var bytes: [UInt8] = []
        var start = 0
        while start < actions.count {
            var end = start + 1
            while end < actions.count, actions[end] == actions[start] { end += 1 }
            appendVarint(UInt64(actions[start]), to: &bytes)
            appendVarint(UInt64(end - start), to: &bytes)
            start = end
        }
        return bytes
    }

    static func appendInteger<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: T.bitWidth, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// Unsigned LEB128: seven bits per byte, low bits first, the top bit set on all but the last.
    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private static func appendText(_ text: String, what: String, to bytes: inout [UInt8], path: String) throws(ReplayError) {
        let utf8 = Array(text.utf8)
        guard utf8.count <= Int(UInt16.max) else {
            throw .unencodable(path: path, problem: "\(what) is \(utf8.count) bytes long, more than the \(UInt16.max) a replay holds")
        }
        appendInteger(UInt16(utf8.count), to: &bytes)
        bytes += utf8
    }

    // MARK: Decoding

    /// The replay in `bytes`, read from the file `path` (named in errors). Sizes are checked
    /// before the checksum, and the checksum before any field is believed.
    static func decode(_ bytes: [UInt8], path: String) throws(ReplayError) -> EpisodeReplay {
        let magic = EpisodeReplay.magic
        let minimumSize = headerSize + checksumSize
        guard bytes.count >= magic.count else {
            if magic.starts(with: bytes) { throw .truncated(path: path, size: bytes.count, expected: minimumSize) }
            throw .notAReplay(path: path)
        }
        guard bytes.starts(with: magic) else { throw .notAReplay(path: path) }
        guard bytes.count >= magic.count + 2 else { throw .truncated(path: path, size: bytes.count, expected: minimumSize) }
        var header = Reader(bytes: bytes[magic.count...], path: path)
        let version = Int(try header.integer(UInt16.self, "the format version"))
        guard version == EpisodeReplay.formatVersion else {
            throw .unsupportedVersion(path: path, version: version, supported: EpisodeReplay.formatVersion)
        }
        guard bytes.count >= headerSize else { throw .truncated(path: path, size: bytes.count, expected: minimumSize) }
        let bodySize = Int(try header.integer(UInt32.self, "the body size"))
        let expected = headerSize + bodySize + checksumSize
        guard bytes.count >= expected else { throw .truncated(path: path, size: bytes.count, expected: expected) }
        guard bytes.count == expected else {
            throw .corrupt(path: path, problem: "\(bytes.count - expected) unexpected bytes after the end of the replay")
        }
        var trailer = Reader(bytes: bytes[(expected - checksumSize)...], path: path)
        let stored = try trailer.integer(UInt32.self, "the checksum")
        let computed = CRC32.checksum(bytes[..<(expected - checksumSize)])
        guard stored == computed else {
            throw .corrupt(path: path, problem: "its CRC-32 checksum is 0x\(String(computed, radix: 16)) but the file says 0x\(String(stored, radix: 16))")
        }

        var body = Reader(bytes: bytes[headerSize..<(headerSize + bodySize)], path: path)
        let environmentID = try body.text("the environment id")
        let seed = try body.integer(UInt64.self, "the seed")
        var options: [String: Double] = [:]
        for _ in 0..<Int(try body.integer(UInt16.self, "the number of options")) {
            let name = try body.text("an option name")
            let value = Double(bitPattern: try body.integer(UInt64.self, "the value of option '\(name)'"))
            guard options.updateValue(value, forKey: name) == nil else {
                throw .corrupt(path: path, problem: "option '\(name)' appears twice")
            }
        }
        let episodeReturn = Double(bitPattern: try body.integer(UInt64.self, "the return"))
        let length = Int(try body.integer(UInt32.self, "the length"))
        guard length <= EpisodeReplay.maximumLength else {
            throw .corrupt(path: path, problem: "a length of \(length) steps is more than the \(EpisodeReplay.maximumLength) a replay holds")
        }
        let codingByte = try body.integer(UInt8.self, "the action coding")
        var actions: [Int] = []
        switch ActionCoding(rawValue: codingByte) {
        case .varints:
            guard length <= body.remaining else {
                throw .corrupt(path: path, problem: "\(length) actions cannot fit in the \(body.remaining) bytes left")
            }
            actions.reserveCapacity(length)
            for _ in 0..<length { actions.append(try body.action()) }
        case .runs:
            while actions.count < length {
                let action = try body.action()
                let run = try body.varint("the length of a run of action \(action)")
                guard run >= 1, run <= UInt64(length - actions.count) else {
                    throw .corrupt(path: path, problem: "a run of \(run) actions at step \(actions.count) does not fit the length \(length)")
                }
                actions.append(contentsOf: repeatElement(action, count: Int(run)))
            }
        case nil:
            throw .corrupt(path: path, problem: "unknown action coding \(codingByte) (known: 0 varints, 1 runs)")
        }
        guard body.remaining == 0 else {
            throw .corrupt(path: path, problem: "\(body.remaining) bytes left over after the \(length) actions")
        }
        return EpisodeReplay(environmentID: environmentID, seed: seed, options: options, actions: actions, episodeReturn: episodeReturn)
    }

    /// Reads fields from the front of `bytes`, reporting a field that runs past the end as
    /// corruption (the sizes were already checked, so the fields disagree with them).
    struct Reader {
        var bytes: ArraySlice<UInt8>
        let path: String

        var remaining: Int { bytes.count }

        mutating func take(_ count: Int, _ what: String) throws(ReplayError) -> ArraySlice<UInt8> {
            guard count <= bytes.count else {
                throw .corrupt(path: path, problem: "\(what) runs past the end of the data")
            }
            defer { bytes = bytes.dropFirst(count) }
            return bytes.prefix(count)
        }

        mutating func integer<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, _ what: String) throws(ReplayError) -> T {
            var value: T = 0
            for (shift, byte) in zip(stride(from: 0, to: T.bitWidth, by: 8), try take(T.bitWidth / 8, what)) {
                value |= T(byte) << shift
            }
            return value
        }

        mutating func text(_ what: String) throws(ReplayError) -> String {
            let count = Int(try integer(UInt16.self, "the length of \(what)"))
            guard let text = String(validating: try take(count, what), as: UTF8.self) else {
                throw .corrupt(path: path, problem: "\(what) is not valid UTF-8")
            }
            return text
        }

        mutating func varint(_ what: String) throws(ReplayError) -> UInt64 {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 7) {
                let byte = try integer(UInt8.self, what)
                guard shift < 63 || byte <= 1 else { break }
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
            }
            throw .corrupt(path: path, problem: "\(what) is longer than a 64-bit number")
        }

        /// An action: a varint that fits an Int32 (no environment has more actions).
        mutating func action() throws(ReplayError) -> Int {
            let value = try varint("an action")
            guard value <= UInt64(Int32.max) else {
                throw .corrupt(path: path, problem: "action \(value) is out of any action space")
            }
            return Int(value)
        }
    }
}
