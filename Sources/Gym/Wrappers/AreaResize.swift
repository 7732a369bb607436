/// Resizes a single-channel 8-bit image by exact area averaging: OpenCV's `INTER_AREA` in
/// spirit, which Stable-Baselines3's `WarpFrame` and Gymnasium's `AtariPreprocessing` use to
/// shrink the 210 × 160 Atari screen to 84 × 84.
///
/// Output pixel (ox, oy) is the mean of the source rectangle
/// [ox·W/w, (ox+1)·W/w) × [oy·H/h, (oy+1)·H/h), a source pixel counting by how much of it
/// lies inside. Measured in 1/w of a source column and 1/h of a source row, every overlap is
/// an integer and the weights of one output pixel sum to W·H, so the mean is computed exactly
/// in integers and rounded half up: the same bytes on every machine. (OpenCV's own tables use
/// floats, so its result can differ from this one by one level in places.)
///
/// The sum is separable: each source row is first reduced to w column sums, then h weighted
/// sums of rows give the output. The tables and the row sums are allocated once, so `resize`
/// allocates nothing; an instance is not to be shared between threads.
public final class AreaResize {
    public let sourceWidth: Int, sourceHeight: Int
    public let targetWidth: Int, targetHeight: Int

    /// For one axis: where each output's source span starts and its `taps` weights.
    private struct Axis {
        let taps: Int
        /// First source index of output o (clamped so that `taps` indices stay inside).
        let start: UnsafeMutableBufferPointer<Int>
        /// `taps` weights per output, in units of 1/target of a source pixel; zero past the span.
        let weights: UnsafeMutableBufferPointer<UInt32>

        /// Output o of `target` covers [o·source, (o+1)·source) in units of 1/target; source
        /// pixel s covers [s·target, (s+1)·target).
        init(source: Int, target: Int) {
            func span(_ o: Int) -> ClosedRange<Int> { (o * source / target)...(((o + 1) * source - 1) / target) }
            let taps = (0..<target).map { span($0).count }.max()!
            self.taps = taps
            start = .allocate(capacity: target)
            weights = .allocate(capacity: target * taps)
            weights.initialize(repeating: 0)
            for o in 0..<target {
                let first = Swift.min(span(o).lowerBound, source - taps)
                start[o] = first
                for s in span(o) {
                    let overlap = Swift.min((o + 1) * source, (s + 1) * target) - Swift.max(o * source, s * target)
                    weights[o * taps + s - first] = UInt32(overlap)
                }
            }
        }

        func deallocate() {
            start.deallocate()
            weights.deallocate()
        }
    }

    private let columns: Axis
    private let rows: Axis
    /// [sourceHeight, targetWidth]: each source row reduced to the output's columns.
    private let rowSums: UnsafeMutableBufferPointer<UInt32>
    /// [targetWidth]: one output row before rounding.
    private let accumulator: UnsafeMutableBufferPointer<UInt32>
    /// Divides by 2·W·H: every dividend 2·sum + W·H is at most 511·W·H.
    private let mean: ExactReciprocal

    public init(sourceWidth: Int, sourceHeight: Int, targetWidth: Int, targetHeight: Int) {
        precondition(sourceWidth > 0 && sourceHeight > 0 && targetWidth > 0 && targetHeight > 0,
                     "image sizes must be positive, got \(sourceWidth)×\(sourceHeight) → \(targetWidth)×\(targetHeight)")
        // 2·sum + W·H ≤ 511·W·H must fit the 32-bit accumulator.
        precondition(511 * sourceWidth * sourceHeight <= Int(UInt32.max),
                     "a \(sourceWidth)×\(sourceHeight) source is too large for 32-bit area sums")
        (self.sourceWidth, self.sourceHeight, self.targetWidth, self.targetHeight) =
            (sourceWidth, sourceHeight, targetWidth, targetHeight)
        columns = Axis(source: sourceWidth, target: targetWidth)
        rows = Axis(source: sourceHeight, target: targetHeight)
        rowSums = .allocate(capacity: sourceHeight * targetWidth)
        rowSums.initialize(repeating: 0)
        mean = ExactReciprocal(divisor: UInt32(2 * sourceWidth * sourceHeight),
                               dividendBits: Int.bitWidth - (511 * sourceWidth * sourceHeight).leadingZeroBitCount)
        accumulator = .allocate(capacity: targetWidth)
        accumulator.initialize(repeating: 0)
    }

    deinit {
        columns.deallocate()
        rows.deallocate()
        rowSums.deallocate()
        accumulator.deallocate()
    }

    /// Resizes `source` (sourceHeight × sourceWidth, row by row) into `target`
    /// (targetHeight × targetWidth).
    public func resize(_ source: UnsafeBufferPointer<UInt8>, into target: UnsafeMutableBufferPointer<UInt8>) {
        resize(source, into: target, changedSourceRows: nil)
    }

