import Foundation

/// The JSON header of a safetensors file: what it says, checked, and how we write it.
///
/// Format (https://huggingface.co/docs/safetensors): 8 bytes little-endian u64 N, then N
/// bytes of UTF-8 JSON mapping each tensor name to {"dtype", "shape", "data_offsets":
/// [begin, end]} (offsets into the data section that follows) plus an optional
/// "__metadata__" object of strings, then the data section, which the tensors must cover
/// exactly: no gaps, no overlaps, no trailing bytes.
struct SafetensorsHeader {
    /// One tensor's entry: its shape and where its bytes lie in the data section.
    struct Entry {
        var name: String
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    /// In data-section order once decoded (by `begin`), which is the order they were written.
    var entries: [Entry]
    var metadata: [String: String]

    /// The largest header we read: the reference implementation's limit (MAX_HEADER_SIZE).
    static let maximumLength = 100_000_000
    static let metadataKey = "__metadata__"
    /// Header lengths are padded to this so the data section, and every F32 tensor in it, is
    /// aligned in a memory-mapped file.
    static let alignment = 8
}

// MARK: Reading

extension SafetensorsHeader {
    /// Parses and checks a header against a data section of `dataSize` bytes.
    init(decoding json: [UInt8], dataSize: Int, path: String) throws(SafetensorsError) {
        guard String(bytes: json, encoding: .utf8) != nil else {
            throw .invalidHeaderJSON(path: path, reason: "it is not valid UTF-8")
        }
        let root: HeaderJSON
        do { root = try HeaderJSON.parse(json) } catch {
            throw .invalidHeaderJSON(path: path, reason: "\(error.message) at byte \(error.offset) of the header")
        }
        guard case .object(let members) = root else {
            throw .headerNotObject(path: path, found: root.kindDescription)
        }
        var entries: [Entry] = []
        var metadata: [String: String]?
        var seen = Set<String>()
        for (name, value) in members {
            guard seen.insert(name).inserted else { throw .duplicateName(path: path, name: name) }
            if name == Self.metadataKey {
                metadata = try Self.metadata(value, path: path)
            } else {
                entries.append(try Self.entry(name: name, value, dataSize: dataSize, path: path))
            }
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        try Self.checkCoverage(entries, dataSize: dataSize, path: path)
        self.init(entries: entries, metadata: metadata ?? [:])
    }

    private static func metadata(_ value: HeaderJSON, path: String) throws(SafetensorsError) -> [String: String] {
        guard case .object(let members) = value else {
            throw .invalidMetadata(path: path, reason: "found \(value.kindDescription) instead of an object")
        }
        var metadata: [String: String] = [:]
        for (key, value) in members {
            guard case .string(let text) = value else {
                throw .invalidMetadata(path: path, reason: "the value of '\(key)' is \(value.kindDescription), not a string")
            }
            guard metadata.updateValue(text, forKey: key) == nil else {
                throw .duplicateName(path: path, name: "\(Self.metadataKey).\(key)")
            }
        }
        return metadata
    }

    /// Checks one tensor's fields in the order a reader would trip over them: types, dtype,
    /// shape, offsets, then whether shape and offsets agree.
    private static func entry(name: String, _ value: HeaderJSON, dataSize: Int,
                              path: String) throws(SafetensorsError) -> Entry {
        func invalid(_ reason: String) -> SafetensorsError { .invalidTensorEntry(path: path, name: name, reason: reason) }
        guard case .object(let fields) = value else {
            throw invalid("its entry is \(value.kindDescription), not an object with dtype, shape and data_offsets")
        }
        // Unknown fields are ignored: they cannot change how the three known ones are read.
        func field(_ key: String) throws(SafetensorsError) -> HeaderJSON {
            let matches = fields.filter { $0.key == key }
            guard matches.count == 1 else {
                throw invalid(matches.isEmpty ? "the field \"\(key)\" is missing" : "the field \"\(key)\" appears twice")
            }
            return matches[0].value
        }
        guard case .string(let dtype) = try field("dtype") else { throw invalid("\"dtype\" must be a string") }
        guard case .array(let dimensions) = try field("shape") else { throw invalid("\"shape\" must be an array of integers") }
        guard case .array(let offsets) = try field("data_offsets") else {
            throw invalid("\"data_offsets\" must be an array of two integers")
        }
        guard dtype == "F32" else { throw .unsupportedDType(path: path, name: name, dtype: dtype) }

        var shape: [Int] = []
        for dimension in dimensions {
            if dimension.isNegativeInteger {
                throw .negativeDimension(path: path, name: name, shape: dimensions.map(Self.literal))
            }
            guard let size = dimension.nonNegativeInt else {
                throw invalid("\"shape\" holds \(dimension.kindDescription), not a non-negative integer")
            }
            shape.append(size)
        }
        guard offsets.count == 2, let begin = offsets[0].nonNegativeInt, let end = offsets[1].nonNegativeInt else {
            throw invalid("\"data_offsets\" must be two non-negative integers [begin, end], found "
                          + "[\(offsets.map(Self.literal).joined(separator: ", "))]")
        }
        guard begin <= end else { throw .reversedOffsets(path: path, name: name, begin: begin, end: end) }
        guard end <= dataSize else { throw .truncatedData(path: path, name: name, end: end, dataSize: dataSize) }
        let expectedBytes = Self.byteCount(shape: shape)
        guard expectedBytes == end - begin else {
            throw .shapeSizeMismatch(path: path, name: name, shape: shape, expectedBytes: expectedBytes,
                                     offsetBytes: end - begin)
        }
        return Entry(name: name, shape: shape, begin: begin, end: end)
    }

    /// Entries sorted by begin must tile 0..<dataSize exactly, as the format requires.
    private static func checkCoverage(_ entries: [Entry], dataSize: Int, path: String) throws(SafetensorsError) {
        var covered = 0
        var previous: String?
        for entry in entries {
            if entry.begin < covered, let previous {
                throw .overlappingTensors(path: path, name: entry.name, other: previous)
            }
            if entry.begin > covered {
                throw .gapInData(path: path, name: entry.name, begin: entry.begin, expectedBegin: covered)
            }
            covered = entry.end
            previous = entry.name
        }
        if covered < dataSize { throw .trailingBytes(path: path, count: dataSize - covered) }
    }

    /// Bytes of F32 data a shape needs, or nil when that overflows Int. Multiplies left to
    /// right, as Tensor does, so a shape accepted here never overflows there.
    static func byteCount(shape: [Int]) -> Int? {
        var count = MemoryLayout<Float>.size
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            if overflow { return nil }
            count = product
        }
        return count
    }

    private static func literal(_ value: HeaderJSON) -> String {
        if case .number(let text) = value { return String(text.prefix(24)) }
        return value.kindDescription
    }
}

// MARK: Writing

extension SafetensorsHeader {
    /// The header's bytes: the length field, then the JSON padded with spaces to a multiple
    /// of 8. Keys in a fixed order: "__metadata__" first (its keys sorted) when there is any,
    /// then the tensors in data-section order, so the header reads like the file's layout.
    var encoded: [UInt8] {
        var members: [(key: String, value: HeaderJSON)] = []
        if !metadata.isEmpty {
            let sorted = metadata.sorted { $0.key < $1.key }
            members.append((Self.metadataKey, .object(sorted.map { ($0.key, .string($0.value)) })))
        }
        for entry in entries {
            members.append((entry.name, .object([
                ("dtype", .string("F32")),
                ("shape", .array(entry.shape.map { .number(String($0)) })),
                ("data_offsets", .array([.number(String(entry.begin)), .number(String(entry.end))])),
            ])))
        }
        var json = Array(HeaderJSON.object(members).serialized.utf8)
        let padding = (Self.alignment - json.count % Self.alignment) % Self.alignment
        json.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
        return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json
    }
}
