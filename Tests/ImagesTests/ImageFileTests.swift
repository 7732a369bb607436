import Foundation
import Gym
import Images
import Testing

@Suite struct ImageFileTests {
    /// A picture with every channel varying: gradients, and a checkerboard of 4-pixel squares
    /// (or a third gradient: JPEG's halved chroma blurs sharp colour edges).
    private func picture(width: Int = 37, height: Int = 23, checkered: Bool = true) -> RGBFrame {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                pixels += [UInt8(x * 255 / (width - 1)), UInt8(y * 255 / (height - 1)),
                           checkered ? ((x / 4 + y / 4) % 2 == 0 ? 40 : 200) : UInt8((x + y) * 255 / (width + height - 2))]
            }
        }
        return RGBFrame(width: width, height: height, pixels: pixels)
    }

    @Test func pngRoundTripsExactly() throws {
        let frame = picture()
        let bytes = try ImageFile.png(frame)
        #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(try ImageFile.decode(bytes, name: "p.png") == frame)
    }

    /// JPEG is lossy: at quality 95 every channel comes back within a few levels on average.
    @Test func jpegRoundTripsClosely() throws {
        let frame = picture(width: 64, height: 48, checkered: false)
        let decoded = try ImageFile.decode(try ImageFile.jpeg(frame, quality: 95), name: "p.jpg")
        #expect(decoded.width == 64 && decoded.height == 48)
        let error = zip(decoded.pixels, frame.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +)
        #expect(Double(error) / Double(frame.pixels.count) < 4, "mean error \(Double(error) / Double(frame.pixels.count))")
    }

    @Test func writesAPNGFileAtomicallyAndReadsItBack() throws {
        let path = NSTemporaryDirectory() + "rlrun-image-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ImageFile.writePNG(picture(), to: path)
        #expect(try ImageFile.read(path) == picture())
    }

    /// Damaged, cut, foreign, missing and oversized files: one line naming the file, no trap.
    @Test func badFilesAreOneLineErrors() throws {
        let png = try ImageFile.png(picture()), jpeg = try ImageFile.jpeg(picture())
        var huge = jpeg
        // The frame header (SOF0, FF C0): length (2), precision (1), then height and width.
        let sof = try #require((0..<(huge.count - 1)).first { huge[$0] == 0xFF && huge[$0 + 1] == 0xC0 })
        (huge[sof + 5], huge[sof + 6], huge[sof + 7], huge[sof + 8]) = (0xEA, 0x60, 0xEA, 0x60)   // 60000 × 60000
        let cases: [([UInt8], String)] = [
            (Array(png.prefix(png.count / 2)), ""), (Array(jpeg.prefix(jpeg.count / 2)), ""),
            (Array(png.prefix(20)), ""), ([], "neither a PNG nor a JPEG"), (Array("GIF89a".utf8), "neither a PNG nor a JPEG"),
            (huge, "larger than rlrun reads"),
        ]
        for (bytes, reason) in cases {
            #expect { try ImageFile.decode(bytes, name: "bad.img") } throws: { error in
                let text = "\(error)"
                return text.hasPrefix("bad.img: ") && (reason.isEmpty || text.contains(reason)) && !text.contains("\n") && text.count > 12
            }
        }
        #expect { try ImageFile.read("/nonexistent/picture.png") } throws: { "\($0)".contains("no such file") }
    }
}