    /// Resizes as `resize(_:into:)`, but when `changedSourceRows` is given (one flag per source
    /// row) only the flagged rows are read again and only the output rows they reach are
    /// written: the rest of `target` is left as the previous call on this instance wrote it.
    /// The caller promises that unflagged rows are unchanged since that call and that
    /// `target` still holds its output. The result is the same bytes as a whole resize; a game
    /// whose ball moved redoes a few rows instead of the screen.
    public func resize(_ source: UnsafeBufferPointer<UInt8>, into target: UnsafeMutableBufferPointer<UInt8>,
                       changedSourceRows: UnsafeBufferPointer<Bool>?) {
        let (W, H, w, h) = (sourceWidth, sourceHeight, targetWidth, targetHeight)
        precondition(source.count == W * H, "a \(W)×\(H) source has \(W * H) pixels, got \(source.count)")
        precondition(target.count == w * h, "a \(w)×\(h) target has \(w * h) pixels, got \(target.count)")
        precondition(changedSourceRows.map { $0.count == H } ?? true, "one changed-row flag per source row (\(H)) is needed")
        let src = source.baseAddress!, out = target.baseAddress!
        let sums = rowSums.baseAddress!, acc = accumulator.baseAddress!
        let columnStart = columns.start.baseAddress!, columnWeights = columns.weights.baseAddress!
        let rowStart = rows.start.baseAddress!, rowWeights = rows.weights.baseAddress!
        let columnTaps = columns.taps, rowTaps = rows.taps
        let changed = changedSourceRows?.baseAddress

        // Horizontal: sums[y][ox] = Σ_sx weight(ox, sx) · source[y][sx], at most 255·W.
        for y in 0..<H where changed?[y] ?? true {
            let line = src + y * W, reduced = sums + y * w
            for ox in 0..<w {
                let pixels = line + columnStart[ox], weights = columnWeights + ox * columnTaps
                var sum: UInt32 = 0
                for k in 0..<columnTaps { sum &+= weights[k] &* UInt32(pixels[k]) }
                reduced[ox] = sum
            }
        }

        // Vertical: acc[ox] = Σ_sy weight(oy, sy) · sums[sy][ox], at most 255·W·H; then the
        // mean, rounded half up: ⌊(2·acc + W·H) / (2·W·H)⌋, by the exact reciprocal.
        let area = UInt32(W * H)
        for oy in 0..<h {
            let weights = rowWeights + oy * rowTaps
            if let changed {
                var reached = false
                for k in 0..<rowTaps where weights[k] != 0 && changed[rowStart[oy] + k] { reached = true }
                if !reached { continue }
            }
            acc.update(repeating: 0, count: w)
            for k in 0..<rowTaps {
                let weight = weights[k]
                if weight == 0 { continue }
                let reduced = sums + (rowStart[oy] + k) * w
                for ox in 0..<w { acc[ox] &+= weight &* reduced[ox] }
            }
            let line = out + oy * w
            for ox in 0..<w { line[ox] = UInt8(truncatingIfNeeded: mean.quotient(2 &* acc[ox] &+ area)) }
        }
    }
}

/// Division by a constant as a multiplication and a shift (Granlund & Montgomery, "Division
/// by invariant integers using multiplication", 1994): for every dividend below 2^dividendBits,
/// ⌊x · m / 2^s⌋ = ⌊x / d⌋ with m = ⌈2^s / d⌉ and s = dividendBits + ⌈log₂ d⌉, since the error
/// x·(m·d − 2^s) stays below 2^s. A 32-bit division costs as much as the rest of a pixel.
struct ExactReciprocal {
    let divisor: UInt64
    let multiplier: UInt64
    let shift: UInt64

    /// For dividends below 2^dividendBits; the product must fit 64 bits.
    init(divisor: UInt32, dividendBits: Int) {
        precondition(divisor > 0, "division by zero")
        let divisorBits = UInt32.bitWidth - (divisor - 1).leadingZeroBitCount  // ⌈log₂ d⌉
        let shift = dividendBits + divisorBits
        precondition(shift < 64 && dividendBits + shift - divisorBits + 1 <= 64,
                     "dividends of \(dividendBits) bits by \(divisor) do not fit a 64-bit product")
        self.divisor = UInt64(divisor)
        self.shift = UInt64(shift)
        multiplier = ((UInt64(1) << UInt64(shift)) + UInt64(divisor) - 1) / UInt64(divisor)
    }

    @inline(__always)
    func quotient(_ x: UInt32) -> UInt32 { UInt32(truncatingIfNeeded: (UInt64(x) &* multiplier) >> shift) }
}
