import Foundation
import Testing
@testable import Gym
import Randomness

@Suite struct GIFLZWCompression {
    private func roundTrip(_ indices: [UInt8], minimumCodeSize: Int) throws -> GIFTestDecoder.LZWStatistics {
        let codes = GIFLZW.encode(indices, minimumCodeSize: minimumCodeSize)
        let (decoded, statistics) = try GIFTestDecoder.lzwDecode(codes, minimumCodeSize: minimumCodeSize)
        #expect(decoded == indices, "\(indices.count) indices, minimum code size \(minimumCodeSize)")
        return statistics
    }

    @Test func smallInputsRoundTrip() throws {
        _ = try roundTrip([], minimumCodeSize: 2)
        _ = try roundTrip([0], minimumCodeSize: 2)
        _ = try roundTrip([3, 3, 3, 3, 3, 3, 3], minimumCodeSize: 2)
        _ = try roundTrip([255], minimumCodeSize: 8)
        _ = try roundTrip([0, 1, 0, 1, 0, 1, 0, 1, 2, 2, 2], minimumCodeSize: 2)
    }

    @Test func everyLengthRoundTripsIncludingAWideningJustBeforeTheEnd() throws {
        var generator = SeededGenerator(seed: 1)
        let few = (0..<300).map { _ in UInt8(generator.nextInt(below: 4)) }
        let many = (0..<280).map { _ in UInt8(generator.nextInt(below: 256)) }
        var widenedBeforeEnd = 0
        for count in 1...few.count where try roundTrip(Array(few.prefix(count)), minimumCodeSize: 2).widenedBeforeEnd {
            widenedBeforeEnd += 1
        }
        // Around 254 codes the 9-bit codes run out.
        for count in 240...many.count where try roundTrip(Array(many.prefix(count)), minimumCodeSize: 8).widenedBeforeEnd {
            widenedBeforeEnd += 1
        }
        #expect(widenedBeforeEnd >= 2)
    }

    @Test func manyColoursFillTheTableAndClearIt() throws {
        var generator = SeededGenerator(seed: 2)
        let indices = (0..<20_000).map { _ in UInt8(generator.nextInt(below: 256)) }
        let statistics = try roundTrip(indices, minimumCodeSize: 8)
        #expect(statistics.widestCode == 12)
        // The first clear code starts the stream; the others each empty a full table.
        #expect(statistics.clearCodes >= 4)
    }

    @Test func fewColoursInLongRunsGrowTheCodesTo12Bits() throws {
        var generator = SeededGenerator(seed: 3)
        var indices: [UInt8] = []
        while indices.count < 120_000 {
            indices += repeatElement(UInt8(generator.nextInt(below: 2)), count: 1 + generator.nextInt(below: 40))
        }
        let statistics = try roundTrip(indices, minimumCodeSize: 2)
        #expect(statistics.widestCode == 12)
    }
}

