/// The Protocol Buffers wire format, as much of it as event files need: a message is a list of
/// fields, each a key (field number << 3 | wire type) as a varint, then the value: a varint
/// (type 0), 8 little-endian bytes (type 1), a varint length and that many bytes (type 2, for
/// strings and nested messages), or 4 little-endian bytes (type 5).
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ field: Int, _ value: UInt64) {
        key(field, wireType: 0)
        appendVarint(value)
    }

    mutating func double(_ field: Int, _ value: Double) {
        key(field, wireType: 1)
        bytes += TFRecord.littleEndianBytes(value.bitPattern)
    }

    mutating func float(_ field: Int, _ value: Float) {
        key(field, wireType: 5)
        bytes += TFRecord.littleEndianBytes(value.bitPattern)
    }

    mutating func lengthDelimited(_ field: Int, _ value: [UInt8]) {
        key(field, wireType: 2)
        appendVarint(UInt64(value.count))
        bytes += value
    }

    private mutating func key(_ field: Int, wireType: UInt64) { appendVarint(UInt64(field) << 3 | wireType) }

    /// Seven bits a byte, lowest first, the high bit set on every byte but the last.
    private mutating func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}

/// Reads a message's fields in order; fields it is not asked for are skipped by their wire type.
struct ProtobufReader {
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case lengthDelimited(ArraySlice<UInt8>)
        case fixed32(UInt32)
    }

    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    init(_ bytes: ArraySlice<UInt8>) { (self.bytes, offset) = (bytes, bytes.startIndex) }

    /// The next field's number and value; nil at the end of the message.
    mutating func next() throws(ProtobufError) -> (field: Int, value: Value)? {
        guard offset < bytes.endIndex else { return nil }
        let key = try varint()
        let field = Int(truncatingIfNeeded: key >> 3)
        guard field > 0 else { throw ProtobufError("field number 0 at byte \(offset - bytes.startIndex)") }
        switch key & 7 {
        case 0: return (field, .varint(try varint()))
        case 1: return (field, .fixed64(UInt64(try fixed(8))))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - offset) else { throw ProtobufError("a field runs past the end of its message") }
            defer { offset += Int(length) }
            return (field, .lengthDelimited(bytes[offset..<offset + Int(length)]))
        case 5: return (field, .fixed32(UInt32(try fixed(4))))
        case let type: throw ProtobufError("wire type \(type) is not one event files use")
        }
    }

    private mutating func varint() throws(ProtobufError) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard offset < bytes.endIndex else { throw ProtobufError("a varint runs past the end of its message") }
            let byte = bytes[offset]
            offset += 1
            guard shift < 63 || byte <= 1 else { throw ProtobufError("a varint longer than 64 bits") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
        }
        throw ProtobufError("a varint longer than 64 bits")
    }

    private mutating func fixed(_ count: Int) throws(ProtobufError) -> UInt64 {
        guard bytes.endIndex - offset >= count else { throw ProtobufError("a fixed-width field runs past the end of its message") }
        defer { offset += count }
        return (0..<count).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << ($1 * 8) }
    }
}

public struct ProtobufError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
