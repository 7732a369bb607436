import Gym

/// The colours a game draws with; a canvas holds indices into it. A few colours per game keep
/// a frame one byte a pixel until it is shown, and make grayscale a table lookup.
public struct Palette: Sendable {
    public let colors: [(red: UInt8, green: UInt8, blue: UInt8)]

    public init(_ colors: [(red: UInt8, green: UInt8, blue: UInt8)]) {
        precondition(!colors.isEmpty && colors.count <= 256, "a palette holds 1 to 256 colours, got \(colors.count)")
        self.colors = colors
    }
}

/// The project's software rasterizer: a `width × height` picture of palette indices that the
/// games draw on with rectangles, convex polygons, discs and a small bitmap font. Everything is
/// clipped to the picture, so a shape partly off screen draws its visible part. A pixel is
/// covered when its centre (x + 0.5, y + 0.5) lies inside the shape.
public final class Canvas {
    public let width: Int
    public let height: Int
    /// Row-major palette indices.
    public let pixels: UnsafeMutableBufferPointer<UInt8>

    /// The canvas owns its pixels (false: it draws into memory someone else owns).
    private let ownsPixels: Bool

    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "a canvas needs a positive size, got \(width)×\(height)")
        (self.width, self.height) = (width, height)
        pixels = .allocate(capacity: width * height)
        pixels.initialize(repeating: 0)
        ownsPixels = true
    }

    /// A canvas that draws straight into `pixels` (width × height of them), which must outlive
    /// it: an environment observing palette indices draws into its observation buffer.
    public init(width: Int, height: Int, drawingInto pixels: UnsafeMutableBufferPointer<UInt8>) {
        precondition(width > 0 && height > 0 && pixels.count == width * height,
                     "a \(width)×\(height) canvas needs \(width * height) pixels, got \(pixels.count)")
        (self.width, self.height, self.pixels, ownsPixels) = (width, height, pixels, false)
    }

    deinit { if ownsPixels { pixels.deallocate() } }

    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }

    public func clear(to color: UInt8) { pixels.update(repeating: color) }

    /// Fills columns x..<x+width of rows y..<y+height.
    public func fillRectangle(x: Int, y: Int, width w: Int, height h: Int, color: UInt8) {
        let left = max(x, 0), right = min(x + w, width)
        let top = max(y, 0), bottom = min(y + h, height)
        guard left < right, top < bottom else { return }
        let base = pixels.baseAddress!
        for row in top..<bottom {
            (base + row * width + left).update(repeating: color, count: right - left)
        }
    }

    /// Fills the convex polygon with the given corners (in order, either way round), one
    /// horizontal span per row.
    public func fillConvexPolygon(_ corners: [(x: Double, y: Double)], color: UInt8) {
        guard corners.count >= 3 else { return }
        let top = max(0, Int((corners.map(\.y).min()! - 0.5).rounded(.up)))
        let bottom = min(height - 1, Int((corners.map(\.y).max()! - 0.5).rounded(.down)))
        guard top <= bottom else { return }
        for row in top...bottom {
            let y = Double(row) + 0.5
            var low = Double.infinity, high = -Double.infinity
            for i in corners.indices {
                let a = corners[i], b = corners[(i + 1) % corners.count]
                guard (a.y <= y && y <= b.y) || (b.y <= y && y <= a.y), a.y != b.y else { continue }
                let x = a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x)
                low = min(low, x)
                high = max(high, x)
            }
            guard low <= high else { continue }
            fillSpan(row: row, from: low, to: high, color: color)
        }
    }

    /// Fills the disc of `radius` around (centerX, centerY).
    public func fillDisc(centerX: Double, centerY: Double, radius: Double, color: UInt8) {
        let top = max(0, Int((centerY - radius - 0.5).rounded(.up)))
        let bottom = min(height - 1, Int((centerY + radius - 0.5).rounded(.down)))
        guard top <= bottom else { return }
        for row in top...bottom {
            let dy = Double(row) + 0.5 - centerY
            let half = (radius * radius - dy * dy).squareRoot()
            fillSpan(row: row, from: centerX - half, to: centerX + half, color: color)
        }
    }

    /// Writes `text` in the 3×5 bitmap font, each font pixel drawn as a `scaleX × scaleY`
    /// block, with one font pixel between characters. Letters are upper case; characters the
    /// font lacks are left blank.
    public func drawText(_ text: String, x: Int, y: Int, scaleX: Int = 1, scaleY: Int = 1, color: UInt8) {
        var left = x
        for character in text.uppercased() {
            if let rows = BitmapFont.glyphs[character] {
                for (r, bits) in rows.enumerated() {
                    for c in 0..<3 where bits & (0b100 >> c) != 0 {
                        fillRectangle(x: left + c * scaleX, y: y + r * scaleY, width: scaleX, height: scaleY, color: color)
                    }
                }
            }
            left += 4 * scaleX
        }
    }

    /// The width `drawText` takes for `text`, without the trailing gap.
    public static func textWidth(_ text: String, scaleX: Int = 1) -> Int {
        max(0, text.count * 4 * scaleX - scaleX)
    }

    /// Writes the picture as RGB bytes, row by row, into `rgb` (3 bytes a pixel).
    ///
    /// Eight pixels at a time: their 24-bit colours, looked up in a table, are packed into
    /// three 64-bit words and stored with three stores instead of twenty-four. The pixels left
    /// over are written byte by byte. `writeRGBReference` is the plain version the tests hold
    /// this one to.
    public func writeRGB(palette: Palette, into rgb: UnsafeMutableBufferPointer<UInt8>) {
        precondition(rgb.count == width * height * 3, "RGB buffer of \(rgb.count) bytes for a \(width)×\(height) canvas")
        var table = [UInt64](repeating: 0, count: 256)
        for (i, color) in palette.colors.enumerated() {
            // Little-endian order puts red in the first byte stored.
            table[i] = UInt64(color.red) | UInt64(color.green) << 8 | UInt64(color.blue) << 16
        }
        let count = width * height, blocks = count / 8
        let source = pixels.baseAddress!
        let target = UnsafeMutableRawPointer(rgb.baseAddress!)
        table.withUnsafeBufferPointer { table in
            for block in 0..<blocks {
                let p = source + 8 * block
                let c0 = table[Int(p[0])], c1 = table[Int(p[1])], c2 = table[Int(p[2])], c3 = table[Int(p[3])]
                let c4 = table[Int(p[4])], c5 = table[Int(p[5])], c6 = table[Int(p[6])], c7 = table[Int(p[7])]
                let out = target + 24 * block
                out.storeBytes(of: (c0 | c1 << 24 | c2 << 48).littleEndian, as: UInt64.self)
                out.storeBytes(of: (c2 >> 16 | c3 << 8 | c4 << 32 | c5 << 56).littleEndian, toByteOffset: 8, as: UInt64.self)
                out.storeBytes(of: (c5 >> 8 | c6 << 16 | c7 << 40).littleEndian, toByteOffset: 16, as: UInt64.self)
            }
        }
        for i in (8 * blocks)..<count {
            let color = palette.colors[Int(source[i])]
            (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) = (color.red, color.green, color.blue)
        }
    }

    /// `writeRGB` one byte at a time: the reference the fast version is tested against.
    public func writeRGBReference(palette: Palette, into rgb: UnsafeMutableBufferPointer<UInt8>) {
        for i in 0..<(width * height) {
            let color = palette.colors[Int(pixels[i])]
            (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) = (color.red, color.green, color.blue)
        }
    }

    /// The picture as an RGB frame.
    public func rgbFrame(palette: Palette) -> RGBFrame {
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        bytes.withUnsafeMutableBufferPointer { writeRGB(palette: palette, into: $0) }
        return RGBFrame(width: width, height: height, pixels: bytes)
    }

    /// Covers the pixels of `row` whose centres lie in [from, to].
    private func fillSpan(row: Int, from: Double, to: Double, color: UInt8) {
        let first = max(0, Int((from - 0.5).rounded(.up)))
        let last = min(width - 1, Int((to - 0.5).rounded(.down)))
        guard first <= last else { return }
        (pixels.baseAddress! + row * width + first).update(repeating: color, count: last - first + 1)
    }
}
