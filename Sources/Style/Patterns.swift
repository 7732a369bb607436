import Foundation
import Gym
import Randomness

/// Pictures rlrun draws itself, to give style transfer a style without a file: textures with
/// strong local statistics (colour, edges, repetition), which is what a Gram matrix captures.
public enum Pattern: String, Sendable, CaseIterable {
    /// Stained glass: Voronoi cells of saturated colours, each shaded from its centre, with dark
    /// lead lines where two cells meet.
    case stainedGlass = "stained-glass"
    /// Waves: bands of colour from three interfering sine waves.
    case waves

    /// The pattern at `width` × `height`, its random parts drawn from `seed`.
    public func draw(width: Int, height: Int, seed: UInt64) -> RGBFrame {
        precondition(width >= 1 && height >= 1, "a pattern needs a positive size, got \(width)×\(height)")
        var generator = SeededGenerator(seed: seed)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        switch self {
        case .stainedGlass:
            let cellCount = Swift.max(8, width * height / 900)
            let centres = (0..<cellCount).map { _ in (x: generator.nextUniform() * Float(width), y: generator.nextUniform() * Float(height)) }
            let colours = (0..<cellCount).map { _ in hue(generator.nextUniform()) }
            for y in 0..<height {
                for x in 0..<width {
                    // The nearest two centres: their distances' difference is small near a border.
                    var (first, second, nearest) = (Float.infinity, Float.infinity, 0)
                    for (c, centre) in centres.enumerated() {
                        let dx = Float(x) - centre.x, dy = Float(y) - centre.y
                        let d = (dx * dx + dy * dy).squareRoot()
                        if d < first { (second, first, nearest) = (first, d, c) } else if d < second { second = d }
                    }
                    let lead = second - first < 2.5
                    let shade = lead ? 0.12 : 1 - 0.45 * Swift.min(first / 40, 1)
                    for c in 0..<3 { pixels[(y * width + x) * 3 + c] = UInt8(255 * colours[nearest][c] * shade) }
                }
            }
        case .waves:
            let waves = (0..<3).map { _ in
                (angle: generator.nextUniform() * .pi, frequency: 0.04 + 0.08 * generator.nextUniform(), phase: generator.nextUniform() * 2 * .pi)
            }
            for y in 0..<height {
                for x in 0..<width {
                    var sum: Float = 0
                    for wave in waves {
                        let along = Float(x) * cos(wave.angle) + Float(y) * sin(wave.angle)
                        sum += sin(along * wave.frequency + wave.phase)
                    }
                    let colour = hue((sum / 6 + 0.5).truncatingRemainder(dividingBy: 1))
                    let band: Float = abs(sin(sum * 2)) < 0.15 ? 0.2 : 1   // dark lines between bands
                    for c in 0..<3 { pixels[(y * width + x) * 3 + c] = UInt8(255 * colour[c] * band) }
                }
            }
        }
        return RGBFrame(width: width, height: height, pixels: pixels)
    }
}

/// A saturated colour of hue `h` in [0, 1) (HSV with S = V = 1), as RGB in [0, 1].
private func hue(_ h: Float) -> [Float] {
    let sector = h * 6, fraction = sector - sector.rounded(.down)
    switch Int(sector) % 6 {
    case 0: return [1, fraction, 0]
    case 1: return [1 - fraction, 1, 0]
    case 2: return [0, 1, fraction]
    case 3: return [0, 1 - fraction, 1]
    case 4: return [fraction, 0, 1]
    default: return [1, 0, 1 - fraction]
    }
}
