#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Gym

/// `GrayscaleResize(MaxAndSkip(env))` fused, for a game observed as palette indices: the same
/// bytes as the general pipeline on RGB screens (a test compares them), at a fraction of the
/// work.
///
/// - Two indices say everything about the maximum of their colours, so the gray level of the
///   maximum is one lookup in a table of palette pairs, built once from
///   `Grayscale.luminance(max(r), max(g), max(b))`.
/// - A screen changes in a few rows from one step to the next (a ball, a paddle, a score).
///   Rows whose two frames are unchanged since the last step keep their gray levels, and
///   `AreaResize` redoes only the output rows the changed ones reach.
/// - As `MaxAndSkip`, only the frame before the last repetition is kept aside, so the frames
///   before it are never drawn; an episode that ends early shows its final frame alone.
public final class PaletteSkipAndShrink<Inner: Environment>: EnvironmentWrapper where Inner.Scalar == UInt8 {
    public typealias Scalar = UInt8
    public let inner: Inner
    public let skip: Int
    public let observationSpace: Box<UInt8>

    private let (width, height): (Int, Int)
    private let paletteSize: Int
    /// [paletteSize × paletteSize]: the gray level of the maximum of colours a and b at a·n + b.
    private let pairGray: UnsafeMutableBufferPointer<UInt8>
    /// The two frames maxed this step (the earlier one copied aside), and last step's two.
    private let earlier, lastEarlier, lastLater: UnsafeMutableBufferPointer<UInt8>
    /// [height × width] gray levels of the maxed screen, and the shrunk observation.
    private let gray, frame: UnsafeMutableBufferPointer<UInt8>
    private let changedRows: UnsafeMutableBufferPointer<Bool>
    private let area: AreaResize
    /// After a reset every row is redone: the last step's frames say nothing then.
    private var redoAll = true

    /// `inner` observes palette indices (shape [height, width]) of `palette`.
    public init(_ inner: Inner, palette: Palette, skip: Int = 4, screenSize: Int = 84) {
        precondition(skip >= 1 && screenSize >= 1, "PaletteSkipAndShrink needs skip ≥ 1 and a positive screen size")
        let shape = inner.observationSpace.shape
        precondition(shape.count == 2, "PaletteSkipAndShrink needs palette-index screens of shape [height, width], got \(shape)")
        (self.inner, self.skip) = (inner, skip)
        (height, width) = (shape[0], shape[1])
        paletteSize = palette.colors.count
        observationSpace = Box(low: 0, high: 255, shape: [screenSize, screenSize])
        pairGray = .allocate(capacity: paletteSize * paletteSize)
        for (a, first) in palette.colors.enumerated() {
            for (b, second) in palette.colors.enumerated() {
                pairGray[a * paletteSize + b] = Grayscale.luminance(
                    red: max(first.red, second.red), green: max(first.green, second.green), blue: max(first.blue, second.blue))
            }
        }
        let pixels = width * height
        (earlier, lastEarlier, lastLater, gray) = (.allocate(capacity: pixels), .allocate(capacity: pixels), .allocate(capacity: pixels), .allocate(capacity: pixels))
        for buffer in [earlier, lastEarlier, lastLater, gray] { buffer.initialize(repeating: 0) }
        frame = .allocate(capacity: screenSize * screenSize)
        frame.initialize(repeating: 0)
        changedRows = .allocate(capacity: height)
        changedRows.initialize(repeating: true)
        area = AreaResize(sourceWidth: width, sourceHeight: height, targetWidth: screenSize, targetHeight: screenSize)
    }

    deinit {
        for buffer in [pairGray, earlier, lastEarlier, lastLater, gray, frame] { buffer.deallocate() }
        changedRows.deallocate()
    }

    public func withObservation<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(frame))
    }

    @discardableResult
    public func reset(seed: UInt64?, options: [String: Double]) throws(EnvironmentError) -> StepInfo {
        let info = try inner.reset(seed: seed, options: options)
        redoAll = true
        inner.withObservation { latest in shrink(earlier: latest.baseAddress!, later: latest.baseAddress!) }
        return info
    }

    public func step(_ action: Int) throws(EnvironmentError) -> StepOutcome {
        let earlier = self.earlier
        let (outcome, maxed) = try inner.repeatStep(action, times: skip) { latest in _ = earlier.update(fromContentsOf: latest) }
        inner.withObservation { latest in
            shrink(earlier: maxed ? UnsafePointer(earlier.baseAddress!) : latest.baseAddress!, later: latest.baseAddress!)
        }
        return outcome
    }

    /// Gray levels of max(earlier, later) for the rows that changed, then the resize of those.
    private func shrink(earlier: UnsafePointer<UInt8>, later: UnsafePointer<UInt8>) {
        let (width, n) = (self.width, paletteSize)
        let table = pairGray.baseAddress!, gray = self.gray.baseAddress!, changed = changedRows.baseAddress!
        let lastEarlier = self.lastEarlier.baseAddress!, lastLater = self.lastLater.baseAddress!
        for y in 0..<height {
            let offset = y * width
            let same = !redoAll && memcmp(earlier + offset, lastEarlier + offset, width) == 0
                && memcmp(later + offset, lastLater + offset, width) == 0
            changed[y] = !same
            if same { continue }
            for x in offset..<(offset + width) { gray[x] = table[Int(earlier[x]) &* n &+ Int(later[x])] }
            (lastEarlier + offset).update(from: earlier + offset, count: width)
            (lastLater + offset).update(from: later + offset, count: width)
        }
        redoAll = false
        area.resize(UnsafeBufferPointer(self.gray), into: frame, changedSourceRows: UnsafeBufferPointer(changedRows))
    }
}

/// The Atari preprocessing of `atariPreprocessing`, for one of rlrun's own games, through the
/// fused `PaletteSkipAndShrink`: the same observations, rewards and ends as
/// `atariPreprocessing(AtariEnvironment<Game, ScreenPixels>(), …)` with the same settings and
/// seeds, made faster. The game is rendered in `renderMode`, and truncated after
/// `frameLimit` frames (the ALE v5's 108,000, 30 minutes, as the registry's games).
public func fastAtariPreprocessing<Game: AtariGame>(
    _ game: Game.Type, renderMode: RenderMode = .none, noopMax: Int = 30, frameSkip: Int = 4, screenSize: Int = 84,
    terminalOnLifeLoss: Bool = false, fireReset: Bool = true, clipRewards: Bool = true,
    frameStack: Int = 4, stickyActionProbability: Double = 0, flickerProbability: Double = 0, frameLimit: Int = 108_000,
    wrapGame: (AnyEnvironment<UInt8>) -> AnyEnvironment<UInt8> = { $0 }
) throws(EnvironmentError) -> AnyEnvironment<UInt8> {
    // `wrapGame` sees the game one frame a step, as the registry's id makes it: where an
    // episode recorder goes, so that a replay of its frames reproduces the episode.
    try atariPreprocessing(
        wrapGame(AnyEnvironment(TimeLimit(AtariEnvironment<Game, PaletteIndices>(renderMode: renderMode), maxEpisodeSteps: frameLimit))),
        noopMax: noopMax, frameSkip: frameSkip,
        screenSize: screenSize, terminalOnLifeLoss: terminalOnLifeLoss, fireReset: fireReset, clipRewards: clipRewards,
        frameStack: frameStack, stickyActionProbability: stickyActionProbability, flickerProbability: flickerProbability,
        skipAndShrink: { env, skip, size throws(EnvironmentError) in
            AnyEnvironment(PaletteSkipAndShrink(env, palette: Game.palette, skip: skip, screenSize: size))
        })
}