@Suite struct GIFFiles {
    /// A frame whose pixel at (x, y) is `colour(x, y)`.
    private func frame(width: Int, height: Int, _ colour: (Int, Int) -> (UInt8, UInt8, UInt8)) -> RGBFrame {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                let (r, g, b) = colour(x, y)
                pixels += [r, g, b]
            }
        }
        return RGBFrame(width: width, height: height, pixels: pixels)
    }

    /// The frames of `gif` as RGB, through its colour table.
    private func pixels(of gif: GIFTestDecoder) -> [[UInt8]] {
        gif.frames.map { $0.indices.flatMap { gif.colour($0) } }
    }

    @Test func theFileHasGIF89asStructure() throws {
        let colours: [(UInt8, UInt8, UInt8)] = [(0, 0, 0), (255, 255, 255), (200, 72, 72)]
        let frames = (0..<3).map { t in frame(width: 5, height: 4) { x, y in colours[(x + y + t) % 3] } }
        let bytes = try GIFWriter(framesPerSecond: 25, loopCount: 0).encode(frames)
        #expect(Array(bytes.prefix(6)) == Array("GIF89a".utf8))
        #expect(Array(bytes[6..<10]) == [5, 0, 4, 0])
        // Global table present, 8-bit colour resolution, 4 entries (2^(1+1)) for 3 colours.
        #expect(bytes[10] == 0xF1)
        #expect(bytes.last == 0x3B)
        let gif = try GIFTestDecoder(bytes)
        #expect(gif.width == 5 && gif.height == 4)
        #expect(gif.colourTable.count == 12)
        #expect(gif.loopCount == 0)
        #expect(gif.frames.count == 3)
        #expect(gif.frames.allSatisfy { $0.delay == 4 && $0.left == 0 && $0.top == 0 && $0.width == 5 && $0.height == 4 })
        #expect(pixels(of: gif) == frames.map(\.pixels))
    }

    @Test func aSingleColourStillMakesAValidTable() throws {
        let frames = [frame(width: 3, height: 3) { _, _ in (9, 9, 9) }]
        let gif = try GIFTestDecoder(GIFWriter(framesPerSecond: 10, loopCount: 3).encode(frames))
        #expect(gif.colourTable.count == 6)
        #expect(gif.loopCount == 3)
        #expect(pixels(of: gif) == frames.map(\.pixels))
    }

    @Test func upTo256ColoursAreKeptExactlyInLargeFrames() throws {
        var generator = SeededGenerator(seed: 4)
        let palette = (0..<256).map { _ in (UInt8(generator.nextInt(below: 256)), UInt8(generator.nextInt(below: 256)), UInt8(generator.nextInt(below: 256))) }
        // 10,240 pixels of nearly as many codes: the table fills and is cleared twice.
        let frames = [frame(width: 128, height: 80) { _, _ in palette[generator.nextInt(below: 256)] }]
        let gif = try GIFTestDecoder(GIFWriter(framesPerSecond: 60).encode(frames))
        #expect(gif.colourTable.count == 768)
        #expect(pixels(of: gif) == frames.map(\.pixels))
    }

    @Test func moreThan256ColoursAreRoundedToTheColourCube() throws {
        let frames = [frame(width: 40, height: 30) { x, y in (UInt8(x * 6), UInt8(y * 8), UInt8((x * y) % 256)) }]
        let gif = try GIFTestDecoder(GIFWriter(framesPerSecond: 10).encode(frames))
        func nearest(_ value: UInt8, levels: Int) -> UInt8 {
            let step = 255.0 / Double(levels - 1)
            return UInt8(((Double(value) / step).rounded() * step).rounded())
        }
        let expected = stride(from: 0, to: frames[0].pixels.count, by: 3).flatMap { i in
            [nearest(frames[0].pixels[i], levels: 6), nearest(frames[0].pixels[i + 1], levels: 7), nearest(frames[0].pixels[i + 2], levels: 6)]
        }
        #expect(pixels(of: gif) == [expected])
    }

    @Test func downscalingKeepsTheTopLeftPixelOfEachBlock() throws {
        let frames = [frame(width: 7, height: 5) { x, y in (UInt8(x), UInt8(y), 0) }]
        let gif = try GIFTestDecoder(GIFWriter(framesPerSecond: 10, downscale: 2).encode(frames))
        #expect(gif.width == 3 && gif.height == 2)
        let expected = frame(width: 3, height: 2) { x, y in (UInt8(2 * x), UInt8(2 * y), 0) }
        #expect(pixels(of: gif) == [expected.pixels])
    }

    @Test func delaysFollowTheFrameRateWithoutDrifting() {
        #expect(GIFWriter(framesPerSecond: 30).delays(count: 6) == [3, 4, 3, 3, 4, 3])
        #expect(GIFWriter(framesPerSecond: 12.5).delays(count: 3) == [8, 8, 8])
        // Browsers slow delays below 2 hundredths down to 10, so none is below 2.
        #expect(GIFWriter(framesPerSecond: 60).delays(count: 4) == [2, 2, 2, 2])
    }

    @Test func framesThatCannotMakeAGIFAreRefused() {
        let small = frame(width: 2, height: 2) { _, _ in (1, 2, 3) }
        let wide = frame(width: 3, height: 2) { _, _ in (1, 2, 3) }
        #expect(throws: GIFError.noFrames) { try GIFWriter(framesPerSecond: 10).encode([]) }
        #expect(throws: GIFError.frameSizesDiffer(index: 1, width: 3, height: 2, firstWidth: 2, firstHeight: 2)) {
            try GIFWriter(framesPerSecond: 10).encode([small, wide])
        }
        #expect(throws: GIFError.invalidDownscale(factor: 3, width: 2, height: 2)) { try GIFWriter(framesPerSecond: 10, downscale: 3).encode([small]) }
        #expect(throws: GIFError.invalidDownscale(factor: 0, width: 2, height: 2)) { try GIFWriter(framesPerSecond: 10, downscale: 0).encode([small]) }
        #expect(throws: GIFError.invalidFramesPerSecond(0)) { try GIFWriter(framesPerSecond: 0).encode([small]) }
    }

    @Test func writingIsAtomicAndNamesTheFileOnFailure() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let frames = [frame(width: 2, height: 2) { x, _ in (UInt8(x), 0, 0) }]
        let writer = GIFWriter(framesPerSecond: 10)
        let url = directory.appendingPathComponent("out.gif")
        try writer.write(frames, to: url)
        #expect(Array(try Data(contentsOf: url)) == (try writer.encode(frames)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.gif"])
        let missing = directory.appendingPathComponent("missing/out.gif")
        let error = #expect(throws: GIFError.self) { try writer.write(frames, to: missing) }
        #expect(error?.description.hasPrefix(missing.path) == true)
    }
}
