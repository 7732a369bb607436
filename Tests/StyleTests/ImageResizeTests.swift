import Gym
import Style
import Testing

@Suite struct ImageResizeTests {
    /// Halving averages each 2×2 block exactly; a third of the size averages 3×3 blocks.
    @Test func shrinkingAveragesTheAreaEachPixelCovers() {
        var pixels: [UInt8] = []
        for i in 0..<36 {
            let (red, green, blue): (Int, Int, Int) = (i * 7, 255 - i * 7, i % 6 * 40)
            pixels += [UInt8(red), UInt8(green), UInt8(blue)]
        }
        let frame = RGBFrame(width: 6, height: 6, pixels: pixels)
        for block in [2, 3] {
            let small = frame.resized(width: 6 / block, height: 6 / block)
            for y in 0..<(6 / block) {
                for x in 0..<(6 / block) {
                    for c in 0..<3 {
                        var sum = 0.0
                        for dy in 0..<block {
                            for dx in 0..<block {
                                let index: Int = ((y * block + dy) * 6 + x * block + dx) * 3 + c
                                sum += Double(pixels[index])
                            }
                        }
                        let want = UInt8((sum / Double(block * block)).rounded())
                        #expect(small.pixels[(y * (6 / block) + x) * 3 + c] == want, "block \(block) at \(x),\(y) channel \(c)")
                    }
                }
            }
        }
    }

    /// Enlarging is bilinear: a flat picture stays flat, a ramp stays a ramp between its ends.
    @Test func enlargingInterpolatesBetweenNeighbours() {
        let flat = RGBFrame(width: 3, height: 2, pixels: Array(repeating: 77, count: 18)).resized(width: 7, height: 5)
        #expect(flat.pixels.allSatisfy { $0 == 77 })
        let ramp = RGBFrame(width: 2, height: 1, pixels: [0, 0, 0, 200, 200, 200]).resized(width: 8, height: 1)
        let reds = stride(from: 0, to: 24, by: 3).map { ramp.pixels[$0] }
        #expect(reds.first == 0 && reds.last == 200 && zip(reds, reds.dropFirst()).allSatisfy { $0 <= $1 }, "\(reds)")
        #expect(RGBFrame(width: 40, height: 20, pixels: Array(repeating: 1, count: 2400)).scaled(toLongerSide: 10).height == 5)
    }
}
