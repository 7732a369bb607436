import CImageCodecs
import Foundation
import Gym
import NN
import OneLineText

/// PNG and JPEG files as `RGBFrame`s, through Debian's libpng and libjpeg-turbo (`CImageCodecs`):
/// what `rlrun style` reads its pictures from and writes its result to.
public enum ImageFile {
    /// The picture in the PNG or JPEG `bytes`; `name` names them in errors. Gray, palette and
    /// CMYK pictures come as RGB, and transparency is composed on black. Refuses a damaged,
    /// cut or unknown file, and one larger than 16,384 a side or 64 million pixels, in one line.
    public static func decode(_ bytes: [UInt8], name: String) throws(ImageError) -> RGBFrame {
        var (width, height) = (Int32(0), Int32(0))
        var rgb: UnsafeMutablePointer<UInt8>?
        var reason = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { input in
            rlrun_decode_image(input.baseAddress, input.count, &width, &height, &rgb, &reason, reason.count)
        }
        guard status == 0, let rgb else { throw ImageError(name, Self.text(reason)) }
        defer { free(rgb) }
        let count = Int(width) * Int(height) * 3
        return RGBFrame(width: Int(width), height: Int(height), pixels: Array(UnsafeBufferPointer(start: rgb, count: count)))
    }

    /// The picture in the file at `path`.
    public static func read(_ path: String) throws(ImageError) -> RGBFrame {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw ImageError(path, reason + "; give a PNG or JPEG file")
        }
        return try decode([UInt8](data), name: path)
    }

    /// `frame` as the bytes of a PNG file.
    public static func png(_ frame: RGBFrame) throws(ImageError) -> [UInt8] {
        try encoded(frame, as: "PNG") { pixels, output, count, reason, capacity in
            rlrun_encode_png(pixels, Int32(frame.width), Int32(frame.height), output, count, reason, capacity)
        }
    }

    /// `frame` as the bytes of a JPEG file of `quality` (1–100).
    public static func jpeg(_ frame: RGBFrame, quality: Int = 92) throws(ImageError) -> [UInt8] {
        try encoded(frame, as: "JPEG") { pixels, output, count, reason, capacity in
            rlrun_encode_jpeg(pixels, Int32(frame.width), Int32(frame.height), Int32(max(1, min(100, quality))), output, count, reason, capacity)
        }
    }

    /// The bytes an encoder of CImageCodecs gives for `frame`: it fills a buffer of its own
    /// (freed here) or a reason.
    private static func encoded(
        _ frame: RGBFrame, as format: String,
        _ encode: (UnsafePointer<UInt8>?, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>,
                   UnsafeMutablePointer<CChar>, Int) -> Int32
    ) throws(ImageError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var count = 0
        var reason = [CChar](repeating: 0, count: 256)
        let status = frame.pixels.withUnsafeBufferPointer { pixels in
            reason.withUnsafeMutableBufferPointer { encode(pixels.baseAddress, &output, &count, $0.baseAddress!, $0.count) }
        }
        guard status == 0, let output else { throw ImageError("\(format) of \(frame.width)×\(frame.height)", Self.text(reason)) }
        defer { free(output) }
        return Array(UnsafeBufferPointer(start: output, count: count))
    }

    /// The C string in `buffer`.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes `frame` as a PNG to `path`, atomically (`AtomicFile`).
    public static func writePNG(_ frame: RGBFrame, to path: String) throws {
        try AtomicFile.write(try png(frame), to: path)
    }
}

/// An image that could not be read or written, in one line naming it.
public struct ImageError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ name: String, _ reason: String) { description = "\(name): \(reason)".escapingControlCharacters }
}
