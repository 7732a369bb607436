/// The TFRecord framing of TensorBoard's event files: each record is its length (UInt64,
/// little-endian), the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of
/// the data. A reader can so tell a whole record from one a kill cut short or a disk damaged.
public enum TFRecord {
    /// The bytes of one record holding `data`.
    public static func framed(_ data: [UInt8]) -> [UInt8] {
        let length = littleEndianBytes(UInt64(data.count))
        return length + littleEndianBytes(CRC32C.masked(length)) + data + littleEndianBytes(CRC32C.masked(data))
    }

    /// The records of `bytes` in order, and how many bytes they take: reading stops at the
    /// first record that is cut short or whose checksums do not match, and `error` says why
    /// (nil when every byte was read).
    public static func records(in bytes: [UInt8]) -> (records: [[UInt8]], wholeBytes: Int, error: TFRecordError?) {
        var records: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 12 else { return (records, offset, .cutShort(at: offset)) }
            let lengthBytes = bytes[offset..<offset + 8]
            guard readLittleEndian(bytes, at: offset + 8, as: UInt32.self) == CRC32C.masked(lengthBytes) else {
                return (records, offset, .lengthChecksum(at: offset))
            }
            let length = readLittleEndian(bytes, at: offset, as: UInt64.self)
            let start = offset + 12
            guard length <= UInt64(bytes.count - start), bytes.count - start - Int(length) >= 4 else {
                return (records, offset, .cutShort(at: offset))
            }
            let data = Array(bytes[start..<start + Int(length)])
            guard readLittleEndian(bytes, at: start + Int(length), as: UInt32.self) == CRC32C.masked(data) else {
                return (records, offset, .dataChecksum(at: offset))
            }
            records.append(data)
            offset = start + Int(length) + 4
        }
        return (records, offset, nil)
    }

    static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<T.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    static func readLittleEndian<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, as: T.Type) -> T {
        (0..<T.bitWidth / 8).reduce(T.zero) { $0 | T(bytes[offset + $1]) << ($1 * 8) }
    }
}

/// Why reading TFRecords stopped before the end of the bytes.
public enum TFRecordError: Error, Equatable, CustomStringConvertible {
    case cutShort(at: Int)
    case lengthChecksum(at: Int)
    case dataChecksum(at: Int)

    public var description: String {
        switch self {
        case let .cutShort(offset): "the record at byte \(offset) is cut short"
        case let .lengthChecksum(offset): "the record at byte \(offset) has a length whose checksum does not match"
        case let .dataChecksum(offset): "the record at byte \(offset) has data whose checksum does not match"
        }
    }
}
