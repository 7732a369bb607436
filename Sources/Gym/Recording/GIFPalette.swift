/// The global colour table of a GIF and the way each pixel's colour becomes an index into it.
///
/// Exact when all frames together use at most 256 colours (the games draw with a handful):
/// the table lists them in order of first appearance and every pixel keeps its colour.
/// Otherwise every channel is rounded to the nearest level of a 6 × 7 × 6 cube (252 colours;
/// green gets the extra level because the eye tells greens apart best), with no dithering, so
/// flat game graphics stay flat.
struct GIFPalette: Equatable {
    /// The table, red, green, blue per entry, padded with black to `1 << sizeLog2` entries,
    /// the sizes a GIF allows (2, 4, …, 256).
    private(set) var table: [UInt8]
    /// log2 of the number of entries.
    let sizeLog2: Int
    /// Where each colour (0xRRGGBB) sits in the table, when exact; nil for the cube.
    private let exactIndex: [UInt32: UInt8]?

    static let cubeLevels = (red: 6, green: 7, blue: 6)

    init(for frames: [RGBFrame]) {
        var index: [UInt32: UInt8] = [:]
        var colours: [UInt32] = []
        search: for frame in frames {
            frame.pixels.withUnsafeBufferPointer { pixels in
                var last: UInt32 = .max
                for i in stride(from: 0, to: pixels.count, by: 3) {
                    let colour = Self.packed(pixels[i], pixels[i + 1], pixels[i + 2])
                    if colour == last { continue }
                    last = colour
                    if index[colour] == nil {
                        // One past 256 is enough to know the table cannot be exact.
                        if colours.count == 256 { colours.append(colour); break }
                        index[colour] = UInt8(colours.count)
                        colours.append(colour)
                    }
                }
            }
            if colours.count > 256 { break search }
        }
        if colours.count <= 256 {
            exactIndex = index
            table = colours.flatMap { [UInt8(truncatingIfNeeded: $0 >> 16), UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
        } else {
            exactIndex = nil
            table = []
            let (r, g, b) = Self.cubeLevels
            for red in 0..<r { for green in 0..<g { for blue in 0..<b {
                table += [Self.value(ofLevel: red, of: r), Self.value(ofLevel: green, of: g), Self.value(ofLevel: blue, of: b)]
            } } }
        }
        var log2 = 1
        while 1 << log2 < table.count / 3 { log2 += 1 }
        sizeLog2 = log2
        table += Array(repeating: 0, count: 3 * (1 << log2) - table.count)
    }

    /// Whether every pixel keeps its exact colour.
    var isExact: Bool { exactIndex != nil }

    /// The table index of every pixel of `frame`, row by row.
    func indices(of frame: RGBFrame) -> [UInt8] {
        var indices = [UInt8](repeating: 0, count: frame.width * frame.height)
        frame.pixels.withUnsafeBufferPointer { pixels in
            indices.withUnsafeMutableBufferPointer { out in
                if let exactIndex {
                    var last: UInt32 = .max
                    var lastIndex: UInt8 = 0
                    for p in 0..<out.count {
                        let colour = Self.packed(pixels[3 * p], pixels[3 * p + 1], pixels[3 * p + 2])
                        if colour != last {
                            // Every colour of the frames was put in the table when it was made.
                            (last, lastIndex) = (colour, exactIndex[colour] ?? 0)
                        }
                        out[p] = lastIndex
                    }
                } else {
                    for p in 0..<out.count { out[p] = Self.cubeIndex(pixels[3 * p], pixels[3 * p + 1], pixels[3 * p + 2]) }
                }
            }
        }
        return indices
    }

    /// The cube entry nearest to a colour: each channel rounded to its nearest level.
    static func cubeIndex(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> UInt8 {
        let (r, g, b) = cubeLevels
        return UInt8((level(of: red, in: r) * g + level(of: green, in: g)) * b + level(of: blue, in: b))
    }

    /// The level of `levels` evenly spaced over 0…255 nearest to `value`.
    static func level(of value: UInt8, in levels: Int) -> Int { (Int(value) * (levels - 1) + 127) / 255 }

    /// The channel value of a level, rounded.
    static func value(ofLevel level: Int, of levels: Int) -> UInt8 { UInt8((level * 255 + (levels - 1) / 2) / (levels - 1)) }

    private static func packed(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> UInt32 {
        UInt32(red) << 16 | UInt32(green) << 8 | UInt32(blue)
    }
}
