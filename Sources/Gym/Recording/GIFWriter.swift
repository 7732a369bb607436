import Foundation

/// Writes frames as an animated GIF (GIF89a, https://www.w3.org/Graphics/GIF/spec-gif89a.txt),
/// the picture `rlrun eval --record` gives to share.
///
/// The file is: the header "GIF89a"; the logical screen descriptor (size, and a global colour
/// table of 2…256 entries, see `GIFPalette`); the NETSCAPE2.0 application extension that
/// makes viewers loop; then per frame a graphic control extension (its delay) and an image
/// descriptor with the LZW-compressed pixel indices (see `GIFLZW`) in sub-blocks of at most
/// 255 bytes; and the trailer 0x3B. Every frame covers the whole screen, so none is disposed.
public struct GIFWriter: Sendable {
    /// The rate the frames play at; a GIF counts delays in hundredths of a second.
    public var framesPerSecond: Double
    /// Keeps one pixel of every `downscale` × `downscale` block (its top-left one), so that
    /// colours stay exact; 1 keeps the size.
    public var downscale: Int
    /// How many times viewers play the animation; 0 loops for ever.
    public var loopCount: Int

    public init(framesPerSecond: Double, downscale: Int = 1, loopCount: Int = 0) {
        (self.framesPerSecond, self.downscale, self.loopCount) = (framesPerSecond, downscale, loopCount)
    }

    /// Writes the GIF of `frames` to `url` atomically (a temporary file beside it, flushed,
    /// then renamed over it).
    public func write(_ frames: [RGBFrame], to url: URL) throws(GIFError) {
        let bytes = try encode(frames)
        do {
            try RecordingFile.writeAtomically(bytes, to: url.path)
        } catch {
            throw .cannotWrite(path: url.path, reason: error.reason)
        }
    }

    /// The bytes of the GIF of `frames`, which must all be the same size.
    public func encode(_ frames: [RGBFrame]) throws(GIFError) -> [UInt8] {
        guard let first = frames.first else { throw .noFrames }
        for (index, frame) in frames.enumerated() where frame.width != first.width || frame.height != first.height {
            throw .frameSizesDiffer(index: index, width: frame.width, height: frame.height, firstWidth: first.width, firstHeight: first.height)
        }
        guard downscale >= 1, first.width / downscale >= 1, first.height / downscale >= 1 else {
            throw .invalidDownscale(factor: downscale, width: first.width, height: first.height)
        }
        guard framesPerSecond.isFinite, framesPerSecond > 0 else { throw .invalidFramesPerSecond(framesPerSecond) }
        let shown = downscale == 1 ? frames : frames.map { Self.downscaled($0, by: downscale) }
        let (width, height) = (shown[0].width, shown[0].height)
        guard width <= Int(UInt16.max), height <= Int(UInt16.max) else { throw .tooLarge(width: width, height: height) }

        let palette = GIFPalette(for: shown)
        var bytes = Array("GIF89a".utf8)
        // Logical screen descriptor: global table present, 8 bits per primary, table size.
        append16(width, to: &bytes)
        append16(height, to: &bytes)
        bytes += [0x80 | 0x70 | UInt8(palette.sizeLog2 - 1), 0, 0]
        bytes += palette.table
        // Application extension NETSCAPE2.0, sub-block 1: the loop count.
        bytes += [0x21, 0xFF, 11] + Array("NETSCAPE2.0".utf8) + [3, 1]
        append16(min(max(loopCount, 0), Int(UInt16.max)), to: &bytes)
        bytes.append(0)

        let minimumCodeSize = max(2, palette.sizeLog2)
        for (frame, delay) in zip(shown, delays(count: shown.count)) {
            // Graphic control extension: disposal 1 (leave the frame), no transparency.
            bytes += [0x21, 0xF9, 4, 1 << 2]
            append16(delay, to: &bytes)
            bytes += [0, 0]
            // Image descriptor: the whole screen, no local table, not interlaced.
            bytes.append(0x2C)
            for value in [0, 0, width, height] { append16(value, to: &bytes) }
            bytes.append(0)
            bytes.append(UInt8(minimumCodeSize))
            let codes = GIFLZW.encode(palette.indices(of: frame), minimumCodeSize: minimumCodeSize)
            for start in stride(from: 0, to: codes.count, by: 255) {
                let end = min(start + 255, codes.count)
                bytes.append(UInt8(end - start))
                bytes += codes[start..<end]
            }
            bytes.append(0)
        }
        bytes.append(0x3B)
        return bytes
    }

    /// Each frame's delay in hundredths of a second. Frame i starts at i / framesPerSecond,
    /// rounded to a hundredth, so the rounding does not add up over a long GIF. Browsers show
    /// a delay below 2 as 10, so no delay is below 2: above 50 frames per second the GIF plays
    /// slower than real time (record with a larger frame interval to avoid it).
    public func delays(count: Int) -> [Int] {
        func start(_ i: Int) -> Int { Int((Double(i) * 100 / framesPerSecond).rounded()) }
        return (0..<count).map { min(max(2, start($0 + 1) - start($0)), Int(UInt16.max)) }
    }

    /// The top-left pixel of every `factor` × `factor` block; a partial block at the right or
    /// bottom edge is dropped.
    static func downscaled(_ frame: RGBFrame, by factor: Int) -> RGBFrame {
        let (width, height) = (frame.width / factor, frame.height / factor)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let from = ((y * factor) * frame.width + x * factor) * 3
                let to = (y * width + x) * 3
                (pixels[to], pixels[to + 1], pixels[to + 2]) = (frame.pixels[from], frame.pixels[from + 1], frame.pixels[from + 2])
            }
        }
        return RGBFrame(width: width, height: height, pixels: pixels)
    }

    private func append16(_ value: Int, to bytes: inout [UInt8]) {
        bytes += [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }
}
