import Randomness

/// Seeds for the generators that wrappers keep of their own (no-op counts, sticky actions).
///
/// A wrapper is reset with the same seed as the environment inside it. Seeding its generator
/// with that seed directly would replay the inner environment's own random stream, so the
/// wrapper's draws would be correlated with the game's; each wrapper instead mixes the seed
/// with a tag naming its stream and takes the first output of a generator seeded with that.
enum WrapperSeed {
    /// "noop" in ASCII: `NoopReset`'s stream.
    static let noopStream: UInt64 = 0x6E6F_6F70
    /// "sticky" in ASCII: `StickyActions`'s stream.
    static let stickyStream: UInt64 = 0x7374_6963_6B79
    /// "flicker" in ASCII: `Flicker`'s stream.
    static let flickerStream: UInt64 = 0x66_6C69_636B_6572

    /// A seed for `stream`, derived from the reset seed `seed`.
    static func derive(_ seed: UInt64, stream: UInt64) -> UInt64 {
        var mixer = SeededGenerator(seed: seed ^ stream)
        return mixer.next()
    }

    /// The generator for `stream` after a reset with `seed`.
    static func generator(_ seed: UInt64, stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: derive(seed, stream: stream))
    }
}
