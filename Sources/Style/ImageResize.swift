import Gym

extension RGBFrame {
    /// The picture scaled so that its longer side is `longerSide` pixels, keeping its aspect.
    public func scaled(toLongerSide longerSide: Int) -> RGBFrame {
        let scale = Double(longerSide) / Double(max(width, height))
        return resized(width: max(1, Int((Double(width) * scale).rounded())), height: max(1, Int((Double(height) * scale).rounded())))
    }

    /// The picture resampled to `width` × `height`: each output pixel the mean of the source
    /// area it covers (with fractional edges) when shrinking, bilinear when enlarging.
    public func resized(width newWidth: Int, height newHeight: Int) -> RGBFrame {
        precondition(newWidth >= 1 && newHeight >= 1, "resize to at least 1×1, got \(newWidth)×\(newHeight)")
        if newWidth == width && newHeight == height { return self }
        let columns = Self.weights(from: width, to: newWidth), rows = Self.weights(from: height, to: newHeight)
        var output = [UInt8](repeating: 0, count: newWidth * newHeight * 3)
        for (y, rowTaps) in rows.enumerated() {
            for (x, columnTaps) in columns.enumerated() {
                var sum: (Double, Double, Double) = (0, 0, 0)
                for (sy, wy) in rowTaps {
                    for (sx, wx) in columnTaps {
                        let i = (sy * width + sx) * 3, w = wy * wx
                        sum.0 += w * Double(pixels[i]); sum.1 += w * Double(pixels[i + 1]); sum.2 += w * Double(pixels[i + 2])
                    }
                }
                let o = (y * newWidth + x) * 3
                output[o] = UInt8(min(max(sum.0.rounded(), 0), 255))
                output[o + 1] = UInt8(min(max(sum.1.rounded(), 0), 255))
                output[o + 2] = UInt8(min(max(sum.2.rounded(), 0), 255))
            }
        }
        return RGBFrame(width: newWidth, height: newHeight, pixels: output)
    }

    /// For each output position along an axis of `source` → `target` samples, the source
    /// positions it reads and their weights (summing to 1).
    private static func weights(from source: Int, to target: Int) -> [[(Int, Double)]] {
        let scale = Double(source) / Double(target)
        return (0..<target).map { t in
            if scale >= 1 {
                // The source interval [t·scale, (t+1)·scale), each sample weighted by its overlap.
                let (start, end) = (Double(t) * scale, Double(t + 1) * scale)
                return (Int(start)..<min(Int(end.rounded(.up)), source)).map { s in
                    ((s), (min(end, Double(s + 1)) - max(start, Double(s))) / scale)
                }
            }
            // Bilinear between the two nearest source centres.
            let centre = min(max((Double(t) + 0.5) * scale - 0.5, 0), Double(source - 1))
            let low = Int(centre), high = min(low + 1, source - 1), fraction = centre - Double(low)
            return low == high ? [(low, 1)] : [(low, 1 - fraction), (high, fraction)]
        }
    }
}

extension RGBFrame {
    /// `frames` left to right, `gap` white pixels apart, on white: a picture's sources and
    /// result for comparison.
    public init(sideBySide frames: [RGBFrame], gap: Int) {
        precondition(!frames.isEmpty && gap >= 0, "side by side needs at least one picture")
        let width = frames.reduce(0) { $0 + $1.width } + gap * (frames.count - 1), height = frames.map(\.height).max()!
        var pixels = [UInt8](repeating: 255, count: width * height * 3)
        var left = 0
        for frame in frames {
            for y in 0..<frame.height {
                let row = (y * width + left) * 3
                pixels.replaceSubrange(row..<row + frame.width * 3, with: frame.pixels[y * frame.width * 3..<(y + 1) * frame.width * 3])
            }
            left += frame.width + gap
        }
        self.init(width: width, height: height, pixels: pixels)
    }
}
