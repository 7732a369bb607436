/// RGB to luminance as OpenCV's `cvtColor(…, COLOR_RGB2GRAY)` computes it for 8-bit images:
/// ITU-R BT.601 weights (0.299, 0.587, 0.114) in 14-bit fixed point, rounded half up. The
/// Atari preprocessing of Stable-Baselines3 (`WarpFrame`) and Gymnasium
/// (`AtariPreprocessing`) goes through this OpenCV call, so the same formula here gives the
/// same bytes.
public enum Grayscale {
    /// The weights sum to 2¹⁴, so white stays 255: (4899·R + 9617·G + 1868·B + 2¹³) >> 14.
    @inlinable
    public static func luminance(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        let sum = 4899 &* UInt32(red) &+ 9617 &* UInt32(green) &+ 1868 &* UInt32(blue) &+ 8192
        return UInt8(truncatingIfNeeded: sum >> 14)
    }

    /// Converts an interleaved RGB image (`rgb`, 3 bytes per pixel) to one luminance byte per
    /// pixel (`gray`).
    public static func convert(rgb: UnsafeBufferPointer<UInt8>, into gray: UnsafeMutableBufferPointer<UInt8>) {
        precondition(rgb.count == gray.count * 3, "an RGB image of \(gray.count) pixels has \(gray.count * 3) bytes, got \(rgb.count)")
        guard let source = rgb.baseAddress, let target = gray.baseAddress else { return }
        for i in 0..<gray.count {
            target[i] = luminance(red: source[3 * i], green: source[3 * i + 1], blue: source[3 * i + 2])
        }
    }
}
