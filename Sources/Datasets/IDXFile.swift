import Foundation

/// A file in the IDX format of the MNIST database (LeCun et al. 1998), in which MNIST and
/// Fashion-MNIST come: two zero bytes, a byte for the element type, a byte for the number of
/// dimensions, each dimension as a big-endian 32-bit count, then the elements in row-major
/// order, big-endian. Files ending in .gz (or starting with gzip's magic number) are
/// decompressed first.
public struct IDXFile: Equatable {
    /// The element types IDX defines, by their type byte.
    public enum ElementType: UInt8, Sendable {
        case uint8 = 0x08, int8 = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

        var size: Int {
            switch self {
            case .uint8, .int8: 1
            case .int16: 2
            case .int32, .float32: 4
            case .float64: 8
            }
        }
    }

    public let elementType: ElementType
    /// The dimensions: [images, rows, columns] for an images file, [labels] for a labels file.
    public let shape: [Int]
    /// The elements, converted to Float (every IDX type fits a Float but large int32 values
    /// and float64's precision, which the MNIST files do not use).
    public let values: [Float]

    public init(elementType: ElementType, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "an IDX array of shape \(shape) holds \(shape.reduce(1, *)) values, not \(values.count)")
        (self.elementType, self.shape, self.values) = (elementType, shape, values)
    }

    /// Reads the file at `path`.
    public init(contentsOf path: String) throws(DatasetError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError("\(path): no such file or it cannot be read; check the path (Fashion-MNIST: make deps installs it under /usr/share/datasets/fashion-mnist)")
        }
        try self.init(bytes: [UInt8](data), name: path)
    }

    /// Parses an IDX file's bytes, gzip-compressed or not; `name` is for error messages.
    public init(bytes compressedOrNot: [UInt8], name: String) throws(DatasetError) {
        let bytes = Gzip.isCompressed(compressedOrNot) ? try Gzip.decompress(compressedOrNot, name: name) : compressedOrNot
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0 else {
            throw DatasetError("\(name): not an IDX file (it does not start with two zero bytes); give an MNIST-style images or labels file")
        }
        guard let type = ElementType(rawValue: bytes[2]) else {
            throw DatasetError("\(name): unknown IDX element type 0x\(String(bytes[2], radix: 16)); IDX types are 0x08, 0x09, 0x0b, 0x0c, 0x0d and 0x0e")
        }
        let dimensions = Int(bytes[3])
        let headerSize = 4 + 4 * dimensions
        guard dimensions >= 1, bytes.count >= headerSize else {
            throw DatasetError("\(name): the IDX header is cut short (\(dimensions) dimensions, \(bytes.count) bytes); download the file again")
        }
        let shape = (0..<dimensions).map { Int(Self.bigEndianUInt32(bytes, at: 4 + 4 * $0)) }
        // A damaged header could give sizes whose product overflows: checked, not trapped.
        let (count, overflow) = shape.reduce((1, false)) { partial, size in
            let (product, overflowed) = partial.0.multipliedReportingOverflow(by: size)
            return (product, partial.1 || overflowed)
        }
        let (byteCount, byteOverflow) = count.multipliedReportingOverflow(by: type.size)
        guard !overflow, !byteOverflow, bytes.count - headerSize == byteCount else {
            throw DatasetError("\(name): the header says \(shape.map(String.init).joined(separator: "×")) elements of \(type.size) bytes, but the file holds \(bytes.count - headerSize) bytes after it; download the file again")
        }
        var values = [Float](repeating: 0, count: count)
        let body = headerSize
        switch type {
        case .uint8: for i in 0..<count { values[i] = Float(bytes[body + i]) }
        case .int8: for i in 0..<count { values[i] = Float(Int8(bitPattern: bytes[body + i])) }
        case .int16:
            for i in 0..<count { values[i] = Float(Int16(bitPattern: UInt16(bytes[body + 2 * i]) << 8 | UInt16(bytes[body + 2 * i + 1]))) }
        case .int32: for i in 0..<count { values[i] = Float(Int32(bitPattern: Self.bigEndianUInt32(bytes, at: body + 4 * i))) }
        case .float32: for i in 0..<count { values[i] = Float(bitPattern: Self.bigEndianUInt32(bytes, at: body + 4 * i)) }
        case .float64:
            for i in 0..<count {
                let high = UInt64(Self.bigEndianUInt32(bytes, at: body + 8 * i)), low = UInt64(Self.bigEndianUInt32(bytes, at: body + 8 * i + 4))
                values[i] = Float(Double(bitPattern: high << 32 | low))
            }
        }
        self.init(elementType: type, shape: shape, values: values)
    }

    /// The file's bytes, uncompressed: what `init(bytes:name:)` reads back.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [0, 0, elementType.rawValue, UInt8(shape.count)]
        func append(_ word: UInt32) { bytes += [UInt8(word >> 24), UInt8(word >> 16 & 0xff), UInt8(word >> 8 & 0xff), UInt8(word & 0xff)] }
        for size in shape { append(UInt32(size)) }
        for value in values {
            switch elementType {
            case .uint8: bytes.append(UInt8(value))
            case .int8: bytes.append(UInt8(bitPattern: Int8(value)))
            case .int16: let word = UInt16(bitPattern: Int16(value)); bytes += [UInt8(word >> 8), UInt8(word & 0xff)]
            case .int32: append(UInt32(bitPattern: Int32(value)))
            case .float32: append(value.bitPattern)
            case .float64: let word = Double(value).bitPattern; append(UInt32(word >> 32)); append(UInt32(word & 0xffff_ffff))
            }
        }
        return bytes
    }

    private static func bigEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
