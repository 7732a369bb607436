import Foundation
import Testing
import Games
import Gym
import Randomness

/// The rasterizer against the rule it promises: a pixel is covered when its centre lies in the
/// shape. The references below test every pixel's centre directly, slowly.
@Suite struct CanvasTests {
    /// Point in convex polygon: the centre is on the same side of every edge.
    private func referenceCovers(_ corners: [(x: Double, y: Double)], _ px: Double, _ py: Double) -> Bool {
        var sign = 0.0
        for i in corners.indices {
            let a = corners[i], b = corners[(i + 1) % corners.count]
            let cross = (b.x - a.x) * (py - a.y) - (b.y - a.y) * (px - a.x)
            if cross == 0 { continue }
            if sign == 0 { sign = cross } else if (sign > 0) != (cross > 0) { return false }
        }
        return true
    }

    @Test func rectanglesAreClippedToTheCanvas() {
        let canvas = Canvas(width: 10, height: 8)
        canvas.fillRectangle(x: -3, y: 6, width: 5, height: 10, color: 2)
        for y in 0..<8 {
            for x in 0..<10 { #expect(canvas[x, y] == (x < 2 && y >= 6 ? 2 : 0)) }
        }
        canvas.fillRectangle(x: 20, y: 0, width: 5, height: 5, color: 1)  // wholly outside: nothing
        #expect(canvas.pixels.allSatisfy { $0 != 1 })
    }

    @Test func convexPolygonsCoverExactlyThePixelCentresInside() {
        var generator = SeededGenerator(seed: 4)
        for _ in 0..<30 {
            // A random rotated rectangle, like CartPole's pole, partly off the canvas at times.
            let cx = generator.nextUniformDouble() * 40 - 5, cy = generator.nextUniformDouble() * 30 - 5
            let angle = generator.nextUniformDouble() * 6.28
            let (u, v) = (8 * generator.nextUniformDouble() + 1, 3 * generator.nextUniformDouble() + 1)
            let (c, s) = (cos(angle), sin(angle))
            let corners = [(-u, -v), (u, -v), (u, v), (-u, v)].map { (x: cx + $0.0 * c - $0.1 * s, y: cy + $0.0 * s + $0.1 * c) }
            let canvas = Canvas(width: 32, height: 24)
            canvas.fillConvexPolygon(corners, color: 1)
            var differing = 0
            for y in 0..<24 {
                for x in 0..<32 where (canvas[x, y] == 1) != referenceCovers(corners, Double(x) + 0.5, Double(y) + 0.5) {
                    differing += 1
                }
            }
            // Centres exactly on an edge may go either way; random corners make that rare.
            #expect(differing == 0)
        }
    }

    @Test func discsCoverThePixelCentresWithinTheRadius() {
        let canvas = Canvas(width: 20, height: 20)
        canvas.fillDisc(centerX: 9.3, centerY: 10.1, radius: 6.2, color: 3)
        for y in 0..<20 {
            for x in 0..<20 {
                let (dx, dy) = (Double(x) + 0.5 - 9.3, Double(y) + 0.5 - 10.1)
                #expect((canvas[x, y] == 3) == (dx * dx + dy * dy <= 6.2 * 6.2))
            }
        }
    }

    @Test func textDrawsGlyphBlocksAtTheScale() {
        let canvas = Canvas(width: 20, height: 12)
        canvas.drawText("1", x: 2, y: 1, scaleX: 2, scaleY: 2, color: 5)
        // "1" is 010/110/010/010/111: its top row lights only the middle font pixel.
        #expect(canvas[2, 1] == 0 && canvas[4, 1] == 5 && canvas[5, 2] == 5 && canvas[6, 1] == 0)
        #expect(canvas[2, 9] == 5 && canvas[7, 10] == 5)  // the bottom bar, all three
        #expect(Canvas.textWidth("12", scaleX: 2) == 14)
    }

    @Test func rgbFramesLookUpThePalette() {
        let canvas = Canvas(width: 3, height: 2)
        canvas.fillRectangle(x: 1, y: 1, width: 2, height: 1, color: 1)
        let frame = canvas.rgbFrame(palette: Palette([(1, 2, 3), (200, 100, 50)]))
        #expect(frame.pixels == [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 200, 100, 50, 200, 100, 50])
    }
}

@Suite struct CanvasRGBTests {
    /// The packed 8-pixel stores give the reference's bytes, the pixels left over included.
    @Test(arguments: [(1, 1), (3, 2), (5, 3), (160, 210)])
    func fastRGBEqualsTheReference(width: Int, height: Int) {
        var generator = SeededGenerator(seed: UInt64(width))
        let canvas = Canvas(width: width, height: height)
        for i in 0..<(width * height) { canvas.pixels[i] = UInt8(generator.nextInt(below: 5)) }
        let palette = Palette([(1, 2, 3), (250, 251, 252), (0, 0, 0), (9, 99, 199), (255, 0, 128)])
        var fast = [UInt8](repeating: 7, count: width * height * 3), reference = fast
        fast.withUnsafeMutableBufferPointer { canvas.writeRGB(palette: palette, into: $0) }
        reference.withUnsafeMutableBufferPointer { canvas.writeRGBReference(palette: palette, into: $0) }
        #expect(fast == reference)
    }
}
