#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna 2018), its state filled
/// from the seed by SplitMix64 as the authors recommend.
///
/// Only integer arithmetic goes into the bits, so a seed gives the same integers and uniform
/// floats (the top 24 bits, scaled) on every machine. Normals come from Box–Muller in Double
/// through the C library's log and cos, which are correctly rounded in practice but not
/// promised to be: they agree to far below Float32 precision across machines.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// The generator's whole state, to save it and go on later from where it stands.
    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// A generator that goes on from `stateWords`; nil unless there are four words, not all
    /// zero (xoshiro's one invalid state: it would give zeros for ever).
    public init?(stateWords words: [UInt64]) {
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
        state = (words[0], words[1], words[2], words[3])
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    @inline(__always)
    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1), a multiple of 2⁻²⁴.
    public mutating func nextUniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUniformDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal by the Box–Muller transform.
    public mutating func nextNormal() -> Double {
        let u1 = 1 - nextUniformDouble()  // in (0, 1], so the logarithm is finite
        let u2 = nextUniformDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Uniform integer in 0..<bound, without modulo bias (Lemire 2019).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound, got \(bound)")
        return Int(next(upperBound: UInt64(bound)))
    }

    /// Puts `elements` in a uniformly random order (Fisher–Yates), drawing from this
    /// generator only, so that a seed fixes the order on every Swift version (the standard
    /// library's `shuffle(using:)` does not promise its draws).
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(i, nextInt(below: i + 1))
        }
    }

    /// A generator for a sub-task (a layer's initializer, an env copy), independent of this one.
    public mutating func split() -> SeededGenerator { SeededGenerator(seed: next()) }
}
