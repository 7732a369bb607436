/// A GIF decoder for the tests, written straight from the GIF89a specification and kept slow
/// and plain (strings as arrays, bits read one at a time), to check the writer against.
struct GIFTestDecoder {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Frame {
        var delay: Int
        var left, top, width, height: Int
        var indices: [UInt8]
    }

    struct LZWStatistics {
        var clearCodes = 0
        var widestCode = 0
        /// Whether the code width grew just before the end-of-information code.
        var widenedBeforeEnd = false
    }

    var width = 0
    var height = 0
    var colourTable: [UInt8] = []
    var loopCount: Int?
    var frames: [Frame] = []

    /// The colour of `index` in the global table.
    func colour(_ index: UInt8) -> [UInt8] { Array(colourTable[3 * Int(index)..<3 * Int(index) + 3]) }

    init(_ bytes: [UInt8]) throws {
        var at = 0
        func byte() throws -> Int {
            guard at < bytes.count else { throw Failure(description: "the GIF ends at byte \(at)") }
            defer { at += 1 }
            return Int(bytes[at])
        }
        func word() throws -> Int {
            let low = try byte()
            let high = try byte()
            return low | high << 8
        }
        func take(_ count: Int) throws -> [UInt8] { try (0..<count).map { _ in UInt8(try byte()) } }
        func subBlocks() throws -> [UInt8] {
            var data: [UInt8] = []
            while true {
                let size = try byte()
                if size == 0 { return data }
                data += try take(size)
            }
        }

        guard try take(6) == Array("GIF89a".utf8) else { throw Failure(description: "no GIF89a header") }
        width = try word()
        height = try word()
        let packed = try byte()
        _ = try take(2)
        if packed & 0x80 != 0 { colourTable = try take(3 << ((packed & 7) + 1)) }
        var delay = 0
        while true {
            switch try byte() {
            case 0x3B:
                guard at == bytes.count else { throw Failure(description: "\(bytes.count - at) bytes after the trailer") }
                return
            case 0x21:
                let label = try byte()
                let blocks = try subBlocks()
                if label == 0xF9 {
                    guard blocks.count == 4 else { throw Failure(description: "a graphic control extension of \(blocks.count) bytes") }
                    delay = Int(blocks[1]) | Int(blocks[2]) << 8
                } else if label == 0xFF, blocks.starts(with: Array("NETSCAPE2.0".utf8)), blocks.count == 14, blocks[11] == 1 {
                    loopCount = Int(blocks[12]) | Int(blocks[13]) << 8
                }
            case 0x2C:
                let (left, top, frameWidth, frameHeight) = try (word(), word(), word(), word())
                guard try byte() & 0x80 == 0 else { throw Failure(description: "unexpected local colour table") }
                let minimumCodeSize = try byte()
                let (indices, _) = try Self.lzwDecode(try subBlocks(), minimumCodeSize: minimumCodeSize)
                guard indices.count == frameWidth * frameHeight else {
                    throw Failure(description: "frame \(frames.count) has \(indices.count) pixels, not \(frameWidth * frameHeight)")
                }
                frames.append(Frame(delay: delay, left: left, top: top, width: frameWidth, height: frameHeight, indices: indices))
            case let other:
                throw Failure(description: "unknown block 0x\(String(other, radix: 16)) at byte \(at - 1)")
            }
        }
    }

    /// Decodes a GIF LZW code stream, insisting that it ends with the end-of-information code
    /// in its last byte.
    static func lzwDecode(_ data: [UInt8], minimumCodeSize: Int) throws -> ([UInt8], LZWStatistics) {
        let clear = 1 << minimumCodeSize
        let end = clear + 1
        var table: [[UInt8]] = []
        var width = minimumCodeSize + 1
        var statistics = LZWStatistics()
        var bitPosition = 0
        func readCode() throws -> Int {
            var code = 0
            for bit in 0..<width {
                guard bitPosition / 8 < data.count else { throw Failure(description: "the code stream ends without an end code") }
                code |= Int(data[bitPosition / 8] >> (bitPosition % 8) & 1) << bit
                bitPosition += 1
            }
            statistics.widestCode = max(statistics.widestCode, width)
            return code
        }
        func startTable() {
            table = (0..<clear).map { [UInt8($0)] } + [[], []]
            width = minimumCodeSize + 1
        }
        startTable()
        var output: [UInt8] = []
        var previous: [UInt8]?
        var widenedByLastCode = false
        while true {
            let code = try readCode()
            if code == clear {
                statistics.clearCodes += 1
                startTable()
                previous = nil
                widenedByLastCode = false
                continue
            }
            if code == end {
                statistics.widenedBeforeEnd = widenedByLastCode
                guard (bitPosition + 7) / 8 == data.count else {
                    throw Failure(description: "\(data.count - (bitPosition + 7) / 8) bytes after the end code")
                }
                return (output, statistics)
            }
            let entry: [UInt8]
            if code < table.count {
                entry = table[code]
            } else if code == table.count, let previous {
                entry = previous + [previous[0]]
            } else {
                throw Failure(description: "code \(code) is not in the table of \(table.count)")
            }
            widenedByLastCode = false
            if let previous, table.count < 4096 {
                table.append(previous + [entry[0]])
                if table.count == 1 << width, width < 12 {
                    width += 1
                    widenedByLastCode = true
                }
            }
            output += entry
            previous = entry
        }
    }
}
