import Testing
@testable import Gym
import Randomness

/// The area resize straight from its definition: each output pixel sums every source pixel
/// it overlaps, weighted by the overlap's area in units of 1/(w·h) of a source pixel, and
/// rounds the mean half up. No tables, no separation.
func referenceAreaResize(_ source: [UInt8], width W: Int, height H: Int, toWidth w: Int, height h: Int) -> [UInt8] {
    func overlap(_ o: Int, _ s: Int, source: Int, target: Int) -> Int {
        max(0, min((o + 1) * source, (s + 1) * target) - max(o * source, s * target))
    }
    var target: [UInt8] = []
    for oy in 0..<h {
        for ox in 0..<w {
            var sum = 0, weights = 0
            for sy in (oy * H / h)...(((oy + 1) * H - 1) / h) {
                for sx in (ox * W / w)...(((ox + 1) * W - 1) / w) {
                    let weight = overlap(ox, sx, source: W, target: w) * overlap(oy, sy, source: H, target: h)
                    sum += weight * Int(source[sy * W + sx])
                    weights += weight
                }
            }
            precondition(weights == W * H)
            target.append(UInt8((2 * sum + weights) / (2 * weights)))
        }
    }
    return target
}

func fastAreaResize(_ source: [UInt8], width: Int, height: Int, toWidth w: Int, height h: Int) -> [UInt8] {
    let resize = AreaResize(sourceWidth: width, sourceHeight: height, targetWidth: w, targetHeight: h)
    var target = [UInt8](repeating: 0, count: w * h)
    source.withUnsafeBufferPointer { source in
        target.withUnsafeMutableBufferPointer { resize.resize(source, into: $0) }
    }
    return target
}

@Suite struct AreaResizeTests {
    static let sizes: [(width: Int, height: Int, toWidth: Int, toHeight: Int)] = [
        (160, 210, 84, 84),   // the Atari screen
        (7, 5, 3, 2), (5, 3, 8, 7), (13, 1, 4, 1), (1, 1, 3, 3), (10, 10, 10, 10), (9, 6, 3, 2), (6, 9, 4, 5),
    ]

    @Test(arguments: sizes.indices)
    func fastEqualsTheReferenceOnRandomImages(_ index: Int) {
        let (width, height, w, h) = Self.sizes[index]
        var generator = SeededGenerator(seed: UInt64(index))
        for _ in 0..<3 {
            let image = (0..<(width * height)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(fastAreaResize(image, width: width, height: height, toWidth: w, height: h)
                    == referenceAreaResize(image, width: width, height: height, toWidth: w, height: h))
        }
    }

    @Test func extremesSurviveTheRounding() {
        // All 255 must stay 255 (no overflow, no lost half), all 0 stay 0.
        for value: UInt8 in [0, 1, 128, 254, 255] {
            let image = [UInt8](repeating: value, count: 160 * 210)
            #expect(fastAreaResize(image, width: 160, height: 210, toWidth: 84, height: 84) == [UInt8](repeating: value, count: 84 * 84))
        }
    }

    @Test func sameSizeIsTheIdentityAndHalvingAveragesPairs() {
        let image: [UInt8] = [10, 20, 30, 40, 50, 60]
        #expect(fastAreaResize(image, width: 3, height: 2, toWidth: 3, height: 2) == image)
        // 4 × 1 → 2 × 1: (0 + 3)/2 = 1.5 rounds up to 2, (10 + 20)/2 = 15.
        #expect(fastAreaResize([0, 3, 10, 20], width: 4, height: 1, toWidth: 2, height: 1) == [2, 15])
    }
}

@Suite struct GrayscaleTests {
    @Test func knownColoursGetOpenCVsLevels() {
        #expect(Grayscale.luminance(red: 255, green: 0, blue: 0) == 76)
        #expect(Grayscale.luminance(red: 0, green: 255, blue: 0) == 150)
        #expect(Grayscale.luminance(red: 0, green: 0, blue: 255) == 29)
        #expect(Grayscale.luminance(red: 255, green: 255, blue: 255) == 255)
        #expect(Grayscale.luminance(red: 0, green: 0, blue: 0) == 0)
        #expect(Grayscale.luminance(red: 100, green: 100, blue: 100) == 100)
    }

    @Test func theWrapperConvertsThenResizes() throws {
        let game = FakeAtariGame(width: 16, height: 12)
        let env = try GrayscaleResize(game, width: 8, height: 5)
        #expect(env.observationSpace == Box(low: 0, high: 255, shape: [5, 8]))
        try env.reset(seed: 4)
        for _ in 0..<3 {
            let rgb = game.observation()
            let gray = (0..<(16 * 12)).map { Grayscale.luminance(red: rgb[3 * $0], green: rgb[3 * $0 + 1], blue: rgb[3 * $0 + 2]) }
            #expect(env.observation() == referenceAreaResize(gray, width: 16, height: 12, toWidth: 8, height: 5))
            _ = try env.step(2)
        }
    }

    @Test func rejectsObservationsThatAreNotRGB() throws {
        let gray = try GrayscaleResize(FakeAtariGame(), width: 8, height: 8)
        #expect(throws: EnvironmentError.self) { try GrayscaleResize(gray) }
    }
}

@Suite struct AreaResizeIncrementalTests {
    /// Redoing only the rows that changed gives the bytes of a whole resize of the new image.
    @Test func changedRowsGiveTheWholeResize() {
        var generator = SeededGenerator(seed: 12)
        let (W, H) = (160, 210)
        var image = (0..<(W * H)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let resize = AreaResize(sourceWidth: W, sourceHeight: H, targetWidth: 84, targetHeight: 84)
        var target = [UInt8](repeating: 0, count: 84 * 84)
        image.withUnsafeBufferPointer { source in target.withUnsafeMutableBufferPointer { resize.resize(source, into: $0) } }
        for _ in 0..<5 {
            var changed = [Bool](repeating: false, count: H)
            // A band such as a moving paddle, and a single row.
            let band = generator.nextInt(below: H - 8)
            for y in [generator.nextInt(below: H)] + Array(band..<(band + 8)) {
                changed[y] = true
                for x in 0..<W { image[y * W + x] = UInt8(truncatingIfNeeded: generator.next()) }
            }
            image.withUnsafeBufferPointer { source in
                changed.withUnsafeBufferPointer { flags in
                    target.withUnsafeMutableBufferPointer { resize.resize(source, into: $0, changedSourceRows: flags) }
                }
            }
            #expect(target == referenceAreaResize(image, width: W, height: H, toWidth: 84, height: 84))
        }
    }
}

@Suite struct ExactReciprocalTests {
    /// The multiply-and-shift quotient equals the division for random and edge dividends.
    @Test(arguments: [1, 2, 3, 7, 67_200, 480_000, 1 << 20, 999_983] as [UInt32])
    func quotientsEqualDivision(divisor: UInt32) {
        let bits = 26
        let reciprocal = ExactReciprocal(divisor: divisor, dividendBits: bits)
        var generator = SeededGenerator(seed: UInt64(divisor))
        let edges: [UInt32] = [0, 1, divisor - 1, divisor, divisor + 1, (1 << bits) - 1]
        for x in edges + (0..<20_000).map({ _ in UInt32(generator.nextInt(below: 1 << bits)) }) {
            #expect(reciprocal.quotient(x) == x / divisor)
        }
    }
}
